import type { Logger } from 'pino';
import type { Connector, ConnectorDeps } from '../../connectors/core/connector.ts';
import type { InstallationContext, InstallationDirectory } from '../install/installation-directory.ts';
import type { InboundEvent, InboundMessageEvent } from '../messages/normalized-message.ts';
import { QueueUnavailableError } from '../errors.ts';
import { PermanentJobError, type Job } from '../queue/queue.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';
import type { InboundJob } from './job-names.ts';
import { loadConnectorAccount } from './load-connector-account.ts';
import { fetchAttachments } from './fetch-attachments.ts';
import { resolveThread } from './resolve-thread.ts';

/** What happened, for features that react to customer messages (identity, analytics). */
export interface DeliveredInbound {
  installation: InstallationContext;
  channel: string;
  inboxId: number;
  event: InboundMessageEvent;
  conversationId: number;
  contactId: number;
  chatwootMessageId: number;
  newConversation: boolean;
}

const POSTING_MARKER_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type AfterInboundHook = (delivered: DeliveredInbound) => Promise<void>;

export interface ProcessInboundDeps {
  store: Store;
  secrets: SecretBox;
  directory: InstallationDirectory;
  connectors: (id: string) => Connector | undefined;
  logger: Logger;
  maxAttachmentBytes: number;
  afterInbound: AfterInboundHook[];
}

/** Worker for the inbound queue: one normalized channel event into Chatwoot, exactly once. */
export async function processInbound(deps: ProcessInboundDeps, job: Job<InboundJob>): Promise<void> {
  const { installationId, channel, event } = job.data;
  const installation = await deps.directory.get(installationId);
  if (!installation) throw new PermanentJobError(`Installation ${installationId} no longer exists`);
  const account = await deps.store.channelAccounts.get(installationId, channel);
  if (!account?.inboxId) throw new PermanentJobError(`Channel ${channel} has no Chatwoot inbox in installation ${installationId}`);

  switch (event.kind) {
    case 'message':
      return deliverMessage(deps, installation, account.inboxId, event);
    case 'edit':
      return deliverMessage(deps, installation, account.inboxId, asReply(event, 'edit', `✏️ Edited: ${event.text}`));
    case 'delete':
      return deliverDelete(deps, installation, event);
    case 'reaction':
      if (event.removed) return;
      return deliverMessage(deps, installation, account.inboxId, asReply(event, 'reaction', event.emoji));
    case 'status':
      return deliverStatus(deps, installation, event);
    case 'ignored':
      return;
  }
}

async function deliverMessage(
  deps: ProcessInboundDeps,
  installation: InstallationContext,
  inboxId: number,
  event: InboundMessageEvent,
): Promise<void> {
  const installationId = installation.record.id;
  if (await deps.store.messages.byChannelMessage(installationId, event.channel, event.channelMessageId)) return;

  event = { ...event, sender: await enrichSender(deps, installationId, event) };
  const thread = await resolveThread(deps, installation, inboxId, event);
  const conversationId = thread.link.conversationId;
  const replyTo = event.replyToChannelMessageId
    ? await deps.store.messages.byChannelMessage(installationId, event.channel, event.replyToChannelMessageId)
    : undefined;

  // A run that dies between posting and recording leaves the message in Chatwoot unlinked. Queues do not
  // always count such a run as an attempt (bull's stalled jobs), so a marker set before posting tells us.
  const firstPost = await deps.store.idempotency.claim(`${installationId}:posting`, `${event.channel}:${event.channelMessageId}`, POSTING_MARKER_TTL_MS);
  const chatwootMessageId =
    (firstPost ? undefined : await findPostedMessage(installation, conversationId, event.channelMessageId)) ??
    (await postIncoming(deps, installation, conversationId, event, replyTo?.chatwootMessageId));

  const delivered: DeliveredInbound = {
    installation,
    channel: event.channel,
    inboxId,
    event,
    conversationId,
    contactId: thread.link.contactId,
    chatwootMessageId,
    newConversation: thread.created,
  };
  // Hooks run before the message is linked: a run stopped by an unreachable queue is retried, finds the
  // message it posted (posting marker) instead of posting it again, and runs the hooks then.
  for (const hook of deps.afterInbound) {
    try {
      await hook(delivered);
    } catch (error) {
      if (error instanceof QueueUnavailableError) throw error;
      // Any other failure of a side feature is logged: the customer's message is delivered either way.
      deps.logger.error({ err: error, installationId, chatwootMessageId }, 'after-inbound hook failed');
    }
  }
  await deps.store.messages.insert({
    installationId,
    channel: event.channel,
    channelMessageId: event.channelMessageId,
    chatwootMessageId,
    conversationId,
    direction: 'inbound',
  });
}

async function postIncoming(
  deps: ProcessInboundDeps,
  installation: InstallationContext,
  conversationId: number,
  event: InboundMessageEvent,
  inReplyTo: number | undefined,
): Promise<number> {
  const contentAttributes: Record<string, unknown> = { external_created_at: Math.floor(Date.parse(event.occurredAt) / 1000) };
  if (inReplyTo) contentAttributes.in_reply_to = inReplyTo;
  const connector = deps.connectors(event.channel);
  const loaded = await loadConnectorAccount(deps, installation.record.id, event.channel);
  const connectorDeps: ConnectorDeps = { logger: deps.logger, maxAttachmentBytes: deps.maxAttachmentBytes };
  const { files, notes } = await fetchAttachments(event.attachments, {
    connector,
    account: loaded?.account,
    deps: connectorDeps,
  });
  const content = [event.text, ...notes].filter((part) => part.trim() !== '').join('\n\n');
  const input = {
    content,
    message_type: 'incoming' as const,
    source_id: event.channelMessageId,
    content_attributes: contentAttributes,
  };
  const message =
    files.length > 0
      ? await installation.chatwoot.createMessageWithAttachments(
          conversationId,
          input,
          files.map((file) => ({ filename: file.fileName, data: file.data, contentType: file.contentType })),
        )
      : await installation.chatwoot.createMessage(conversationId, input);
  return message.id;
}

/** Adds identifiers the channel vouches for but only tells through an API call (Slack's verified email). Best effort. */
async function enrichSender(deps: ProcessInboundDeps, installationId: string, event: InboundMessageEvent) {
  const connector = deps.connectors(event.channel);
  if (!connector?.enrichSender) return event.sender;
  const loaded = await loadConnectorAccount(deps, installationId, event.channel);
  if (!loaded) return event.sender;
  try {
    return await connector.enrichSender(
      event.sender,
      loaded.account,
      { logger: deps.logger, maxAttachmentBytes: deps.maxAttachmentBytes },
      // Teams looks members up per conversation, so the lookup needs the thread's conversation reference.
      { thread: event.thread },
    );
  } catch (error) {
    deps.logger.warn({ err: error, installationId, channel: event.channel }, 'sender lookup failed; continuing with what the event says');
    return event.sender;
  }
}

/** After a crash between posting and recording, the message may already be in Chatwoot: find it by source id. */
async function findPostedMessage(
  installation: InstallationContext,
  conversationId: number,
  channelMessageId: string,
): Promise<number | undefined> {
  const { messages } = await installation.chatwoot.listMessages(conversationId);
  return messages.find((message) => message.source_id === channelMessageId)?.id;
}

/**
 * Chatwoot's API cannot change a message's content or show a customer's reaction, so edits and reactions
 * arrive as a short reply to the original message.
 */
function asReply(
  event: Extract<InboundEvent, { kind: 'edit' | 'reaction' }>,
  suffix: string,
  text: string,
): InboundMessageEvent {
  return {
    kind: 'message',
    channel: event.channel,
    dedupeKey: event.dedupeKey,
    occurredAt: event.occurredAt,
    channelMessageId: `${event.channelMessageId}#${suffix}:${event.dedupeKey}`,
    thread: event.thread,
    sender: event.sender,
    text,
    attachments: [],
    replyToChannelMessageId: event.channelMessageId,
  };
}

async function deliverDelete(
  deps: ProcessInboundDeps,
  installation: InstallationContext,
  event: Extract<InboundEvent, { kind: 'delete' }>,
): Promise<void> {
  const link = await deps.store.messages.byChannelMessage(installation.record.id, event.channel, event.channelMessageId);
  if (!link) return;
  await installation.chatwoot.deleteMessage(link.conversationId, link.chatwootMessageId).catch((error: unknown) => {
    if ((error as { status?: number }).status === 404) return;
    throw error;
  });
}

async function deliverStatus(
  deps: ProcessInboundDeps,
  installation: InstallationContext,
  event: Extract<InboundEvent, { kind: 'status' }>,
): Promise<void> {
  const link = await deps.store.messages.byChannelMessage(installation.record.id, event.channel, event.channelMessageId);
  if (!link || link.direction !== 'outbound') return;
  await installation.chatwoot.updateMessageStatus(link.conversationId, link.chatwootMessageId, event.status, event.error);
}
