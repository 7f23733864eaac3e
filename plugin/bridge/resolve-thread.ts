import type { Logger } from 'pino';
import { ChatwootApiError } from '../errors.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { InboundMessageEvent } from '../messages/normalized-message.ts';
import type { Store, ThreadLinkRecord } from '../store/store.ts';
import { addressForStorage } from './thread-address.ts';
import { withKeyLock } from './with-key-lock.ts';

export interface ResolvedThread {
  link: ThreadLinkRecord;
  created: boolean;
}

/** The channel-user identifier a bridged sender is known by across Omniloom. */
export function channelUserKey(channel: string, event: Pick<InboundMessageEvent, 'sender'>): string {
  const fromConnector = event.sender.identifiers.find((identifier) => identifier.type === 'channel_user');
  return fromConnector?.value ?? `${channel}:${event.sender.channelUserId}`;
}

/**
 * Finds the Chatwoot conversation for a channel thread, creating the contact
 * and conversation the first time. Runs under a per-thread lock so parallel
 * first messages create one conversation, and under a per-sender lock so they
 * create one contact.
 */
export async function resolveThread(
  deps: { store: Store; logger: Logger },
  installation: InstallationContext,
  inboxId: number,
  event: InboundMessageEvent,
): Promise<ResolvedThread> {
  const installationId = installation.record.id;
  const { store } = deps;
  return withKeyLock(store.idempotency, `thread:${installationId}:${event.channel}:${event.thread.key}`, async () => {
    const existing = await store.threads.get(installationId, event.channel, event.thread.key);
    if (existing && (await conversationUsable(installation, existing))) {
      return { link: existing, created: false };
    }
    const contactId = await resolveContact(deps, installation, inboxId, event);
    const sourceId = channelUserKey(event.channel, event);
    const conversation = await installation.chatwoot.createConversation({
      source_id: sourceId,
      inbox_id: inboxId,
      contact_id: contactId,
      additional_attributes: { omniloom_channel: event.channel, omniloom_thread: event.thread.key },
    });
    const link = await store.threads.upsert({
      installationId,
      channel: event.channel,
      threadKey: event.thread.key,
      conversationId: conversation.id,
      contactId,
      sourceId,
      address: addressForStorage(event.thread),
    });
    return { link, created: true };
  });
}

/** A linked conversation is reused unless it is gone, or resolved and the installation starts new ones. */
async function conversationUsable(installation: InstallationContext, link: ThreadLinkRecord): Promise<boolean> {
  try {
    const conversation = await installation.chatwoot.getConversation(link.conversationId);
    if (conversation.status === 'resolved' && installation.settings.conversations.afterResolved === 'new_conversation') {
      return false;
    }
    return true;
  } catch (error) {
    if (error instanceof ChatwootApiError && error.status === 404) return false;
    throw error;
  }
}

async function resolveContact(
  deps: { store: Store },
  installation: InstallationContext,
  inboxId: number,
  event: InboundMessageEvent,
): Promise<number> {
  const installationId = installation.record.id;
  const userKey = channelUserKey(event.channel, event);
  return withKeyLock(deps.store.idempotency, `contact:${installationId}:${userKey}`, async () => {
    for (const known of await deps.store.identities.findByValue(installationId, 'channel_user', userKey)) {
      if (await contactExists(installation, known.contactId)) return known.contactId;
    }
    const created = await installation.chatwoot.createContact({
      name: event.sender.displayName ?? event.sender.username ?? userKey,
      inbox_id: inboxId,
      source_id: userKey,
      additional_attributes: { omniloom_channel: event.channel, omniloom_channel_user: event.sender.channelUserId },
    });
    await deps.store.identities.add({
      installationId,
      contactId: created.contact.id,
      type: 'channel_user',
      value: userKey,
      verified: true,
      source: `${event.channel}:sender`,
    });
    return created.contact.id;
  });
}

async function contactExists(installation: InstallationContext, contactId: number): Promise<boolean> {
  try {
    await installation.chatwoot.getContact(contactId);
    return true;
  } catch (error) {
    if (error instanceof ChatwootApiError && error.status === 404) return false;
    throw error;
  }
}
