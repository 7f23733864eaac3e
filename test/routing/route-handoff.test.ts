import assert from 'node:assert/strict';
import { dryRunRouting } from '../../plugin/routing/dry-run-routing.ts';
import { routeHandoff } from '../../plugin/routing/route-handoff.ts';
import type { RoutedConversation } from '../../plugin/routing/routing-types.ts';
import { startRoutingWorld, type RoutingWorld } from './routing-world.ts';

describe('hand-off routing against the sandbox Chatwoot', function () {
  this.timeout(30_000);
  let world: RoutingWorld;

  before(async () => {
    world = await startRoutingWorld();
  });
  after(async () => {
    await world?.close();
  });

  const handoff = (id: number, overrides: Partial<RoutedConversation> = {}): RoutedConversation => ({
    id,
    inboxId: world.inboxId,
    channel: 'whatsapp',
    text: 'I was charged twice on my invoice',
    contactAttributes: {},
    labels: [],
    ...overrides,
  });
  const conversation = async (id: number) => world.api.get(`/conversations/${id}`);

  it('sets team, agent, priority and merges labels with the ones already there', async () => {
    world.online.clear();
    world.online.add(world.agents.ana);
    const context = world.context({
      routing: {
        rules: [
          { name: 'Sales', when: { keywords: ['pricing'] }, then: { teamId: world.teamId, priority: 'low' } },
          {
            name: 'Billing',
            when: { keywords: ['invoice'], channels: ['whatsapp'] },
            then: {
              teamId: world.teamId,
              assignment: 'round_robin',
              priority: 'high',
              labels: ['billing', 'vip'],
            },
          },
        ],
      },
    });
    const id = await world.conversation('I was charged twice on my invoice');
    // A label added in Chatwoot after the webhook left: the stale copy below does not have it, and it must survive.
    await world.api.post(`/conversations/${id}/labels`, { labels: ['vip', 'returning'] });
    const outcome = await routeHandoff({ store: world.store }, context, handoff(id, { labels: ['vip'] }), {
      code: 'low_confidence',
    });
    assert.deepEqual(outcome, {
      rule: 'Billing',
      teamId: world.teamId,
      assignment: 'round_robin',
      assigneeId: world.agents.ana,
      priority: 'high',
      labels: ['vip', 'returning', 'billing'],
    });
    const stored = await conversation(id);
    assert.equal(stored.meta.team.id, world.teamId);
    assert.equal(stored.meta.assignee.id, world.agents.ana);
    assert.equal(stored.priority, 'high');
    assert.deepEqual([...stored.labels].sort(), ['billing', 'returning', 'vip']);
  });

  it('round-robin rotates among online team members and skips offline ones and non-members', async () => {
    const { ana, ben, cy } = world.agents;
    world.online.clear();
    for (const id of [ana, ben, cy]) world.online.add(id);
    const context = world.context({
      routing: {
        rules: [{ name: 'Team rotation', then: { teamId: world.teamId, assignment: 'round_robin' } }],
      },
    });
    const picks: number[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await world.conversation();
      picks.push(
        (await routeHandoff({ store: world.store }, context, handoff(id), { code: 'no_answer' })).assigneeId!,
      );
    }
    assert.ok(!picks.includes(cy), 'Cy is not in the team');
    assert.deepEqual(picks.slice(1), [picks[0] === ana ? ben : ana, picks[0], picks[0] === ana ? ben : ana]);

    world.online.delete(ben);
    const id = await world.conversation();
    assert.equal(
      (await routeHandoff({ store: world.store }, context, handoff(id), undefined)).assigneeId,
      ana,
    );
  });

  it('round-robin gives hand-offs routed at the same time different agents, evenly', async () => {
    const { ana, ben, cy } = world.agents;
    world.online.clear();
    for (const id of [ana, ben, cy]) world.online.add(id);
    const context = world.context({
      routing: {
        rules: [{ name: 'Everyone', then: { agentIds: [ana, ben, cy], assignment: 'round_robin' } }],
      },
    });
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await world.conversation());
    const outcomes = await Promise.all(
      ids.map((id) => routeHandoff({ store: world.store }, context, handoff(id), { code: 'no_answer' })),
    );
    const perAgent = new Map<number, number>();
    for (const outcome of outcomes)
      perAgent.set(outcome.assigneeId!, (perAgent.get(outcome.assigneeId!) ?? 0) + 1);
    assert.deepEqual(
      new Map([...perAgent].sort(([x], [y]) => x - y)),
      new Map([ana, ben, cy].sort((x, y) => x - y).map((agent) => [agent, 2])),
    );
    for (const [index, id] of ids.entries())
      assert.equal((await conversation(id)).meta.assignee.id, outcomes[index]!.assigneeId);
  });

  it('the dry run shows the next round-robin pick without using up its turn', async () => {
    const { ana, ben, cy } = world.agents;
    world.online.clear();
    for (const id of [ana, ben, cy]) world.online.add(id);
    const context = world.context({
      routing: {
        rules: [{ name: 'Preview', then: { agentIds: [ana, ben, cy], assignment: 'round_robin' } }],
      },
    });
    const preview = async () =>
      (await dryRunRouting({ store: world.store }, context, {})).plan.assignment?.agentId;
    const next = await preview();
    assert.ok(next !== undefined);
    assert.equal(await preview(), next, 'a dry run changes nothing');
    const id = await world.conversation();
    assert.equal(
      (await routeHandoff({ store: world.store }, context, handoff(id), undefined)).assigneeId,
      next,
    );
    const after = await preview();
    assert.ok(after !== undefined && after !== next, 'the real hand-off moved the rotation on');
    const following = await world.conversation();
    assert.equal(
      (await routeHandoff({ store: world.store }, context, handoff(following), undefined)).assigneeId,
      after,
    );
  });

  it('least-loaded picks the online candidate with the fewest open conversations', async () => {
    const { ana, ben } = world.agents;
    world.online.clear();
    world.online.add(ana);
    world.online.add(ben);
    // Whatever earlier tests assigned, give Ana three more open conversations than Ben.
    const load = async (agentId: number) => {
      const page = await world.api.get('/conversations?status=open&assignee_type=assigned');
      return (page.data.payload as Array<{ meta: { assignee?: { id: number } } }>).filter(
        (c) => c.meta.assignee?.id === agentId,
      ).length;
    };
    while ((await load(ana)) < (await load(ben)) + 3) {
      const id = await world.conversation();
      await world.api.post(`/conversations/${id}/assignments`, { assignee_id: ana });
    }
    const context = world.context({
      routing: {
        rules: [{ name: 'Least loaded', then: { agentIds: [ana, ben], assignment: 'least_loaded' } }],
      },
    });
    const id = await world.conversation();
    const outcome = await routeHandoff({ store: world.store }, context, handoff(id), undefined);
    assert.equal(outcome.assigneeId, ben);
    assert.equal((await conversation(id)).meta.assignee.id, ben);
  });

  it('sets the team but assigns nobody when no candidate is online', async () => {
    world.online.clear();
    const context = world.context({
      routing: { rules: [{ name: 'Billing', then: { teamId: world.teamId, assignment: 'least_loaded' } }] },
    });
    const id = await world.conversation();
    const outcome = await routeHandoff({ store: world.store }, context, handoff(id), undefined);
    assert.deepEqual(outcome, {
      rule: 'Billing',
      teamId: world.teamId,
      assignment: 'least_loaded',
      unassigned: 'no candidate agent is online',
    });
    const stored = await conversation(id);
    assert.equal(stored.meta.team.id, world.teamId);
    assert.equal(stored.meta.assignee ?? null, null);
  });

  it('routes by business hours in the installation time zone', async () => {
    const context = world.context({
      routing: {
        timezone: 'Asia/Tokyo',
        rules: [{ name: 'Night shift', when: { businessHours: 'outside' }, then: { priority: 'urgent' } }],
      },
      businessHours: {
        week: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' }],
        holidays: [{ date: '2025-01-01' }],
      },
    });
    const id = await world.conversation();
    // New Year's Day is a holiday in Tokyo even at 10:00 local (01:00 UTC).
    const holiday = await routeHandoff(
      { now: () => new Date('2025-01-01T01:00:00Z') },
      context,
      handoff(id),
      undefined,
    );
    assert.equal(holiday.priority, 'urgent');
    const other = await world.conversation();
    const workday = await routeHandoff(
      { now: () => new Date('2025-01-02T01:00:00Z') },
      context,
      handoff(other),
      undefined,
    );
    assert.deepEqual(workday, {});
    assert.equal((await conversation(other)).priority, null);
  });

  it('leaves the conversation alone when no rule matches', async () => {
    const context = world.context({
      routing: {
        rules: [{ name: 'Email only', when: { channels: ['email'] }, then: { priority: 'urgent' } }],
      },
    });
    const id = await world.conversation();
    assert.deepEqual(await routeHandoff({}, context, handoff(id), undefined), {});
    assert.equal((await conversation(id)).priority, null);
    await world.sandbox.settle();
    assert.deepEqual(world.sandbox.violations(), []);
  });
});
