import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isAgentReply, isCustomerMessage, readMessageEvent } from '../../plugin/bot/read-message-event.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const payload = (name: string) =>
  JSON.parse(
    readFileSync(path.resolve(repoRoot, '..', 'shared', 'chatwoot', 'payloads', name), 'utf8'),
  ) as Record<string, unknown>;

describe("reading Chatwoot's message_created payloads", () => {
  it('reads a customer message (the contact sender has no type key)', () => {
    const event = readMessageEvent(payload('message_created.incoming.json'))!;
    assert.deepEqual(
      { ...event, contactAttributes: undefined, additionalAttributes: undefined },
      {
        messageId: 55001,
        conversationId: 118,
        inboxId: 31,
        contactId: 4512,
        content: "Hi, my order #A-2291 still hasn't shipped.",
        messageType: 'incoming',
        private: false,
        sender: 'contact',
        hasAttachments: false,
        status: 'pending',
        channelType: 'Channel::Api',
        labels: [],
        contactAttributes: undefined,
        additionalAttributes: undefined,
      },
    );
    assert.deepEqual(event.contactAttributes, { plan: 'pro' });
    assert.equal(isCustomerMessage(event), true);
  });

  it("never takes the bot's own replies, agents' replies or private notes for the customer", () => {
    const bot = readMessageEvent(payload('message_created.outgoing_by_agent_bot.json'))!;
    assert.equal(bot.sender, 'agent_bot');
    assert.equal(isCustomerMessage(bot), false);
    assert.equal(isAgentReply(bot), false);

    const agent = readMessageEvent(payload('message_created.outgoing.json'))!;
    assert.equal(agent.sender, 'user');
    assert.equal(isCustomerMessage(agent), false);
    assert.equal(isAgentReply(agent), true);
    assert.equal(agent.hasAttachments, true);

    const note = readMessageEvent(payload('message_created.private_note.json'))!;
    assert.equal(note.private, true);
    assert.equal(isCustomerMessage(note), false);
    assert.equal(isAgentReply(note), false);

    const disguised = readMessageEvent({ ...payload('message_created.incoming.json'), private: true })!;
    assert.equal(isCustomerMessage(disguised), false);
  });

  it('ignores payloads without message or conversation ids', () => {
    assert.equal(readMessageEvent({ event: 'message_created' }), undefined);
    assert.equal(readMessageEvent({ id: 1, conversation: {} }), undefined);
  });
});
