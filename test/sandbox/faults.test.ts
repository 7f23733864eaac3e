import assert from 'node:assert/strict';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';

describe('sandbox fault injection', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
  });
  afterEach(async () => {
    await api.request('DELETE', '/__sandbox/faults');
  });
  after(() => sandbox.close());

  it('answers an injected status for the next N matching requests', async () => {
    const rule = await api.hook('/__sandbox/faults', {
      method: 'GET',
      path: '/api/v1/accounts/*/inboxes',
      status: 500,
      times: 2,
    });
    assert.equal(rule.status, 201);
    const first = await api.get(api.account('/inboxes'));
    const second = await api.get(api.account('/inboxes'));
    const third = await api.get(api.account('/inboxes'));
    assert.deepEqual([first.status, second.status, third.status], [500, 500, 200]);
    assert.deepEqual(first.body, { status: 500, error: 'Internal Server Error' });
    assert.equal((await api.post(api.account('/contacts'), { name: 'unaffected' })).status, 200);
  });

  it('answers 429 with Retry-After', async () => {
    await api.hook('/__sandbox/faults', { path: '/api/v1/**', status: 429, headers: { 'Retry-After': '2' } });
    const limited = await api.get(api.account('/agents'));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.equal(limited.body, 'Retry later\n');
    assert.equal((await api.get(api.account('/agents'))).status, 200);
  });

  it('delays requests and then lets them through', async () => {
    await api.hook('/__sandbox/faults', { path: '/api/v1/profile', delayMs: 150 });
    const started = Date.now();
    const answer = await api.get('/api/v1/profile');
    assert.equal(answer.status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  it('drops the connection', async () => {
    await api.hook('/__sandbox/faults', { path: '/api/v1/profile', drop: true });
    await assert.rejects(api.get('/api/v1/profile'));
    assert.equal((await api.get('/api/v1/profile')).status, 200);
  });

  it('lists and clears rules', async () => {
    await api.hook('/__sandbox/faults', { path: '/api/v1/profile', status: 503, times: 5 });
    await api.get('/api/v1/profile');
    const rules = await api.get('/__sandbox/faults');
    assert.equal(rules.body[0].hits, 1);
    assert.equal(rules.body[0].remaining, 4);
    await api.request('DELETE', '/__sandbox/faults');
    assert.equal((await api.get('/api/v1/profile')).status, 200);
    assert.equal((await api.hook('/__sandbox/faults', { path: '/x' })).status, 422);
  });

  it('still validates faulted requests but not their injected responses', async () => {
    await api.request('DELETE', '/__sandbox/violations');
    await api.hook('/__sandbox/faults', { path: '/api/v1/profile', status: 500 });
    await api.get('/api/v1/profile');
    assert.deepEqual(sandbox.violations(), []);
  });
});
