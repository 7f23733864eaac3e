import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { type RunningSandbox, startSandbox } from '../../sandbox/start-sandbox.ts';
import { SandboxClient } from './helpers/sandbox-client.ts';
import { type WebhookReceiver, startWebhookReceiver } from './helpers/start-webhook-receiver.ts';

describe('sandbox demo page', () => {
  let sandbox: RunningSandbox;
  let api: SandboxClient;
  let receiver: WebhookReceiver;
  let conversationId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = new SandboxClient(sandbox);
    receiver = await startWebhookReceiver();
    const inbox = await api.createApiInbox('Demo bridge', `${receiver.url}/inbox`);
    const contact = await api.createContact(
      { name: 'Demo Customer', email: 'demo@example.org' },
      inbox.id,
      'demo',
    );
    conversationId = (await api.createConversation(inbox.id, contact.id, 'demo')).id;
    await api.sendMessage(conversationId, { content: 'Customer <question>', message_type: 'incoming' });
    await api.sendMessage(conversationId, { content: 'A private thought', private: true });
    await api.post(api.account('/dashboard_apps'), {
      dashboard_app: { title: 'Omniloom', content: [{ type: 'frame', url: 'https://omniloom.example/app' }] },
    });
  });
  after(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('lists accounts and their conversations', async () => {
    const home = await (await fetch(`${sandbox.url}/`)).text();
    assert.match(home, /Sandbox Support/);
    const list = await (await fetch(`${sandbox.url}/ui/accounts/${sandbox.accountId}`)).text();
    assert.match(list, /Demo Customer/);
    assert.match(list, new RegExp(`/ui/accounts/${sandbox.accountId}/conversations/${conversationId}`));
  });

  it('shows messages with sender and private notes, and embeds dashboard apps with the appContext protocol', async () => {
    const page = await (
      await fetch(`${sandbox.url}/ui/accounts/${sandbox.accountId}/conversations/${conversationId}`)
    ).text();
    assert.match(page, /Customer &lt;question&gt;/, 'content is escaped');
    assert.match(page, /private note/);
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /<iframe\s+data-src=['"]https:\/\/omniloom\.example\/app['"]/);
    const context = JSON.parse(
      /<script id=['"]sandbox-context['"] type=['"]application\/json['"]>(.*?)<\/script>/s.exec(page)?.[1] ??
        '{}',
    );
    assert.equal(context.appContext.conversation.id, conversationId);
    assert.equal(context.appContext.contact.name, 'Demo Customer');
    assert.ok(Array.isArray(context.appContext.contact.contact_inboxes));
    assert.deepEqual(Object.keys(context.appContext.currentAgent).sort(), ['email', 'id', 'name']);
    const script = await (await fetch(`${sandbox.url}/__sandbox/assets/dashboard-app-host.js`)).text();
    assert.match(script, /JSON\.stringify\(\{ event: 'appContext', data \}\), '\*'/);
    assert.match(script, /chatwoot-dashboard-app:fetch-info/);
  });

  it('posts agent replies as the administrator, which flow out through the webhooks', async () => {
    const answer = await fetch(
      `${sandbox.url}/ui/accounts/${sandbox.accountId}/conversations/${conversationId}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'Reply from the page' }),
      },
    );
    assert.equal(answer.status, 201);
    await sandbox.settle();
    const delivered = receiver.postsTo('/inbox').find((post) => post.body.content === 'Reply from the page');
    assert.equal(delivered?.body.message_type, 'outgoing');
    assert.equal((delivered?.body.sender as { type: string }).type, 'user');
  });
});

describe('sandbox demo page in a browser', function () {
  // Launching chromium alone can take many seconds while other suites load the machine.
  this.timeout(90_000);
  const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    (path) => existsSync(path),
  );
  let sandbox: RunningSandbox;
  let appServer: Server;
  let appUrl: string;

  before(async function () {
    if (!chromiumPath) this.skip();
    sandbox = await startSandbox({ port: 0 });
    // A dashboard app that records what Chatwoot posts to it and asks again with fetch-info.
    appServer = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><script>
        window.received = [];
        window.addEventListener('message', (event) => window.received.push(event.data));
        window.askAgain = () => window.parent.postMessage('chatwoot-dashboard-app:fetch-info', '*');
      </script>`);
    });
    await new Promise<void>((resolve) => appServer.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}/app`;
  });
  after(async () => {
    await sandbox?.close();
    await new Promise((resolve) => appServer?.close(resolve));
  });

  it('posts the stringified appContext on iframe load and answers fetch-info', async () => {
    const api = new SandboxClient(sandbox);
    const inbox = await api.createApiInbox('Browser');
    const contact = await api.createContact(
      { name: 'Browser Customer', email: 'browser@example.org' },
      inbox.id,
      'b',
    );
    const conversation = await api.createConversation(inbox.id, contact.id, 'b');
    await api.post(api.account('/dashboard_apps'), {
      dashboard_app: { title: 'App', content: [{ type: 'frame', url: appUrl }] },
    });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${sandbox.url}/ui/accounts/${sandbox.accountId}/conversations/${conversation.id}`);
      const frame = page.frames().find((candidate) => candidate.url() === appUrl);
      assert.ok(frame);
      await frame.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 0);
      const [first] = await frame.evaluate(() => (window as unknown as { received: unknown[] }).received);
      assert.equal(typeof first, 'string', 'the context is posted as a JSON string');
      const message = JSON.parse(first as string);
      assert.equal(message.event, 'appContext');
      assert.equal(message.data.conversation.id, conversation.id);
      assert.equal(message.data.contact.name, 'Browser Customer');
      assert.equal(message.data.currentAgent.id, sandbox.adminUserId);
      await frame.evaluate(() => (window as unknown as { askAgain: () => void }).askAgain());
      await frame.waitForFunction(() => (window as unknown as { received: unknown[] }).received.length > 1);
    } finally {
      await browser.close();
    }
  });
});
