import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';

describe('sandbox auth and accounts', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0, adminToken: 'fixed-admin-token', accountId: 7 });
    api = new SandboxClient(sandbox);
  });
  after(() => sandbox.close());

  it('seeds the account and an administrator with the given token', async () => {
    assert.equal(sandbox.accountId, 7);
    assert.equal(sandbox.adminToken, 'fixed-admin-token');
    const profile = await api.get('/api/v1/profile');
    assert.equal(profile.status, 200);
    assert.equal(profile.body.access_token, 'fixed-admin-token');
    assert.equal(profile.body.role, 'administrator');
    assert.deepEqual(
      profile.body.accounts.map((account: { id: number }) => account.id),
      [7],
    );
    const account = await api.get('/api/v1/accounts/7');
    assert.equal(account.body.id, 7);
    assert.equal(account.body.name, 'Sandbox Support');
  });

  it('answers 401 like devise without a token and "Invalid Access Token" for an unknown one', async () => {
    const none = await api.as('').get(api.account('/inboxes'));
    assert.equal(none.status, 401);
    assert.deepEqual(none.body, { errors: ['You need to sign in or sign up before continuing.'] });
    const bad = await api.as('nope').get(api.account('/inboxes'));
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.body, { error: 'Invalid Access Token' });
  });

  it('scopes tokens to their account: 401 on another account, 404 for an unknown one', async () => {
    const other = await api.hook('/__sandbox/accounts', { name: 'Tenant B' });
    assert.equal(other.status, 201);
    assert.ok(other.body.id > 7);
    const tenant = api.as(other.body.adminToken, other.body.id);
    assert.equal((await tenant.get(tenant.account('/inboxes'))).status, 200);
    const crossed = await tenant.get(api.account('/inboxes'));
    assert.equal(crossed.status, 401);
    assert.deepEqual(crossed.body, { error: 'You are not authorized to access this account' });
    assert.equal((await api.get('/api/v1/accounts/999/inboxes')).status, 404);
    const inbox = await api.createApiInbox('Only in 7');
    const foreign = await tenant.get(`/api/v1/accounts/${other.body.id}/inboxes/${inbox.id}`);
    assert.equal(foreign.status, 404);
  });

  it('lets an agent bot token call only the bot endpoints of its account', async () => {
    const created = await api.post(api.account('/agent_bots'), {
      name: 'Helper',
      outgoing_url: 'http://127.0.0.1:1/bot',
    });
    const bot = api.as(created.body.access_token);
    const listing = await bot.get(bot.account('/conversations'));
    assert.equal(listing.status, 401);
    assert.deepEqual(listing.body, { error: 'Access to this endpoint is not authorized for bots' });
    assert.equal((await bot.get('/api/v1/profile')).status, 401);
    const other = await api.hook('/__sandbox/accounts', {});
    const elsewhere = await bot.post(`/api/v1/accounts/${other.body.id}/conversations/1/toggle_status`, {
      status: 'open',
    });
    assert.equal(elsewhere.status, 401);
    assert.deepEqual(elsewhere.body, { error: 'Bot is not authorized to access this account' });
  });

  it('lists agents and manages teams and team members', async () => {
    const agent = await api.hook(`/__sandbox/accounts/7/agents`, {
      name: 'Diego Ramos',
      email: 'diego@example.org',
    });
    const agents = await api.get(api.account('/agents'));
    assert.equal(agents.status, 200);
    assert.deepEqual(agents.body.map((entry: { name: string }) => entry.name).sort(), [
      'Diego Ramos',
      'Sandbox Admin',
    ]);
    const team = await api.post(api.account('/teams'), { name: 'Billing Team', description: 'Invoices' });
    assert.equal(team.status, 200);
    assert.equal(team.body.name, 'billing team');
    const duplicate = await api.post(api.account('/teams'), { name: 'BILLING TEAM' });
    assert.equal(duplicate.status, 422);
    assert.deepEqual(duplicate.body, { message: 'Name has already been taken', attributes: ['name'] });
    const added = await api.post(api.account(`/teams/${team.body.id}/team_members`), {
      user_ids: [agent.body.id],
    });
    assert.deepEqual(
      added.body.map((member: { id: number }) => member.id),
      [agent.body.id],
    );
    const members = await api.get(api.account(`/teams/${team.body.id}/team_members`));
    assert.equal(members.body[0].email, 'diego@example.org');
    const invalid = await api.post(api.account(`/teams/${team.body.id}/team_members`), { user_ids: [9999] });
    assert.equal(invalid.status, 401);
    const teams = await api.get(api.account('/teams'));
    assert.equal(teams.body.length, 1);
    const agentApi = api.as(agent.body.accessToken);
    assert.equal((await agentApi.post(api.account('/teams'), { name: 'x' })).status, 401);
  });
});
