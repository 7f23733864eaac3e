import assert from 'node:assert/strict';
import { customerMessages } from '../../plugin/bot/reply/customer-messages.ts';
import { eventually, startBotJourney, type BotJourney } from './start-bot-journey.ts';

describe('AI agent without Gemini (extractive answers, sandbox Chatwoot, real Omniloom)', function () {
  this.timeout(60_000);
  let journey: BotJourney;
  let whatsapp: number;
  let sms: number;

  before(async () => {
    journey = await startBotJourney();
    whatsapp = (
      await journey.api.post('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' })
    ).id;
    sms = (
      await journey.api.post('/__sandbox/inboxes', { channel_type: 'Channel::Sms', name: 'SMS (no bot)' })
    ).id;
    await journey.install({ ai: { inboxModes: { [whatsapp]: 'auto' }, threshold: 0.5 } }, [whatsapp]);
    await journey.loadKnowledge('local');
  });

  after(async () => {
    await journey?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'passed') return;
    await journey.sandbox.settle();
    assert.deepEqual(journey.requestViolations(), []);
  });

  const events = async (type: string, conversationId: number) =>
    (
      await journey.omniloom.runtime.store.analytics.list({
        installationId: journey.installationId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        types: [type],
      })
    ).filter((event) => event.conversationId === conversationId);
  const firstReply = (conversationId: number) =>
    eventually(async () => (await journey.botReplies(conversationId))[0], 20_000, 'bot message');

  it('answers from the help center, marked as quoted, with the source', async () => {
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351920000001',
      'How do I reset my password?',
    );
    const reply = await firstReply(conversationId);
    assert.match(reply.content!, /^From our help center:/);
    assert.match(
      reply.content!,
      /To reset your password, open Settings, then Account, and choose Reset password\./,
    );
    assert.match(reply.content!, /Sources: Resetting your password/);
    const [answer] = await eventually(async () => {
      const list = await events('bot.answer', conversationId);
      return list.length ? list : undefined;
    });
    assert.equal(answer!.data.extractive, true);
    assert.ok((answer!.data.confidence as number) >= 0.5);
  });

  it('hands off what the help center does not cover', async () => {
    const { conversationId } = await journey.customerSays(
      whatsapp,
      '+351920000002',
      'Can I pay with bitcoin or another cryptocurrency?',
    );
    const reply = await firstReply(conversationId);
    assert.match(reply.content!, /I am handing this conversation to our support team/);
    await eventually(
      async () => (await journey.conversation(conversationId)).status === 'open',
      20_000,
      'opened',
    );
    const note = await eventually(async () => (await journey.notes(conversationId))[0], 20_000, 'note');
    assert.match(note.content!, /Omniloom handed this conversation to the team/);
  });

  it("tells the customer in German or French that a person takes over, and a person's reply is the first response", async () => {
    const journeys = [
      { language: 'de', phone: '+351920000011', text: 'Ich möchte bitte mit einem Menschen sprechen.' },
      { language: 'fr', phone: '+351920000012', text: "Je voudrais parler à un humain, s'il vous plaît." },
    ];
    for (const { language, phone, text } of journeys) {
      const { conversationId } = await journey.customerSays(whatsapp, phone, text);
      const reply = await firstReply(conversationId);
      assert.equal(reply.content, customerMessages(language).handoff, `hand-off message in ${language}`);
      assert.notEqual(reply.content, customerMessages('en').handoff);
      const [handoff] = await eventually(async () => {
        const list = await events('bot.handoff', conversationId);
        return list.length ? list : undefined;
      });
      assert.equal(handoff!.data.reason, 'customer_asked_for_human');

      // The announcement promises a person; it is not the conversation's first response.
      await journey.api.post(`/conversations/${conversationId}/messages`, {
        content: 'Hello, this is Ana from support.',
        message_type: 'outgoing',
      });
      const [first] = await eventually(async () => {
        const list = await events('response.first', conversationId);
        return list.length ? list : undefined;
      });
      assert.equal(first!.data.by, 'agent', `the ${language} hand-off message is not counted as a bot reply`);
    }
  });

  it('gives a terse question the subject the customer stated on another channel', async () => {
    const phone = '+351920000003';
    await journey.customerSays(sms, phone, 'I need to reset my password');
    await journey.sandbox.settle();
    const { conversationId } = await journey.customerSays(whatsapp, phone, 'How?');
    const reply = await firstReply(conversationId);
    assert.match(reply.content!, /^From our help center:/);
    assert.match(reply.content!, /To reset your password, open Settings/);

    // The same words from a customer with no such history are not enough to answer.
    const stranger = await journey.customerSays(whatsapp, '+351920000004', 'How?');
    assert.match(
      (await firstReply(stranger.conversationId)).content!,
      /I am handing this conversation to our support team/,
    );
  });
});
