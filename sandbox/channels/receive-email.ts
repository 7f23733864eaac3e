import { randomUUID } from 'node:crypto';
import { buildContactInboxWithContact } from '../domain/build-contact-inbox.ts';
import { createConversation } from '../domain/create-conversation.ts';
import { UnprocessableError } from '../domain/errors.ts';
import type { SandboxContext } from '../domain/sandbox-context.ts';
import type { ContactInboxRecord, ConversationRecord, InboxRecord } from '../state/records.ts';
import type { NativeMessageInput } from './native-message-input.ts';

/** The parts of an incoming email Chatwoot keys its flow on. */
export interface EmailArrival {
  contactInbox: ContactInboxRecord;
  conversation: ConversationRecord;
  messageId: string;
  contentAttributes: Record<string, unknown>;
}

/**
 * `Imap::ImapMailbox` / `MailboxHelper`: the contact is the inbox's contact with the sender's address
 * (else one found or created by `ContactInboxWithContactBuilder` with the address as source id); the
 * conversation is the one the mail replies to (In-Reply-To or References matching a message's source
 * id, or a conversation's `in_reply_to`), otherwise a new conversation for every new mail thread.
 */
export function receiveEmail(
  context: SandboxContext,
  inbox: InboxRecord,
  input: NativeMessageInput,
): EmailArrival {
  const { state } = context;
  const address = input.contact?.email?.toLowerCase();
  if (!address) throw new UnprocessableError('contact.email is required for email inboxes');
  const mail = input.email ?? {};
  const messageId = input.source_id ?? mail.message_id ?? `<${randomUUID()}@sandbox.mail>`;

  const inboxContactIds = new Set(
    [...state.contactInboxes.values()].filter((row) => row.inboxId === inbox.id).map((row) => row.contactId),
  );
  const known = [...state.contacts.values()].find(
    (contact) => inboxContactIds.has(contact.id) && contact.email === address,
  );
  const contactInbox =
    (known &&
      [...state.contactInboxes.values()].find(
        (row) => row.inboxId === inbox.id && row.contactId === known.id,
      )) ||
    buildContactInboxWithContact(context, inbox, address, {
      name: input.contact?.name || address.split('@')[0],
      email: address,
      additional_attributes: { source_id: `email:${messageId}` },
    });

  const inboxConversations = [...state.conversations.values()].filter(
    (conversation) => conversation.inboxId === inbox.id,
  );
  const byMessageId = (id: string | undefined) => {
    if (!id) return undefined;
    const message = [...state.messages.values()].find(
      (row) => row.inboxId === inbox.id && row.sourceId === id,
    );
    return message ? state.conversations.get(message.conversationId) : undefined;
  };
  let conversation =
    byMessageId(mail.in_reply_to) ??
    (mail.in_reply_to
      ? inboxConversations.find((row) => row.additionalAttributes.in_reply_to === mail.in_reply_to)
      : undefined);
  for (const reference of mail.references ?? []) conversation ??= byMessageId(reference);
  conversation ??= createConversation(context, contactInbox, {
    additionalAttributes: {
      source: 'email',
      in_reply_to: mail.in_reply_to ?? null,
      auto_reply: false,
      mail_subject: mail.subject ?? null,
      initiated_at: { timestamp: context.now().toString() },
    },
  });
  const text = input.content ?? '';
  const contentAttributes = {
    email: {
      bcc: null,
      cc: mail.cc ?? null,
      content_type: 'text/plain',
      date: context.now().toISOString(),
      from: [address],
      html_content: {},
      in_reply_to: mail.in_reply_to ?? null,
      message_id: messageId,
      multipart: false,
      number_of_attachments: input.attachments?.length ?? 0,
      subject: mail.subject ?? null,
      text_content: { full: text, reply: text, quoted: text },
      to: mail.to ?? [inbox.channel.email],
      auto_reply: false,
    },
    cc_email: mail.cc ?? null,
    bcc_email: null,
  };
  return { contactInbox, conversation, messageId, contentAttributes };
}
