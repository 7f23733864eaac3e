import assert from 'node:assert/strict';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { issueDashboardSession, SESSION_KEY_PURPOSE } from '../../dashboard-extension/index.ts';
import { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import { silentLogger } from '../../plugin/logger.ts';
import type { BotDeps } from '../../plugin/bot/bot-deps.ts';
import { createAgentBotSubscribers } from '../../plugin/bot/create-agent-bot.ts';
import { createSuggestionRegenerator } from '../../plugin/bot/suggest/regenerate-suggestion.ts';
import { createAnswerGenerator } from '../../plugin/bot/generate/create-answer-generator.ts';
import { createKnowledgeRetriever } from '../../plugin/bot/knowledge/create-knowledge-retriever.ts';
import {
  SUGGESTION_NEW_EVENT,
  type SuggestionNewPayload,
} from '../../plugin/bot/suggest/suggestion-events.ts';
import type { ChatwootEventJob } from '../../plugin/chatwoot-events/chatwoot-event.ts';
import {
  generateContentReply,
  startFakeGeminiServer,
  type FakeGeminiServer,
} from '../fakes/fake-gemini-server.ts';
import { groundedAnswerRoute, readPrompt } from './fake-answer-model.ts';
import { eventually, fakeGeminiEmbedder, startBotJourney, type BotJourney } from './start-bot-journey.ts';

const HANDOFF = 'A person from our team will reply here shortly.';

describe('AI agent journeys (sandbox Chatwoot, real Omniloom, fake Gemini)', function () {
  this.timeout(60_000);
  let gemini: FakeGeminiServer;
  let journey: BotJourney;
  let whatsapp: number;
  let twilio: number;
  let sms: number;
  let teamId: number;
  /** Questions the model sees are answered after this delay (a slow model, for the take-over journey). */
  const slowQuestions = new Map<string, number>();

  before(async () => {
    gemini = await startFakeGeminiServer();
    gemini.route('generateContent', async (request) => {
      const { question } = readPrompt(request.body);
      const delay = [...slowQuestions].find(([text]) => question.includes(text))?.[1];
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      return groundedAnswerRoute(request);
    });
    journey = await startBotJourney({ gemini });
    const { api } = journey;
    whatsapp = (
      await api.post('/__sandbox/inboxes', {
        channel_type: 'Channel::Whatsapp',
        name: 'WhatsApp',
        lock_to_single_conversation: true,
      })
    ).id;
    twilio = (
      await api.post('/__sandbox/inboxes', { channel_type: 'Channel::TwilioSms', name: 'Twilio SMS' })
    ).id;
    sms = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Sms', name: 'SMS (no bot)' })).id;
    teamId = (await api.post('/teams', { team: { name: 'Billing' } })).id;
    await journey.install(
      {
        ai: {
          defaultMode: 'suggest',
          inboxModes: { [whatsapp]: 'auto', [twilio]: 'suggest' },
          threshold: 0.5,
          languages: ['en', 'es', 'fr', 'de', 'pt'],
          humanOnlyTopics: ['legal'],
          handoffMessage: HANDOFF,
        },
        routing: {
          rules: [
            {
              name: 'billing',
              when: { keywords: ['invoice', 'refund'] },
              then: { teamId, priority: 'high', labels: ['billing'] },
            },
            { name: 'everyone-else', when: {}, then: { priority: 'medium', labels: ['bot-handoff'] } },
          ],
        },
      },
      [whatsapp, twilio],
    );
    await journey.loadKnowledge(fakeGeminiEmbedder(gemini));
  });

  after(async () => {
    await journey?.stop();
    await gemini?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'passed') return;
    await journey.sandbox.settle();
    assert.deepEqual(journey.requestViolations(), [], 'Omniloom sent Chatwoot nothing outside its API');
  });

  /** A second agent-bot instance over the same store, as another worker process would have. */
  const botDepsOf = (): BotDeps => {
    const { runtime } = journey.omniloom;
    return {
      store: runtime.store,
      directory: new InstallationDirectory({
        store: runtime.store,
        secrets: runtime.secrets,
        logger: silentLogger(),
        chatwootTimeoutMs: 5_000,
      }),
      logger: silentLogger(),
      retriever: createKnowledgeRetriever(runtime.config.gemini, runtime.store),
      generator: createAnswerGenerator(runtime.config.gemini),
      now: () => new Date(),
    };
  };
  const analytics = async (type: string, conversationId: number) =>
    (
      await journey.omniloom.runtime.store.analytics.list({
        installationId: journey.installationId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        types: [type],
      })
    ).filter((event) => event.conversationId === conversationId);
  const suggestions = (conversationId: number) =>
    journey.omniloom.runtime.store.suggestions.listForConversation(journey.installationId, conversationId);
  const replies = async (conversationId: number, count: number) =>
    eventually(
      async () => {
        const list = await journey.botReplies(conversationId);
        return list.length >= count ? list : undefined;
      },
      20_000,
      `${count} bot message(s) in conversation ${conversationId}`,
    );
  const handedOff = async (conversationId: number) =>
    eventually(
      async () => {
        const [conversation, notes] = await Promise.all([
          journey.conversation(conversationId),
          journey.notes(conversationId),
        ]);
        return conversation.status === 'open' && notes.length > 0 ? { conversation, notes } : undefined;
      },
      20_000,
      `hand-off of conversation ${conversationId}`,
    );

  it('answers a question the knowledge base covers, citing its sources', async () => {
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351910000001',
      'How do I reset my password?',
    );
    const [reply] = await replies(conversationId, 1);
    assert.match(reply!.content!, /choose Reset password/);
    assert.match(
      reply!.content!,
      /Sources: Resetting your password \(https:\/\/help\.example\.com\/password\)/,
    );
    assert.equal(
      (await journey.conversation(conversationId)).status,
      'pending',
      'the bot keeps the conversation',
    );
    assert.deepEqual(await journey.notes(conversationId), []);
    const [answer] = await eventually(async () => {
      const events = await analytics('bot.answer', conversationId);
      return events.length ? events : undefined;
    });
    assert.ok((answer!.data.confidence as number) >= 0.5, `confidence ${answer!.data.confidence}`);
    assert.equal(answer!.channel, 'whatsapp');
    assert.equal(answer!.inboxId, whatsapp);
    assert.equal((await analytics('message.inbound', conversationId)).length, 1);
    assert.deepEqual(journey.typingEvents(conversationId), ['on', 'off']);
  });

  it('hands a question it cannot answer to the team: tells the customer, opens, routes, leaves a note', async () => {
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351910000002',
      'Where can I download the invoice for my March order?',
    );
    const { conversation, notes } = await handedOff(conversationId);
    const [reply] = await journey.botReplies(conversationId);
    assert.equal(reply!.content, HANDOFF, 'the customer is told what happens next');
    assert.equal(conversation.meta.team?.id, teamId);
    assert.equal(conversation.priority, 'high');
    assert.ok(conversation.labels.includes('billing'), `labels ${conversation.labels}`);
    const note = notes[0]!.content!;
    assert.match(
      note,
      /handed this conversation to the team:\*\* the knowledge base has nothing on this question/,
    );
    assert.match(note, /\*\*Draft answer\*\*/);
    assert.match(note, /Routing:\*\* rule "billing"/);
    assert.equal(
      (await journey.botReplies(conversationId)).length,
      1,
      'no answer besides the hand-off message',
    );
    const [handoff] = await analytics('bot.handoff', conversationId);
    assert.equal(handoff!.data.reason, 'no_answer');
    assert.deepEqual(await suggestions(conversationId), [], 'an insufficient draft is not suggested');
  });

  it('hands off when the customer asks for a person, in English, Spanish and French', async () => {
    const asks = [
      ['+351910000003', 'Can I talk to a human please?'],
      ['+351910000004', 'Hola, quiero hablar con una persona.'],
      ['+351910000005', 'Bonjour, je voudrais parler à un humain.'],
    ] as const;
    const before = gemini.requestsFor('generateContent').length;
    for (const [phone, text] of asks) {
      const { conversationId } = await journey.customerSays(whatsapp, phone, text);
      const { conversation, notes } = await handedOff(conversationId);
      assert.equal(conversation.priority, 'medium');
      assert.ok(conversation.labels.includes('bot-handoff'));
      assert.match(notes[0]!.content!, /the customer asked for a person/);
      assert.match(notes[0]!.content!, /Draft answer:\*\* none/);
      assert.deepEqual(
        (await journey.botReplies(conversationId)).map((message) => message.content),
        [HANDOFF],
      );
      const [event] = await analytics('bot.handoff', conversationId);
      assert.equal(event!.data.reason, 'customer_asked_for_human');
    }
    assert.equal(
      gemini.requestsFor('generateContent').length,
      before,
      'no answer is drafted for a request for a person',
    );
  });

  it('hands off a human-only topic even when it could answer', async () => {
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351910000013',
      'I have a legal question about returns and refunds within 30 days',
    );
    const { notes } = await handedOff(conversationId);
    assert.match(notes[0]!.content!, /only people handle \(legal\)/);
    const [event] = await analytics('bot.handoff', conversationId);
    assert.equal(event!.data.reason, 'human_only_topic');
  });

  it('suggest mode: passes the conversation to the team and pushes a suggestion, never replies', async () => {
    const key = journey.omniloom.runtime.secrets.deriveKey(SESSION_KEY_PURPOSE);
    const { token } = await issueDashboardSession(key, { installationId: journey.installationId });
    const first = await journey.customerSays(twilio, '+351910000006', 'Hello there');
    const conversationId = first.conversationId;
    await eventually(
      async () => (await journey.conversation(conversationId)).status === 'open',
      20_000,
      'conversation passed to the team',
    );

    const socket: Socket = connectSocket(journey.omniloom.url, {
      path: '/socket.io',
      auth: { dashboardSession: token, installationId: journey.installationId },
      transports: ['websocket'],
    });
    try {
      const watched = await socket.timeout(10_000).emitWithAck('dashboard:watch', { conversationId });
      assert.equal(watched.ok, true, JSON.stringify(watched));
      const pushed = new Promise<SuggestionNewPayload>((resolve) =>
        socket.once(SUGGESTION_NEW_EVENT, resolve),
      );
      const second = await journey.customerSays(twilio, '+351910000006', 'How do I reset my password?');
      const payload = await Promise.race([
        pushed,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no suggestion:new within 20 s')), 20_000),
        ),
      ]);
      assert.equal(payload.installationId, journey.installationId);
      assert.equal(payload.conversationId, conversationId);
      assert.equal(payload.suggestion.chatwootMessageId, second.messageId);
      assert.equal(payload.suggestion.status, 'pending');
      assert.match(payload.suggestion.text, /choose Reset password/);
      assert.equal(payload.suggestion.sources[0]!.title, 'Resetting your password');
      assert.equal(payload.extractive, false);
      assert.equal(payload.language, 'en');
    } finally {
      socket.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await suggestions(conversationId);
    assert.equal(
      stored.length,
      1,
      'one suggestion, although the bot and the account webhook both delivered the message',
    );
    assert.deepEqual(await journey.botReplies(conversationId), [], 'the bot never speaks in suggest mode');
    assert.deepEqual(await journey.notes(conversationId), []);
  });

  it('suggests replies in an inbox without the bot, from the account webhook, once per message', async () => {
    const { conversationId, messageId } = await journey.customerSays(
      sms,
      '+351910000016',
      'How do I reset my password?',
    );
    const [suggestion] = await eventually(
      async () => {
        const list = await suggestions(conversationId);
        return list.length ? list : undefined;
      },
      20_000,
      'suggestion',
    );
    assert.equal(suggestion!.chatwootMessageId, messageId);
    assert.match(suggestion!.text, /choose Reset password/);
    assert.equal(
      (await journey.conversation(conversationId)).status,
      'open',
      'the bot never touches a conversation outside its inboxes',
    );
    assert.deepEqual(await journey.botReplies(conversationId), []);
    const [created] = await analytics('suggestion.created', conversationId);
    assert.equal(created!.channel, 'sms');
    assert.equal(created!.inboxId, sms);
  });

  it('"suggest again" drafts a fresh suggestion for the latest customer message', async () => {
    const { conversationId, messageId } = await journey.customerSays(
      twilio,
      '+351910000015',
      'Can I return an item after 30 days?',
    );
    await eventually(
      async () => (await suggestions(conversationId)).length === 1,
      20_000,
      'first suggestion',
    );
    const regenerate = createSuggestionRegenerator(botDepsOf());
    const installation = await botDepsOf().directory.get(journey.installationId);
    const again = await regenerate(installation!, conversationId);
    assert.equal(again!.chatwootMessageId, messageId);
    assert.match(again!.text, /return any item within 30 days/);
    const stored = await suggestions(conversationId);
    assert.deepEqual(stored.map((entry) => entry.status).sort(), ['pending', 'superseded']);
  });

  it('answers once per message, however often the webhook is delivered', async () => {
    const { conversationId, messageId } = await journey.customerSays(
      whatsapp,
      '+351910000007',
      'How do I reset my password?',
    );
    await replies(conversationId, 1);
    await journey.sandbox.settle();
    const delivery = journey.sandbox
      .deliveries()
      .find(
        (entry) =>
          entry.receiver === 'agent_bot_webhook' &&
          entry.event === 'message_created' &&
          entry.body.id === messageId,
      )!;
    assert.ok(delivery, 'the bot received the message');
    const again = await fetch(delivery.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(delivery.body),
    });
    assert.equal(again.status, 202);

    // The same event reaching the subscriber again (a redelivered job) finds the message claimed and answered.
    const [botSubscriber] = createAgentBotSubscribers(botDepsOf());
    const job: ChatwootEventJob = {
      installationId: journey.installationId,
      receiver: 'bot',
      event: 'message_created',
      eventKey: `bot:message_created:${messageId}`,
      payload: delivery.body,
      receivedAt: new Date().toISOString(),
    };
    await botSubscriber!.handle(job);
    await botSubscriber!.handle(job);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal((await journey.botReplies(conversationId)).length, 1);
    assert.equal((await analytics('bot.answer', conversationId)).length, 1);
    assert.equal((await analytics('message.inbound', conversationId)).length, 1);
  });

  it('stays silent once a person has replied, and suggests instead', async () => {
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351910000008',
      'How do I reset my password?',
    );
    await replies(conversationId, 1);
    await journey.api.post(`/conversations/${conversationId}/messages`, {
      content: 'Hi, this is Dana from support, I will take it from here.',
      message_type: 'outgoing',
    });
    await journey.sandbox.settle();
    const { messageId } = await journey.customerSays(
      whatsapp,
      '+351910000008',
      'And how many business days does standard shipping take?',
    );
    const [suggestion] = await eventually(
      async () => {
        const list = await suggestions(conversationId);
        return list.length ? list : undefined;
      },
      20_000,
      'suggestion for the agent',
    );
    assert.equal(suggestion!.chatwootMessageId, messageId);
    assert.match(suggestion!.text, /Standard shipping takes 3 to 5 business days/);
    assert.equal(
      (await journey.botReplies(conversationId)).length,
      1,
      'no bot reply after the person stepped in',
    );
  });

  it('a person taking over mid-answer: the bot stays silent and leaves no typing indicator on', async () => {
    slowQuestions.set('warehouse', 1_500);
    const question = 'Is the warehouse open on public holidays?';
    const { conversationId } = await journey.customerSays(whatsapp, '+351910000009', question);
    await eventually(
      () =>
        gemini
          .requestsFor('generateContent')
          .some((request) => readPrompt(request.body).question === question),
      20_000,
      'model asked',
    );
    await journey.api.post(`/conversations/${conversationId}/toggle_status`, { status: 'open' });
    await eventually(
      async () => (await suggestions(conversationId)).length > 0,
      20_000,
      'draft kept as a suggestion',
    );
    await journey.sandbox.settle();
    assert.deepEqual(await journey.botReplies(conversationId), []);
    assert.deepEqual(journey.typingEvents(conversationId), ['on', 'off']);
  });

  it('a reopened conversation starts over instead of replaying the old hand-off', async () => {
    const phone = '+351910000010';
    const question = 'How do I reset my password?';
    const { conversationId } = await journey.customerSays(whatsapp, phone, question);
    await replies(conversationId, 1);
    await journey.customerSays(whatsapp, phone, question);
    await handedOff(conversationId);
    const [handoff] = await analytics('bot.handoff', conversationId);
    assert.equal(handoff!.data.reason, 'repeated_question', 'asking again means the answer did not help');

    await journey.api.post(`/conversations/${conversationId}/toggle_status`, { status: 'resolved' });
    await journey.sandbox.settle();
    const reopened = await journey.customerSays(whatsapp, phone, question);
    assert.equal(reopened.conversationId, conversationId, 'the same conversation reopens');
    const list = await replies(conversationId, 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(
      (await journey.botReplies(conversationId)).map((message) =>
        message.content === HANDOFF ? 'handoff' : 'answer',
      ),
      ['answer', 'handoff', 'answer'],
    );
    assert.match(list[2]!.content!, /choose Reset password/);
    assert.equal((await journey.conversation(conversationId)).status, 'pending', 'the bot has it again');
    assert.equal((await analytics('bot.handoff', conversationId)).length, 1);
  });

  it('remembers what the customer said in an earlier conversation on another channel', async () => {
    const phone = '+351910000011';
    await journey.customerSays(sms, phone, 'My order number is A-2291 and the box arrived damaged.');
    await journey.sandbox.settle();
    const question = 'Can you check on my order please?';
    await journey.customerSays(whatsapp, phone, question);
    const request = await eventually(
      () =>
        gemini.requestsFor('generateContent').find((entry) => readPrompt(entry.body).question === question),
      20_000,
      'model asked',
    );
    const { history, system } = readPrompt(request.body);
    assert.match(history, /· sms\] Customer: My order number is A-2291 and the box arrived damaged\./);
    assert.match(system, /Omniloom, the support assistant/);
    assert.match(system, /Use only facts stated in the knowledge-base excerpts and in the customer history/);
  });

  it('Gemini failing: retries, then hands off instead of sending a broken reply', async () => {
    gemini.failNext({ kind: 'rate-limit', retryDelay: '0.01s' }, 4, 'generateContent');
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351910000012',
      'How do I reset my password?',
    );
    const { notes } = await handedOff(conversationId);
    assert.deepEqual(
      (await journey.botReplies(conversationId)).map((message) => message.content),
      [HANDOFF],
    );
    assert.match(notes[0]!.content!, /the answer could not be generated \(rate_limited/);
    const [event] = await analytics('bot.handoff', conversationId);
    assert.equal(event!.data.reason, 'generation_failed');
    assert.deepEqual(journey.typingEvents(conversationId), ['on', 'off']);
  });

  it('a safety-blocked answer becomes a hand-off too', async () => {
    gemini.failNext(
      { kind: 'reply', reply: generateContentReply('', { finishReason: 'SAFETY' }) },
      1,
      'generateContent',
    );
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351910000014',
      'How do I reset my password?',
    );
    const { notes } = await handedOff(conversationId);
    assert.match(notes[0]!.content!, /blocked: answer withheld: finish reason SAFETY/);
  });
});
