/**
 * Routing end to end: the dry-run API, the routing and SLA admin page
 * (validation, saving, the dry-run form), and a real hand-off by the AI agent
 * routed by a saved rule, all against the sandbox Chatwoot.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { parseInstallationSettings } from '../../plugin/install/installation-settings.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { csrfOf, signIn } from '../admin/admin-test-kit.ts';

describe('routing: dry run, admin page and a routed hand-off', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let api: SandboxApi;
  let installationId: string;
  let inboxId: number;
  let teamId: number;
  let agentId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom();
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    inboxId = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' }))
      .id;
    agentId = (
      await api.post(`/__sandbox/accounts/${sandbox.accountId}/agents`, {
        name: 'Dana',
        email: `dana-${randomUUID()}@example.org`,
      })
    ).id;
    teamId = (await api.post('/teams', { name: 'Escalations' })).id;
    await api.post(`/teams/${teamId}/team_members`, { user_ids: [agentId] });
    const installed = await omniloom.admin('/api/installations', {
      method: 'POST',
      json: {
        chatwootUrl: sandbox.url,
        accountId: sandbox.accountId,
        token: sandbox.adminToken,
        inboxes: [inboxId],
        settings: { ai: { defaultMode: 'auto' } },
      },
    });
    assert.equal(installed.status, 201, await installed.clone().text());
    installationId = ((await installed.json()) as any).installationId;
  });

  after(async () => {
    await omniloom?.stop();
    await sandbox?.close();
  });

  const dryRun = (body: unknown) =>
    omniloom.admin(`/api/installations/${installationId}/routing/dry-run`, { method: 'POST', json: body });

  it('dry run: which rule would hit, why the others did not, and what it would set', async () => {
    const response = await dryRun({
      conversation: {
        channel: 'whatsapp',
        inboxId,
        text: 'Ich möchte mit einem Menschen sprechen',
        labels: ['vip'],
        contactAttributes: { plan: 'pro' },
      },
      reason: { code: 'customer_asked_for_human' },
      at: '2025-01-18T11:00:00Z',
      settings: {
        routing: {
          timezone: 'Europe/Berlin',
          rules: [
            { name: 'Email', when: { channels: ['email'] }, then: { priority: 'low' } },
            {
              name: 'German weekend',
              when: {
                languages: ['de'],
                businessHours: 'outside',
                contactAttributes: { plan: ['pro', 'enterprise'] },
              },
              then: { teamId, assignment: 'round_robin', priority: 'urgent', labels: ['weekend'] },
            },
            { name: 'Ghost team', then: { teamId: 999_999 } },
          ],
        },
      },
    });
    assert.equal(response.status, 200, await response.clone().text());
    const result = (await response.json()) as any;
    assert.deepEqual(result.plan.rule, { name: 'German weekend', index: 1 });
    assert.equal(result.plan.language, 'de');
    assert.equal(result.plan.businessHours.inside, false);
    assert.match(result.plan.businessHours.localTime, /^Saturday 2025-01-18 12:00/);
    assert.deepEqual(result.plan.evaluations[0], {
      name: 'Email',
      index: 0,
      matched: false,
      conditions: [{ condition: 'channels', matched: false, detail: 'channel is whatsapp' }],
    });
    assert.equal(result.plan.teamId, teamId);
    assert.equal(result.plan.priority, 'urgent');
    assert.deepEqual(result.plan.labels, {
      current: ['vip'],
      added: ['weekend'],
      result: ['vip', 'weekend'],
    });
    // The sandbox has no live presence: Dana is offline, so nobody would be assigned.
    assert.equal(result.plan.assignment.source, 'team members');
    assert.deepEqual(
      result.plan.assignment.candidates.map((candidate: any) => [candidate.id, candidate.online]),
      [[agentId, false]],
    );
    assert.equal(result.plan.assignment.unassigned, 'no candidate agent is online');
    assert.deepEqual(result.references.problems, [
      'Rule 3 ("Ghost team"): team 999999 does not exist in this Chatwoot account.',
    ]);
  });

  it('dry run starts from a real conversation and rejects malformed input', async () => {
    const arrival = await api.post(`/__sandbox/inboxes/${inboxId}/incoming`, {
      contact: { name: 'Rita', phone_number: '+4915112345678' },
      content: 'My invoice is wrong',
    });
    await api.patch(`/contacts/${arrival.contact.id}`, { custom_attributes: { plan: 'enterprise' } });
    const response = await dryRun({
      conversationId: arrival.conversation.id,
      settings: {
        routing: {
          rules: [
            {
              name: 'Invoices',
              when: { keywords: ['invoice'], contactAttributes: { plan: 'enterprise' } },
              then: { priority: 'high' },
            },
          ],
        },
      },
    });
    assert.equal(response.status, 200, await response.clone().text());
    const result = (await response.json()) as any;
    assert.equal(result.conversation.id, arrival.conversation.id);
    assert.equal(result.conversation.channel, 'whatsapp');
    assert.equal(result.conversation.text, 'My invoice is wrong');
    assert.equal(result.plan.rule.name, 'Invoices');

    const bad = await dryRun({ reason: { code: 'bored' } });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as any).error.message, /reason\.code/);
    const badRules = await dryRun({
      settings: { routing: { rules: [{ name: 'x', then: { priority: 'asap' } }] } },
    });
    assert.equal(badRules.status, 400);
    const anonymous = await fetch(`${omniloom.url}/api/installations/${installationId}/routing/dry-run`, {
      method: 'POST',
    });
    assert.equal(anonymous.status, 401);
  });

  it('the routing page validates, saves, and the settings form keeps business hours and SLA', async () => {
    const agent = await signIn(omniloom);
    const page = await agent.get(`/admin/installations/${installationId}/routing`).expect(200);
    assert.match(page.text, /mon-fri 09:00-17:00/);
    // Chatwoot stores team names in lower case.
    assert.match(page.text, new RegExp(`<code>${teamId}</code> escalations`));
    const csrf = csrfOf(page.text);
    const form = {
      _csrf: csrf,
      timezone: 'Europe/Berlin',
      businessWeek: 'mon-fri 08:00-18:00\r\nsat 10:00-14:00',
      holidays: '12-25 Christmas\r\n2025-04-18 Good Friday',
      rules: JSON.stringify([
        {
          name: 'Humans',
          when: { reasons: ['customer_asked_for_human'] },
          then: { teamId, priority: 'urgent', labels: ['asked-human'] },
        },
      ]),
      slaTargets: JSON.stringify([
        { name: 'Urgent', priorities: ['urgent'], firstResponseMinutes: 15, nextResponseMinutes: 30 },
      ]),
      warnBeforeMinutes: '5',
      warnNote: 'on',
      warnRaisePriority: 'on',
      noteOnBreach: 'on',
    };

    const unknownTeam = await agent
      .post(`/admin/installations/${installationId}/routing`)
      .type('form')
      .send({ ...form, rules: JSON.stringify([{ name: 'Ghost', then: { teamId: 424242 } }]) })
      .expect(422);
    assert.match(unknownTeam.text, /team 424242 does not exist in this Chatwoot account/);
    const badHours = await agent
      .post(`/admin/installations/${installationId}/routing`)
      .type('form')
      .send({ ...form, businessWeek: 'weekdays 9-5', slaTargets: '[{"name": "none"}]' })
      .expect(422);
    assert.match(badHours.text, /Line 1: write days and hours like/);
    assert.match(badHours.text, /Target 1: Set firstResponseMinutes, nextResponseMinutes or both/);
    assert.match(badHours.text, /weekdays 9-5/, 'the typed text comes back');
    await agent
      .post(`/admin/installations/${installationId}/routing`)
      .type('form')
      .send({ ...form, _csrf: 'forged' })
      .expect(403);

    const saved = await agent
      .post(`/admin/installations/${installationId}/routing`)
      .type('form')
      .send(form)
      .expect(303);
    assert.equal(
      saved.headers.location,
      `/admin/installations/${installationId}/routing?notice=settings-saved`,
    );
    const settings = parseInstallationSettings(
      (await omniloom.runtime.store.installations.get(installationId))?.settings,
    );
    assert.deepEqual(settings.businessHours, {
      week: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' },
        { days: ['sat'], from: '10:00', to: '14:00' },
      ],
      holidays: [
        { date: '12-25', name: 'Christmas' },
        { date: '2025-04-18', name: 'Good Friday' },
      ],
    });
    assert.equal(settings.sla?.warnBeforeMinutes, 5);
    assert.deepEqual(settings.sla?.onWarning, { note: true, raisePriority: true, reassign: false });
    assert.equal(settings.routing.rules[0]?.name, 'Humans');
    assert.equal(settings.ai.defaultMode, 'auto', 'other sections untouched');

    // The installation page's settings form replaces the sections it edits and keeps these.
    const main = await agent.get(`/admin/installations/${installationId}`).expect(200);
    assert.match(main.text, new RegExp(`href="/admin/installations/${installationId}/routing"`));
    const general = Object.fromEntries(
      [...main.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((match) => [
        match[1],
        match[2],
      ]),
    );
    await agent
      .post(`/admin/installations/${installationId}`)
      .type('form')
      .send({
        ...general,
        _csrf: csrfOf(main.text),
        defaultMode: 'auto',
        afterResolved: 'reopen',
        timezone: 'Europe/Berlin',
        routingRules: JSON.stringify(settings.routing.rules),
        handoffMessage: settings.ai.handoffMessage,
      })
      .expect(303);
    const after = parseInstallationSettings(
      (await omniloom.runtime.store.installations.get(installationId))?.settings,
    );
    assert.deepEqual(after.businessHours, settings.businessHours);
    assert.deepEqual(after.sla, settings.sla);

    const dry = await agent
      .post(`/admin/installations/${installationId}/routing/dry-run`)
      .type('form')
      .send({
        _csrf: csrf,
        channel: 'whatsapp',
        inboxId: String(inboxId),
        text: 'a person please',
        reason: 'customer_asked_for_human',
        at: '2025-12-25T10:00',
        labels: 'vip',
      })
      .expect(200);
    assert.match(dry.text, /Rule <strong>Humans<\/strong> would route this conversation/);
    assert.match(dry.text, /outside business hours/);
    assert.match(dry.text, /Labels: vip, asked-human \(adds asked-human\)/);
  });

  it('a hand-off by the AI agent is routed by the saved rule', async () => {
    const arrival = await api.post(`/__sandbox/inboxes/${inboxId}/incoming`, {
      contact: { name: 'Otto', phone_number: '+4915199999999' },
      content: 'I want to talk to a human, please',
    });
    const conversationId = arrival.conversation.id as number;
    const routed = await eventually(
      async () => {
        const conversation = await api.get(`/conversations/${conversationId}`);
        return conversation.meta.team?.id === teamId && conversation.labels.includes('asked-human')
          ? conversation
          : undefined;
      },
      20_000,
      'the hand-off to be routed',
    );
    assert.equal(routed.priority, 'urgent');
    assert.equal(routed.status, 'open');
    const note = await eventually(
      async () => {
        const messages = (await api.get(`/conversations/${conversationId}/messages`)).payload as Array<{
          private: boolean;
          content: string;
        }>;
        return messages.find((message) => message.private && /Routing:/.test(message.content));
      },
      10_000,
      'the hand-off note',
    );
    assert.match(note.content, /rule "Humans"/);
  });
});
