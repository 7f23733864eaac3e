/** Teams activity quirks beyond the contract suite: thread keys, mentions, files, edits, reactions, tenants. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getConnector } from '../../connectors/core/registry.ts';
import { BadRequestError } from '../../plugin/errors.ts';
import type { InboundEvent, InboundMessageEvent } from '../../plugin/messages/normalized-message.ts';
import { fixturesFor } from './contract-harness.ts';

const connector = getConnector('teams');
const raw = (name: string) => readFileSync(path.join(fixturesFor('teams'), name));
const parse = (name: string, config: Record<string, unknown> = {}): InboundEvent[] =>
  connector.parse(raw(name), { installationId: 'i1', credentials: {}, config });
const message = (name: string): InboundMessageEvent => {
  const [event] = parse(name);
  assert.equal(event?.kind, 'message');
  return event as InboundMessageEvent;
};
const CHANNEL_THREAD = '19:FAKEchannel0123456789abcdef@thread.tacv2;messageid=1774001400000';

describe('teams parse', () => {
  describe('threads and conversation references', () => {
    it('personal chat: one direct thread per conversation, with what a proactive reply needs', () => {
      const event = message('message-personal.json');
      assert.deepEqual(event.thread, {
        key: 'personal:a:1FAKEpersonalConversation_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0',
        kind: 'direct',
        address: {
          serviceUrl: 'https://smba.trafficmanager.net/emea/',
          conversationType: 'personal',
          botId: '28:00000000-FAKE-4a1b-8c2d-00000000b07a',
          tenantId: '72f988bf-FAKE-41af-91ab-000000000000',
          conversationId: 'a:1FAKEpersonalConversation_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0',
        },
      });
      assert.equal(event.text, "Hi, I can't sign in to the portal since this morning");
    });

    it('channel: the top-level post and its replies share the thread keyed by ;messageid=<root>', () => {
      const root = message('message-channel-thread.json');
      const reply = message('message-channel-reply.json');
      assert.equal(root.thread.key, `channel:${CHANNEL_THREAD}`);
      assert.equal(reply.thread.key, root.thread.key);
      assert.equal(root.thread.kind, 'thread');
      assert.equal(root.thread.address.conversationId, CHANNEL_THREAD);
      assert.equal(root.thread.address.replyToId, '1774001400000');
      assert.equal(root.thread.address.teamId, '19:FAKEteam0123456789abcdef@thread.tacv2');
      assert.notEqual(root.channelMessageId, reply.channelMessageId);
    });

    it('channel post whose conversation id lacks the root: the post itself is the root', () => {
      const activity = JSON.parse(raw('message-channel-thread.json').toString()) as {
        conversation: { id: string };
      };
      activity.conversation.id = '19:FAKEchannel0123456789abcdef@thread.tacv2';
      const [event] = connector.parse(Buffer.from(JSON.stringify(activity)));
      assert.equal(event?.kind === 'message' && event.thread.key, `channel:${CHANNEL_THREAD}`);
    });

    it('group chat: one thread for the chat', () => {
      const event = message('message-group-chat.json');
      assert.equal(event.thread.key, 'chat:19:FAKEgroupchat0123456789abcdef@thread.v2');
      assert.equal(event.thread.kind, 'channel');
    });
  });

  describe('text and identity', () => {
    it('removes the bot mention and turns other mentions into @Name', () => {
      assert.equal(
        message('message-channel-thread.json').text,
        'our build agents cannot reach the package mirror, @Sam Patel saw it too',
      );
      assert.equal(message('message-group-chat.json').text, 'can you reset the shared mailbox password?');
    });

    it('identifies the sender by the Entra object id, verified; the 29: id stays the channel user id', () => {
      const { sender } = message('message-personal.json');
      assert.equal(sender.channelUserId, '29:1FAKEpersonalUserId_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789');
      assert.equal(sender.displayName, 'Morgan Lee');
      assert.deepEqual(sender.identifiers, [
        {
          type: 'channel_user',
          value: 'teams:0f1e2d3c-FAKE-4b5a-9c8d-000000000001',
          verified: true,
          source: 'teams:activity',
        },
      ]);
    });

    it('takes an email only when the activity carries one, and never a guest (#EXT#) UPN', () => {
      const activity = JSON.parse(raw('message-personal.json').toString()) as {
        from: Record<string, string>;
      };
      activity.from.userPrincipalName = 'Morgan.Lee@Example.com';
      const [withUpn] = connector.parse(Buffer.from(JSON.stringify(activity)));
      assert.deepEqual(withUpn?.kind === 'message' && withUpn.sender.identifiers[1], {
        type: 'email',
        value: 'morgan.lee@example.com',
        verified: true,
        source: 'teams:activity',
      });
      activity.from.userPrincipalName = 'morgan_gmail.com#EXT#@contoso.onmicrosoft.com';
      const [guest] = connector.parse(Buffer.from(JSON.stringify(activity)));
      assert.equal(guest?.kind === 'message' && guest.sender.identifiers.length, 1);
    });

    it("ignores the bot's own messages", () => {
      const activity = JSON.parse(raw('message-personal.json').toString()) as Record<string, any>;
      activity.from = { id: activity.recipient.id, name: 'Omniloom Support' };
      const [event] = connector.parse(Buffer.from(JSON.stringify(activity)));
      assert.equal(event?.kind, 'ignored');
    });
  });

  describe('attachments', () => {
    it('files in personal chat: the pre-authenticated downloadUrl, kind from the file type', () => {
      assert.deepEqual(message('message-personal-file.json').attachments, [
        {
          kind: 'file',
          url: 'https://fake-my.sharepoint.com/personal/morgan_example_com/_layouts/15/download.aspx?UniqueId=FAKE-0000-0000-0000-000000000001&Translate=false&tempauth=FAKE_tempauth',
          fileName: 'install-log.txt',
        },
      ]);
    });

    it('pasted images: served by the Bot Connector, so marked for a bot-token download; the HTML copy is dropped', () => {
      const event = message('message-personal-image.json');
      const url =
        'https://smba.trafficmanager.net/emea/v3/attachments/0-weu-d1-FAKEattachment0001/views/original';
      assert.equal(event.text, '');
      assert.deepEqual(event.attachments, [{ kind: 'image', url, platformFileId: url }]);
    });

    it('never marks an image on another host for the bot token', () => {
      const activity = JSON.parse(raw('message-personal-image.json').toString()) as Record<string, any>;
      activity.attachments[0].contentUrl = 'https://attacker.example.com/v3/attachments/x/views/original';
      activity.attachments[0].contentType = 'image/png';
      const [event] = connector.parse(Buffer.from(JSON.stringify(activity)));
      assert.deepEqual(event?.kind === 'message' && event.attachments, [
        {
          kind: 'image',
          url: 'https://attacker.example.com/v3/attachments/x/views/original',
          contentType: 'image/png',
        },
      ]);
    });
  });

  describe('edits, deletes and reactions', () => {
    it('messageUpdate/editMessage → edit of the same message id, deduped per edit time', () => {
      const [edit] = parse('message-update-edit.json');
      const original = message('message-personal.json');
      assert.equal(edit?.kind, 'edit');
      assert.equal(edit?.kind === 'edit' && edit.channelMessageId, original.channelMessageId);
      assert.equal(
        edit?.kind === 'edit' && edit.text,
        "Hi, I can't sign in to the customer portal since this morning",
      );
      assert.notEqual(edit?.dedupeKey, original.dedupeKey);
    });

    it('messageDelete/softDeleteMessage → delete; undelete is ignored', () => {
      const [deletion] = parse('message-delete.json');
      assert.equal(deletion?.kind, 'delete');
      assert.equal(
        deletion?.kind === 'delete' && deletion.channelMessageId,
        message('message-personal.json').channelMessageId,
      );
      assert.equal(parse('message-update-undelete.json')[0]?.kind, 'ignored');
    });

    it('reactions: classic names and code-point names become emoji, on the message replied to', () => {
      const [added] = parse('message-reaction-added.json');
      assert.equal(added?.kind === 'reaction' && added.emoji, '👍');
      assert.equal(added?.kind === 'reaction' && added.removed, false);
      assert.equal(
        added?.kind === 'reaction' && added.channelMessageId,
        'a:1FAKEpersonalConversation_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0|1774001250000',
      );
      const [removed] = parse('message-reaction-removed.json');
      assert.equal(removed?.kind === 'reaction' && removed.emoji, '👀');
      assert.equal(removed?.kind === 'reaction' && removed.removed, true);
      assert.equal(removed?.kind === 'reaction' && removed.thread.key, `channel:${CHANNEL_THREAD}`);
    });
  });

  describe('other activities', () => {
    it('conversationUpdate and invoke are ignored with a reason saying why', () => {
      const reasons = [
        'conversation-update-bot-added.json',
        'conversation-update-members-added.json',
        'invoke-card-action.json',
      ].map((name) => {
        const [event] = parse(name);
        return event?.kind === 'ignored' ? event.reason : event?.kind;
      });
      assert.match(reasons[0] ?? '', /bot was added/);
      assert.match(reasons[1] ?? '', /members joined/);
      assert.match(reasons[2] ?? '', /not handled/);
    });

    it('ignores activities from another tenant when tenantId is set', () => {
      assert.equal(
        parse('message-personal.json', { tenantId: '72f988bf-FAKE-41af-91ab-000000000000' })[0]?.kind,
        'message',
      );
      const [foreign] = parse('message-personal.json', { tenantId: '11111111-2222-3333-4444-555555555555' });
      assert.equal(foreign?.kind, 'ignored');
    });

    it('gives a redelivered activity the same dedupe key', () => {
      assert.equal(
        parse('message-personal.json')[0]?.dedupeKey,
        parse('message-personal.json')[0]?.dedupeKey,
      );
    });

    it('rejects a message activity without its routing fields', () => {
      const activity = JSON.parse(raw('message-personal.json').toString()) as Record<string, unknown>;
      for (const field of ['conversation', 'from', 'serviceUrl', 'id']) {
        const broken = { ...activity };
        delete broken[field];
        assert.throws(() => connector.parse(Buffer.from(JSON.stringify(broken))), BadRequestError, field);
      }
    });
  });
});
