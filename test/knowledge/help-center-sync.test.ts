/**
 * Chatwoot Help Center portals as knowledge sources, against the sandbox:
 * connect through the API, the import of published articles, the schedule
 * following edits, unpublishing and deletion, on-demand portals, refusals,
 * disconnecting, and the bot answering from an imported article.
 */
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { helpCenterSeeder, type HelpCenterSeeder } from './help-center-kit.ts';

interface ListedDocument {
  id: string;
  title: string;
  source: string;
  chunks: number;
  inboxId?: number;
}

interface ConnectedPortal {
  portal: string;
  keepInSync: boolean;
  inboxId?: number;
  lastRun?: { ok: boolean; ingested: number; unchanged: number; removed: number; error?: string };
}

const SYNC_PERIOD_MS = 1_000;

describe('Chatwoot Help Center as a knowledge source', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let api: SandboxApi;
  let omniloom: OmniloomHarness;
  let seed: HelpCenterSeeder;
  let installationId: string;
  let whatsapp: number;

  const documents = async (): Promise<ListedDocument[]> =>
    ((await (await omniloom.admin(`/api/installations/${installationId}/knowledge`)).json()) as { documents: ListedDocument[] }).documents;
  const portalDocuments = async (portal: string) =>
    (await documents()).filter((document) => document.source.startsWith(`chatwoot-help-center:${portal}:`));
  const connected = async (): Promise<ConnectedPortal[]> =>
    ((await (await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center`)).json()) as { portals: ConnectedPortal[] }).portals;
  const connect = (body: Record<string, unknown>) =>
    omniloom.admin(`/api/installations/${installationId}/knowledge/help-center`, { method: 'POST', json: body });
  const titlesOf = async (portal: string) => (await portalDocuments(portal)).map((document) => document.title).sort();

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    seed = helpCenterSeeder(sandbox, api);
    omniloom = await startOmniloom({ env: { OMNILOOM_HELP_CENTER_SYNC_MS: String(SYNC_PERIOD_MS), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' } });
    whatsapp = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' })).id;
    const installed = await omniloom.admin('/api/installations', {
      method: 'POST',
      json: {
        chatwootUrl: sandbox.url,
        accountId: sandbox.accountId,
        token: sandbox.adminToken,
        inboxes: [whatsapp],
        settings: { ai: { defaultMode: 'auto', threshold: 0.2 } },
      },
    });
    assert.equal(installed.status, 201, await installed.clone().text());
    installationId = ((await installed.json()) as { installationId: string }).installationId;
  });

  after(async () => {
    await omniloom?.stop();
    await sandbox?.close();
  });

  it('imports the published articles and follows edits, unpublishing and deletion on its schedule', async () => {
    await seed.portal('handbook', 'Handbook');
    const shipping = await seed.article('handbook', {
      title: 'Shipping times',
      content: '# Shipping times\n\nStandard shipping takes 3 to 5 business days within the EU.',
    });
    const returns = await seed.article('handbook', {
      title: 'Returns',
      content: 'You can return any item within 30 days of delivery.',
    });
    await seed.article('handbook', { title: 'Internal draft', content: 'Not ready.', status: 'draft' });

    const response = await connect({ portal: 'handbook' });
    assert.equal(response.status, 202, await response.clone().text());
    const body = (await response.json()) as { portal: ConnectedPortal; syncJobId: string };
    assert.equal(body.portal.keepInSync, true);
    assert.ok(body.syncJobId);

    await eventually(async () => (await titlesOf('handbook')).length === 2, 10_000, 'the first import');
    assert.deepEqual(await titlesOf('handbook'), ['Returns', 'Shipping times']);
    const [portal] = await eventually(async () => {
      const portals = await connected();
      return portals[0]?.lastRun ? portals : undefined;
    });
    assert.equal(portal!.lastRun!.ok, true);

    // Changes in Chatwoot reach the knowledge base without anyone asking.
    await seed.update('handbook', shipping, { title: 'Shipping and delivery times' });
    await seed.update('handbook', returns, { status: 'archived' });
    await seed.article('handbook', { title: 'Gift cards', content: 'Gift cards never expire.' });
    await eventually(
      async () => (await titlesOf('handbook')).join('|') === 'Gift cards|Shipping and delivery times',
      10_000,
      'the scheduled sync to follow the changes',
    );
    const giftCards = (await portalDocuments('handbook')).find((document) => document.title === 'Gift cards')!;
    await seed.remove('handbook', Number(giftCards.source.split(':').pop()));
    await eventually(async () => (await titlesOf('handbook')).join('|') === 'Shipping and delivery times', 10_000, 'a deletion');
  });

  it('syncs an on-demand portal only when asked', async () => {
    await seed.portal('faq', 'FAQ');
    await seed.article('faq', { title: 'Opening hours', content: 'We answer Monday to Friday, 9:00 to 18:00.' });
    assert.equal((await connect({ portal: 'faq', keepInSync: false, inboxId: whatsapp })).status, 202);
    await eventually(async () => (await titlesOf('faq')).length === 1, 10_000, 'the first import');
    assert.equal((await portalDocuments('faq'))[0]!.inboxId, whatsapp);

    await seed.article('faq', { title: 'Payment methods', content: 'We take cards and bank transfers.' });
    await new Promise((resolve) => setTimeout(resolve, SYNC_PERIOD_MS * 2.5));
    assert.deepEqual(await titlesOf('faq'), ['Opening hours'], 'not synced on the schedule');

    const sync = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/faq/sync`, { method: 'POST' });
    assert.equal(sync.status, 202);
    await eventually(async () => (await titlesOf('faq')).length === 2, 10_000, 'the sync asked for');
  });

  it('refuses a portal the account does not have, and bad requests', async () => {
    const unknown = await connect({ portal: 'nowhere' });
    assert.equal(unknown.status, 422);
    assert.match(((await unknown.json()) as { error: { message: string } }).error.message, /no Help Center portal "nowhere".*handbook/);
    assert.equal((await connect({ inboxId: 'x' })).status, 400);
    const notConnected = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/nowhere/sync`, { method: 'POST' });
    assert.equal(notConnected.status, 404);
    const unauthenticated = await fetch(`${omniloom.url}/api/installations/${installationId}/knowledge/help-center`, {
      headers: { accept: 'application/json' },
    });
    assert.equal(unauthenticated.status, 401);
  });

  it('lists the account portals from Chatwoot', async () => {
    const response = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/portals`);
    const { portals } = (await response.json()) as { portals: Array<{ slug: string; name: string }> };
    assert.deepEqual(portals.map((portal) => portal.slug).sort(), ['faq', 'handbook']);
  });

  it('answers a customer from an imported article and cites its public address', async () => {
    const arrival = await api.post(`/__sandbox/inboxes/${whatsapp}/incoming`, {
      contact: { name: 'Customer', phone_number: '+351910000077' },
      content: 'How long does standard shipping take within the EU?',
      source_id: 'wamid.help-center-1',
    });
    const conversationId = arrival.conversation.id as number;
    const reply = await eventually(async () => {
      const messages = (await api.get(`/conversations/${conversationId}/messages`)).payload as Array<{
        content: string | null;
        message_type: number;
        private: boolean;
      }>;
      return messages.find((message) => message.message_type === 1 && !message.private);
    }, 15_000, 'the bot reply');
    assert.match(reply.content ?? '', /3 to 5 business days/);
    assert.match(reply.content ?? '', new RegExp(`${sandbox.url}/hc/handbook/articles/\\d+-shipping-times`));
  });

  it('keeps the documents on request, or removes them, when a portal is disconnected', async () => {
    const keep = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/faq?keepDocuments=true`, { method: 'DELETE' });
    assert.equal(keep.status, 204);
    assert.equal((await titlesOf('faq')).length, 2);
    assert.deepEqual((await connected()).map((portal) => portal.portal), ['handbook']);

    const remove = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/handbook`, { method: 'DELETE' });
    assert.equal(remove.status, 204);
    assert.deepEqual(await titlesOf('handbook'), []);
    assert.deepEqual(await connected(), []);
    const again = await omniloom.admin(`/api/installations/${installationId}/knowledge/help-center/handbook`, { method: 'DELETE' });
    assert.equal(again.status, 404);
  });

  it('sent Chatwoot only requests its spec allows', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
