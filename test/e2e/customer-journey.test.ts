import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { generateContentReply, startFakeGeminiServer, validateGenerateContent, type FakeGeminiServer } from '../fakes/fake-gemini-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord/start-fake-discord.ts';
import { postSignedViberCallback } from '../fakes/fake-viber/sign-viber-callback.ts';
import { startFakeViber, type FakeViber } from '../fakes/fake-viber/start-fake-viber.ts';
import { readPrompt } from '../bot/fake-answer-model.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

const ORDER = 'LW-4821';
const EMAIL = 'ana.lima@example.org';
const PHONE = '+14155550142';

/**
 * One customer across five channels — website widget (HMAC-verified) → WhatsApp → Discord → Viber → email —
 * each through its real entry point, ending as one Chatwoot contact whose whole history the AI agent sees.
 */
describe('one customer followed across every channel', function () {
  this.timeout(120_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let api: SandboxApi;
  let gemini: FakeGeminiServer;
  let discord: FakeDiscord;
  let viber: FakeViber;
  let installationId: string;
  const hmacToken = `hmac-${randomUUID()}`;
  const inboxes: Record<string, number> = {};

  before(async () => {
    gemini = await startFakeGeminiServer();
    // The model answers from the customer history when it holds the order number.
    gemini.route('generateContent', ({ body }) => {
      const invalid = validateGenerateContent(body);
      if (invalid) return invalid;
      const { history } = readPrompt(body);
      const known = history.includes(ORDER);
      return generateContentReply(
        JSON.stringify({
          answer: known ? `Your order ${ORDER} left our warehouse yesterday.` : 'Let me check with the team.',
          usedChunkIds: [],
          sufficient: known,
          language: 'en',
          needsHuman: false,
        }),
      );
    });
    sandbox = await startSandbox({ port: 0 });
    discord = await startFakeDiscord();
    viber = await startFakeViber();
    omniloom = await startOmniloom({
      env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.url, OMNILOOM_GATEWAY_RECONCILE_MS: '200', LOG_LEVEL: 'warn' },
    });
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    inboxes.widget = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::WebWidget', name: 'Website', hmac_token: hmacToken })).id;
    inboxes.whatsapp = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' })).id;
    inboxes.email = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Email', name: 'Email', email: 'support@shop.example' })).id;
    const installed = (await (
      await omniloom.admin('/api/installations', {
        method: 'POST',
        json: {
          chatwootUrl: sandbox.url,
          accountId: sandbox.accountId,
          token: sandbox.adminToken,
          channels: ['discord', 'viber'],
          inboxes: [inboxes.email],
          settings: { ai: { defaultMode: 'auto', threshold: 0 } },
        },
      })
    ).json()) as any;
    installationId = installed.installationId;
    Object.assign(inboxes, installed.inboxes.bridged);
    for (const [channel, json] of Object.entries({
      discord: { credentials: { botToken: discord.botToken, publicKey: discord.keys.publicKeyHex }, config: { apiBaseUrl: discord.apiBaseUrl, applicationId: discord.applicationId } },
      viber: { credentials: { authToken: viber.authToken }, config: { apiBaseUrl: viber.apiBaseUrl, senderName: 'Shop' } },
    })) {
      const response = await omniloom.admin(`/api/installations/${installationId}/channels/${channel}`, { method: 'PUT', json });
      assert.equal(response.status, 200, await response.clone().text());
    }
  });

  after(async () => {
    await omniloom?.stop();
    await discord?.close();
    await viber?.close();
    await sandbox?.close();
    await gemini?.close();
  });

  const contactsIn = async (inboxId: number) => {
    const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<any>;
    return conversations.map((conversation) => conversation.meta.sender.id as number);
  };
  const identityOf = async (contactId: number) =>
    (await (await omniloom.admin(`/api/installations/${installationId}/contacts/${contactId}/identity`)).json()) as any;

  it('ends with one contact, the whole history in order, and an answer that remembers the first channel', async () => {
    // 1. Website widget, identity signed by the shop's server (HMAC): verified identifier, email and phone.
    const widget = await api.post(`/__sandbox/inboxes/${inboxes.widget}/incoming`, {
      contact: { name: 'Ana Lima', identifier: 'shop-ana', identifier_hash: createHmac('sha256', hmacToken).update('shop-ana').digest('hex'), email: EMAIL, phone_number: PHONE, source_id: 'visitor-ana' },
      content: `Hi, I ordered a jacket, order ${ORDER}.`,
    });
    const anaId = widget.contact.id as number;

    // 2. WhatsApp from the same (verified) number.
    await api.post(`/__sandbox/inboxes/${inboxes.whatsapp}/incoming`, { contact: { name: 'Ana', phone_number: PHONE }, content: 'Any news on the jacket?' });

    // 3. Discord DM over the gateway; she types her email (a claim).
    await eventually(() => discord.gateway.sessions.size > 0, 20_000, 'discord gateway');
    const channelId = '1330000000000007001';
    discord.state.addChannel(channelId, 1);
    discord.gateway.dispatch('MESSAGE_CREATE', {
      id: '1330000000000007002', type: 0, channel_id: channelId, content: `It's Ana, my email is ${EMAIL}`, timestamp: new Date().toISOString(),
      author: { id: '1187340099900007003', username: 'ana.l', global_name: 'Ana', discriminator: '0' }, attachments: [], embeds: [], mentions: [],
    });

    // 4. Viber, through its signed webhook; she types her phone number (a claim).
    const viberResponse = await postSignedViberCallback(
      `${omniloom.url}/webhooks/viber/${installationId}`,
      JSON.stringify({ event: 'message', timestamp: Date.now(), message_token: 5741311803571729, sender: { id: 'FAKEviberAna01==', name: 'Ana L' }, message: { type: 'text', text: `Ana here, my number is ${PHONE}` } }),
      viber.authToken,
    );
    assert.equal(viberResponse.status, 200, await viberResponse.clone().text());

    const discordContact = await eventually(async () => (await contactsIn(inboxes.discord!))[0], 20_000, 'discord conversation');
    const viberContact = await eventually(async () => (await contactsIn(inboxes.viber!))[0], 20_000, 'viber conversation');

    // Claims become suggestions an agent accepts, never automatic merges.
    for (const contactId of [discordContact, viberContact]) {
      const suggestion = await eventually(async () => (await identityOf(contactId)).suggestions?.[0], 20_000, `suggestion for ${contactId}`);
      const accepted = await omniloom.admin(`/api/installations/${installationId}/contacts/${contactId}/identity/suggestions/${suggestion.id}/accept`, { method: 'POST', json: {} });
      assert.equal(accepted.status, 200, await accepted.clone().text());
    }

    // 5. Email from the verified address: asks about "my order" without repeating the number.
    const email = await api.post(`/__sandbox/inboxes/${inboxes.email}/incoming`, { contact: { name: 'Ana Lima', email: EMAIL }, content: 'Where is my order now?' });
    const emailConversation = email.conversation.id as number;

    const answer = await eventually(async () => {
      const messages = (await api.get(`/conversations/${emailConversation}/messages`)).payload as Array<any>;
      return messages.find((message) => message.message_type === 1 && !message.private && String(message.content).includes(ORDER));
    }, 30_000, 'the AI answer on email');
    assert.match(answer.content, new RegExp(ORDER));

    // One contact: every channel's conversation belongs to the same person.
    await sandbox.settle();
    const owners = new Set<number>();
    for (const inboxId of Object.values(inboxes)) for (const owner of await contactsIn(inboxId)) owners.add(owner);
    assert.equal(owners.size, 1, `one contact, got ${[...owners].join(', ')}`);
    const [survivor] = [...owners];
    assert.equal(survivor, anaId, 'the oldest contact (the website visitor) is kept');

    // The full history, in time order, with each message's channel.
    const history = (await (await omniloom.admin(`/api/installations/${installationId}/contacts/${survivor}/history?maxMessages=50`)).json()) as any;
    const customerLines = history.entries.filter((entry: any) => entry.author === 'customer');
    const channels = customerLines.map((entry: any) => entry.channel);
    for (const expected of ['widget', 'whatsapp', 'discord', 'viber', 'email']) {
      assert.ok(channels.some((channel: string) => channel.toLowerCase().includes(expected === 'widget' ? 'web' : expected)), `history has ${expected}: ${channels.join(', ')}`);
    }
    const times = customerLines.map((entry: any) => Date.parse(entry.at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'history is in time order');
    assert.deepEqual(sandbox.violations().filter((violation: any) => violation.direction === 'request'), []);
  });
});
