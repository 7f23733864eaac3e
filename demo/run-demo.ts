/**
 * `npm run demo`: the sandbox Chatwoot, Omniloom on its embedded default, an install, a sample knowledge
 * base and a few scripted customers across channels. Runs offline and keeps running until Ctrl-C.
 */
import { randomBytes, createHmac } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../plugin/config/config.ts';
import { createLogger } from '../plugin/logger.ts';
import { addKnowledgePaths } from '../plugin/knowledge/manage-knowledge.ts';
import { createRuntime } from '../plugin/runtime/create-runtime.ts';
import { startService } from '../plugin/service/start-service.ts';
import { startSandbox } from '../sandbox/start-sandbox.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 3100);
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.OMNILOOM_DATA_DIR ?? path.join(here, '..', 'data', `demo-${Date.now()}`));

const sandbox = await startSandbox({ port: sandboxPort });
await mkdir(dataDir, { recursive: true });
const config = loadConfig({
  ...process.env,
  PORT: String(port),
  OMNILOOM_DATA_DIR: dataDir,
  OMNILOOM_PUBLIC_URL: process.env.OMNILOOM_PUBLIC_URL ?? `http://127.0.0.1:${port}`,
  OMNILOOM_ADMIN_TOKEN: process.env.OMNILOOM_ADMIN_TOKEN ?? `demo-${randomBytes(12).toString('hex')}`,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const logger = createLogger({ level: config.logLevel });
const runtime = await createRuntime(config, logger);
const service = await startService(runtime, { port, host: '127.0.0.1' });
const omniloom = `http://127.0.0.1:${port}`;

async function call(base: string, pathname: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${pathname} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
const chatwoot = (pathname: string, body: unknown) => call(sandbox.url, pathname, body, { api_access_token: sandbox.adminToken });
const admin = (pathname: string, body: unknown) => call(omniloom, pathname, body, { authorization: `Bearer ${runtime.adminToken}` });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

console.log('Setting up the sandbox Chatwoot account…');
const widget = await chatwoot('/__sandbox/inboxes', { channel_type: 'Channel::WebWidget', name: 'Website' });
const whatsapp = await chatwoot('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' });
const telegram = await chatwoot('/__sandbox/inboxes', { channel_type: 'Channel::Telegram', name: 'Telegram' });
const email = await chatwoot('/__sandbox/inboxes', { channel_type: 'Channel::Email', name: 'Support email' });

console.log('Installing Omniloom…');
const installed = await admin('/api/installations', {
  chatwootUrl: sandbox.url,
  accountId: sandbox.accountId,
  token: sandbox.adminToken,
  channels: ['webhook'],
  inboxes: 'all',
  settings: { ai: { defaultMode: 'auto', threshold: 0.35 } },
});
const installationId = installed.installationId as string;

console.log('Loading the sample knowledge base…');
await addKnowledgePaths({ store: runtime.store, gemini: config.gemini }, installationId, [path.join(here, 'knowledge-base')]);

console.log('Connecting the account\'s Help Center portal…');
const account = (pathname: string) => `/api/v1/accounts/${sandbox.accountId}${pathname}`;
await chatwoot(account('/portals'), { portal: { name: 'Help', slug: 'help', config: { allowed_locales: ['en'], default_locale: 'en' } } });
const category = await chatwoot(account('/portals/help/categories'), { category: { name: 'Orders', slug: 'orders', locale: 'en' } });
await chatwoot(account('/portals/help/articles'), {
  article: {
    title: 'Gift cards',
    content: '# Gift cards\n\nGift cards never expire. You can spend them on any order, together with another payment method.',
    status: 'published',
    author_id: sandbox.adminUserId,
    category_id: category.payload.id,
  },
});
await admin(`/api/installations/${installationId}/knowledge/help-center`, { portal: 'help' });
for (let tries = 0; tries < 100; tries++) {
  const documents = await runtime.store.knowledge.listDocuments(installationId);
  if (documents.some((document) => document.source.startsWith('chatwoot-help-center:help:'))) break;
  await pause(100);
}

const incoming = (inbox: { id: number }, contact: Record<string, unknown>, content: string) =>
  chatwoot(`/__sandbox/inboxes/${inbox.id}/incoming`, { contact, content });

console.log('Playing customers…');
// A question the knowledge base answers, on the website.
await incoming(widget, { name: 'Mia (website)', source_id: 'visitor-mia' }, 'How long does delivery take with express shipping?');
// One the Help Center article answers, on Telegram.
await incoming(telegram, { name: 'Noor', source_id: '700100300' }, 'Do your gift cards expire?');
// One that needs a person, on WhatsApp.
await incoming(whatsapp, { name: 'Leo', phone_number: '+14155550101' }, 'I was charged twice for my order. Can I talk to a human please?');
// A customer who switches channels: email first, then the website with a verified identity, then Telegram.
await incoming(email, { name: 'Ana Lima', email: 'ana@example.org' }, 'Hi, can I exchange my jacket for a larger size?');
await pause(500);
const widgetSecret = (widget.hmac_token ?? widget.channel?.hmac_token) as string | undefined;
await incoming(
  widget,
  {
    name: 'Ana Lima',
    email: 'ana@example.org',
    identifier: 'shop-user-ana',
    ...(widgetSecret ? { identifier_hash: createHmac('sha256', widgetSecret).update('shop-user-ana').digest('hex') } : {}),
    source_id: 'visitor-ana',
  },
  'Following up on my email: where do I find the return label?',
);
await incoming(telegram, { name: 'ana_l', source_id: '700100200' }, 'It is Ana again, my email is ana@example.org. Did the refund go out?');
await sandbox.settle();
await pause(1500);

console.log(`
Omniloom demo is running (Ctrl-C to stop).

  Chatwoot sandbox (conversations, with the Omniloom panel beside each): ${sandbox.url}/
  Omniloom admin:      ${omniloom}/admin/installations/${installationId}
  Knowledge base:      ${omniloom}/admin/installations/${installationId}/knowledge
  Analytics:           ${omniloom}/admin/installations/${installationId}/analytics
  Admin token:         ${runtime.adminToken}
  Sandbox API token:   ${sandbox.adminToken}
  Data directory:      ${dataDir}
`);

const stop = async () => {
  await service.stop();
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
