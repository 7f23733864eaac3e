import assert from 'node:assert/strict';
import type request from 'supertest';
import { parseInstallationSettings } from '../../plugin/install/installation-settings.ts';
import type { InstallationRecord } from '../../plugin/store/store.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import {
  openPage,
  seedInstallation,
  signIn,
  startInboxChatwoot,
  type InboxChatwoot,
} from './admin-test-kit.ts';

const CHATWOOT_TOKEN = 'cw-admin-token-0123456789';

/** A complete, valid settings form as the browser posts it. */
function validForm(csrf: string): Record<string, string> {
  return {
    _csrf: csrf,
    defaultMode: 'suggest',
    'inboxMode.1': 'auto',
    'inboxMode.2': '',
    threshold: '0.8',
    persona: 'Ada from Acme support',
    systemPrompt: 'Be brief.',
    languages: 'en, de,  pt-BR',
    humanOnlyTopics: 'refunds\r\n\r\nlegal threats\r\n',
    handoffMessage: 'A person will take over.',
    defaultRegion: 'de',
    'autoMerge.email': 'on',
    'autoMerge.external_id': 'on',
    afterResolved: 'new_conversation',
    timezone: 'Europe/Berlin',
    routingRules: JSON.stringify([
      { name: 'VIP', when: { keywords: ['urgent'] }, then: { teamId: 2, priority: 'high', labels: ['vip'] } },
    ]),
  };
}

describe('admin pages: installation settings', () => {
  let harness: OmniloomHarness;
  let chatwoot: InboxChatwoot;
  let record: InstallationRecord;
  let agent: request.Agent;

  before(async () => {
    harness = await startOmniloom();
    chatwoot = await startInboxChatwoot({
      accountId: 3,
      token: CHATWOOT_TOKEN,
      inboxes: [
        { id: 1, name: 'Website chat', channel_type: 'Channel::WebWidget' },
        { id: 2, name: 'Support email', channel_type: 'Channel::Email' },
      ],
    });
    record = await seedInstallation(harness, {
      chatwootUrl: chatwoot.url,
      accountId: 3,
      token: CHATWOOT_TOKEN,
      settings: { ai: { inboxModes: { '9': 'off' } } },
    });
    agent = await signIn(harness);
  });
  after(async () => {
    await harness?.stop();
    await chatwoot?.close();
  });

  it("shows the account's inboxes from Chatwoot and the saved settings", async () => {
    const { html } = await openPage(agent, `/admin/installations/${record.id}`);
    assert.ok(chatwoot.requests.includes('GET /api/v1/accounts/3/inboxes'));
    assert.match(html, /<label for="inboxMode-1">Website chat<\/label>/);
    assert.match(html, /<label for="inboxMode-2">Support email<\/label>/);
    assert.match(html, /<td>Website<\/td>/);
    // An inbox with a saved mode that Chatwoot no longer lists stays visible, so saving does not drop it silently.
    assert.match(html, /id="inboxMode-9"/);
    assert.match(html, /<option value="off" selected>/);
    assert.match(html, /id="threshold"[^>]*value="0.6"/);
    assert.doesNotMatch(html, new RegExp(CHATWOOT_TOKEN));
  });

  it('re-renders an invalid form with a message next to each field and what the admin typed', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    const reply = await agent
      .post(`/admin/installations/${record.id}`)
      .type('form')
      .send({
        ...validForm(csrf),
        threshold: '1.5',
        persona: 'Typed <b>persona</b>',
        timezone: 'Mars/Olympus',
        routingRules: '[{"name": "VIP",',
      })
      .expect(422);
    const html = reply.text;
    assert.match(html, /The settings were not saved/);
    assert.match(
      html,
      /<p class="field__error" id="threshold-error">Enter a number between 0 and 1, for example 0.6.<\/p>/,
    );
    assert.match(html, /id="threshold"[^>]*value="1.5"/);
    assert.match(html, /aria-describedby="threshold-hint threshold-error" aria-invalid="true"/);
    assert.match(html, /id="timezone-error">Use an IANA time zone/);
    assert.match(html, /id="routingRules-error">Routing rules are not valid JSON/);
    // What the admin typed comes back, escaped.
    assert.match(html, /value="Typed &lt;b&gt;persona&lt;/);
    assert.match(html, />\[\{&quot;name&quot;: &quot;VIP&quot;,<\/textarea>/);
    assert.match(html, /id="inboxMode-1"[\s\S]*?<option value="auto" selected>/);
    const unchanged = await harness.runtime.store.installations.get(record.id);
    assert.deepEqual(unchanged?.settings, record.settings);
  });

  it('names the rule and the key when a routing rule breaks the schema', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    const rules = [
      { name: 'ok', then: {} },
      { name: 'bad', then: { priority: 'asap' } },
    ];
    const reply = await agent
      .post(`/admin/installations/${record.id}`)
      .type('form')
      .send({ ...validForm(csrf), routingRules: JSON.stringify(rules), languages: 'english-language-name' })
      .expect(422);
    assert.match(reply.text, /id="routingRules-error">Rule 2, then.priority: /);
    assert.match(reply.text, /id="languages-error">List language codes separated by commas/);
  });

  it('saves a valid form and shows it on the next visit', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    const reply = await agent
      .post(`/admin/installations/${record.id}`)
      .type('form')
      .send(validForm(csrf))
      .expect(303);
    assert.equal(reply.headers.location, `/admin/installations/${record.id}?notice=settings-saved#settings`);

    const saved = await harness.runtime.store.installations.get(record.id);
    const settings = parseInstallationSettings(saved?.settings);
    assert.deepEqual(settings.ai, {
      defaultMode: 'suggest',
      inboxModes: { '1': 'auto' },
      threshold: 0.8,
      persona: 'Ada from Acme support',
      systemPrompt: 'Be brief.',
      languages: ['en', 'de', 'pt-BR'],
      humanOnlyTopics: ['refunds', 'legal threats'],
      handoffMessage: 'A person will take over.',
    });
    assert.deepEqual(settings.identity, {
      defaultRegion: 'DE',
      autoMerge: { email: true, phone: false, external_id: true, channel_user: false },
    });
    assert.deepEqual(settings.conversations, { afterResolved: 'new_conversation' });
    assert.equal(settings.routing.timezone, 'Europe/Berlin');
    assert.deepEqual(settings.routing.rules, [
      {
        name: 'VIP',
        when: { keywords: ['urgent'] },
        then: { teamId: 2, assignment: 'none', priority: 'high', labels: ['vip'] },
      },
    ]);
    const audit = await harness.runtime.store.audit.list(record.id);
    assert.ok(audit.some((entry) => entry.action === 'settings.updated' && entry.actor === 'admin'));

    const { html } = await openPage(agent, `/admin/installations/${record.id}?notice=settings-saved`);
    assert.match(html, /Settings saved\./);
    assert.match(html, /id="threshold"[^>]*value="0.8"/);
    assert.match(html, /id="autoMerge-phone" name="autoMerge.phone" value="on" >/);
    assert.match(html, /id="autoMerge-email" name="autoMerge.email" value="on" checked>/);
    assert.match(html, /<option value="new_conversation" selected>/);
    assert.match(html, /&quot;teamId&quot;: 2/);
  });

  it('escapes whatever the settings contain', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    await agent
      .post(`/admin/installations/${record.id}`)
      .type('form')
      .send({
        ...validForm(csrf),
        persona: '"><script>alert(1)</script>',
        systemPrompt: '</textarea><img src=x onerror=alert(1)>',
      })
      .expect(303);
    const { html } = await openPage(agent, `/admin/installations/${record.id}`);
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /<img src=x/);
    assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  it('still renders the page with a warning when Chatwoot does not answer', async () => {
    const offline = await seedInstallation(harness, {
      chatwootUrl: 'http://127.0.0.1:9',
      accountId: 4,
      token: CHATWOOT_TOKEN,
      settings: { ai: { inboxModes: { '5': 'auto' } } },
    });
    const { html } = await openPage(agent, `/admin/installations/${offline.id}`);
    assert.match(html, /Could not list the account&#x27;s inboxes from Chatwoot/);
    assert.match(html, /id="inboxMode-5"/);
  });

  it('answers 404 for an unknown installation', async () => {
    const reply = await agent.get('/admin/installations/no-such-id').expect(404);
    assert.match(reply.text, /There is no installation with that id/);
  });
});
