import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';

/** Calls the remaining endpoints once each, checking statuses and that responses match the spec. */
describe('sandbox endpoint coverage', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
  });
  after(() => sandbox.close());

  it('serves conversation meta, typing off, delete and contact labels', async () => {
    const inbox = await api.createApiInbox('Coverage');
    const contact = await api.createContact({ name: 'Cover', email: 'cover@example.org' }, inbox.id, 'cover');
    const conversation = await api.createConversation(inbox.id, contact.id, 'cover');
    const meta = await api.get(api.account('/conversations/meta?status=open'));
    assert.equal(meta.status, 200);
    assert.equal(meta.body.meta.all_count, 1);
    assert.equal(
      (
        await api.post(api.account(`/conversations/${conversation.id}/toggle_typing_status`), {
          typing_status: 'off',
          is_private: true,
        })
      ).status,
      200,
    );
    const labels = await api.post(api.account(`/contacts/${contact.id}/labels`), { labels: ['lead'] });
    assert.deepEqual(labels.body, { payload: ['lead'] });
    assert.deepEqual((await api.get(api.account(`/contacts/${contact.id}/labels`))).body, {
      payload: ['lead'],
    });
    const list = await api.get(api.account('/contacts?page=1&sort=-name'));
    assert.equal(list.body.payload[0].id, contact.id);
    assert.equal((await api.delete(api.account(`/conversations/${conversation.id}`))).status, 200);
    assert.equal((await api.get(api.account(`/conversations/${conversation.id}`))).status, 404);
  });

  it('updates and deletes teams, team members and agent bots', async () => {
    const agent = await api.hook(`/__sandbox/accounts/${sandbox.accountId}/agents`, { name: 'Member' });
    const team = await api.post(api.account('/teams'), { team: { name: 'Ops' } });
    const renamed = await api.patch(api.account(`/teams/${team.body.id}`), {
      team: { name: 'Operations', allow_auto_assign: false },
    });
    assert.equal(renamed.body.name, 'operations');
    assert.equal((await api.get(api.account(`/teams/${team.body.id}`))).body.allow_auto_assign, false);
    const members = await api.patch(api.account(`/teams/${team.body.id}/team_members`), {
      user_ids: [agent.body.id],
    });
    assert.deepEqual(
      members.body.map((member: { id: number }) => member.id),
      [agent.body.id],
    );
    assert.equal(
      (
        await api.request('DELETE', api.account(`/teams/${team.body.id}/team_members`), {
          user_ids: [agent.body.id],
        })
      ).status,
      200,
    );
    assert.equal((await api.delete(api.account(`/teams/${team.body.id}`))).status, 200);
    const bot = await api.post(api.account('/agent_bots'), { name: 'Shown' });
    assert.equal((await api.get(api.account(`/agent_bots/${bot.body.id}`))).body.name, 'Shown');
  });

  it('manages custom attribute definitions', async () => {
    const created = await api.post(api.account('/custom_attribute_definitions'), {
      attribute_display_name: 'Order id',
      attribute_key: 'order_id',
      attribute_display_type: 1,
      attribute_model: 0,
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.attribute_display_type, 'number');
    assert.equal(created.body.attribute_model, 'conversation_attribute');
    const listed = await api.get(api.account('/custom_attribute_definitions?attribute_model=0'));
    assert.equal(listed.body.length, 1);
    const updated = await api.patch(api.account(`/custom_attribute_definitions/${created.body.id}`), {
      custom_attribute_definition: { attribute_display_name: 'Order' },
    });
    assert.equal(updated.body.attribute_display_name, 'Order');
    assert.equal(
      (await api.get(api.account(`/custom_attribute_definitions/${created.body.id}`))).body.attribute_key,
      'order_id',
    );
    assert.equal(
      (await api.delete(api.account(`/custom_attribute_definitions/${created.body.id}`))).status,
      204,
    );
  });

  it('shows, updates and deletes portals and categories', async () => {
    await api.post(api.account('/portals'), { portal: { name: 'Docs', slug: 'docs' } });
    const shown = await api.get(api.account('/portals/docs'));
    assert.equal(shown.body.slug, 'docs');
    const updated = await api.patch(api.account('/portals/docs'), { portal: { header_text: 'Help' } });
    assert.equal(updated.body.header_text, 'Help');
    const category = await api.post(api.account('/portals/docs/categories'), {
      category: { name: 'FAQ', slug: 'faq', locale: 'en' },
    });
    const clash = await api.post(api.account('/portals/docs/categories'), {
      category: { name: 'FAQ 2', slug: 'faq', locale: 'en' },
    });
    assert.equal(clash.status, 422);
    const renamed = await api.patch(api.account(`/portals/docs/categories/${category.body.payload.id}`), {
      category: { name: 'Questions' },
    });
    assert.equal(renamed.body.payload.name, 'Questions');
    assert.equal(
      (await api.get(api.account(`/portals/docs/categories/${category.body.payload.id}`))).body.payload.slug,
      'faq',
    );
    assert.equal(
      (await api.delete(api.account(`/portals/docs/categories/${category.body.payload.id}`))).status,
      200,
    );
    assert.equal((await api.get(api.account('/portals/missing'))).status, 404);
  });

  it('updates the account as an administrator', async () => {
    const updated = await api.patch(`/api/v1/accounts/${sandbox.accountId}`, {
      name: 'Renamed Support',
      locale: 'pt',
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.name, 'Renamed Support');
  });

  it('records no spec violations for these calls', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
