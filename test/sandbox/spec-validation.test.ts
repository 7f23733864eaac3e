import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';

describe('sandbox spec validation', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
  });
  beforeEach(async () => {
    assert.equal((await api.request('DELETE', '/__sandbox/violations')).status, 204);
  });
  after(() => sandbox.close());

  const violations = async () => (await api.get('/__sandbox/violations')).body as Array<Record<string, any>>;

  it('records nothing for valid requests', async () => {
    const inbox = await api.createApiInbox('Valid');
    const contact = await api.createContact({ name: 'Valid', email: 'valid@example.org' }, inbox.id, 'v-1');
    const conversation = await api.createConversation(inbox.id, contact.id, 'v-1');
    await api.sendMessage(conversation.id, { content: 'fine' });
    await api.get(api.account('/conversations'));
    await api.get(api.account(`/contacts/search?q=valid`));
    assert.deepEqual(await violations(), []);
  });

  it('records unknown paths and methods', async () => {
    await api.get(api.account('/conversations/1/nonsense'));
    await api.request('PUT', api.account('/conversations'));
    const recorded = await violations();
    assert.deepEqual(
      recorded.map((violation) => violation.kind),
      ['unknown-path', 'method-not-allowed'],
    );
  });

  it('records request bodies and parameters that do not match the spec', async () => {
    const inbox = await api.createApiInbox('Bad');
    const contact = await api.createContact({ name: 'Bad' }, inbox.id, 'b-1');
    const conversation = await api.createConversation(inbox.id, contact.id, 'b-1');
    await api.sendMessage(conversation.id, { content: 42, message_type: 'sideways' });
    await api.get(api.account('/conversations?page=first'));
    await api.get(api.account('/contacts/search?q=x&qq=typo'));
    const recorded = await violations();
    const body = recorded.find((violation) => violation.kind === 'request-body');
    assert.ok(body, JSON.stringify(recorded));
    assert.deepEqual(body.errors.map((error: { instancePath: string }) => error.instancePath).sort(), [
      '/content',
      '/message_type',
    ]);
    assert.ok(
      recorded.some((violation) => violation.kind === 'query-parameter' && violation.parameter === 'page'),
    );
    assert.ok(
      recorded.some(
        (violation) => violation.kind === 'unknown-query-parameter' && violation.parameter === 'qq',
      ),
    );
  });

  it('records a missing required body', async () => {
    await api.request('POST', api.account('/conversations/1/messages'));
    const recorded = await violations();
    assert.ok(recorded.some((violation) => violation.kind === 'missing-body'));
  });

  it('validates supplement operations too', async () => {
    await api.post(api.account('/actions/contact_merge'), { base_contact_id: 'one' });
    const recorded = await violations();
    assert.equal(recorded[0]?.operation, 'POST /api/v1/accounts/{account_id}/actions/contact_merge');
    assert.equal(recorded[0]?.kind, 'request-body');
  });

  it('does not validate the sandbox hooks and page', async () => {
    await api.get('/');
    await api.get('/__sandbox/deliveries');
    assert.deepEqual(await violations(), []);
  });
});
