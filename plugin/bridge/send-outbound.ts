import type { Logger } from 'pino';
import type { Connector } from '../../connectors/core/connector.ts';
import type { ChatwootEventJob } from '../chatwoot-events/chatwoot-event.ts';
import type { ChatwootEventSubscriber } from '../chatwoot-events/dispatch-chatwoot-events.ts';
import { OmniloomError, RateLimitError } from '../errors.ts';
import type { InstallationDirectory } from '../install/installation-directory.ts';
import type { AttachmentKind, OutboundAttachment, OutboundMessage } from '../messages/normalized-message.ts';
import { PermanentJobError, RetryLaterError } from '../queue/queue.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';
import { loadConnectorAccount } from './load-connector-account.ts';
import { openPendingThread } from './open-pending-thread.ts';

interface MessagePayload {
  id: number;
  content?: string | null;
  message_type?: string;
  private?: boolean;
  content_attributes?: Record<string, unknown> | null;
  conversation?: { id?: number };
  attachments?: Array<{ data_url?: string; file_type?: string; extension?: string | null }>;
}

export interface SendOutboundDeps {
  store: Store;
  secrets: SecretBox;
  directory: InstallationDirectory;
  connectors: (id: string) => Connector | undefined;
  logger: Logger;
  maxAttachmentBytes: number;
}

/**
 * Agent and bot replies in a bridged inbox arrive from Chatwoot as
 * `message_created` on the inbox webhook; this sends them out on the channel.
 * Incoming echoes, private notes and activity messages are never sent.
 */
export function createOutboundSubscriber(deps: SendOutboundDeps): ChatwootEventSubscriber {
  return {
    name: 'outbound',
    receivers: ['inbox'],
    events: ['message_created'],
    concurrency: 4,
    handle: (job) => sendOutbound(deps, job),
  };
}

export async function sendOutbound(deps: SendOutboundDeps, job: ChatwootEventJob): Promise<void> {
  const payload = job.payload as unknown as MessagePayload;
  if (payload.private || !['outgoing', 'template'].includes(payload.message_type ?? '')) return;
  const channel = job.channel;
  const conversationId = payload.conversation?.id;
  if (!channel || !conversationId) return;
  const installationId = job.installationId;
  if (await deps.store.messages.byChatwootMessage(installationId, payload.id)) return;

  const connector = deps.connectors(channel);
  const installation = await deps.directory.get(installationId);
  const loaded = await loadConnectorAccount(deps, installationId, channel);
  if (!connector || !installation || !loaded) throw new PermanentJobError(`Channel ${channel} is not set up for installation ${installationId}`);
  const thread = await deps.store.threads.findByConversation(installationId, conversationId);
  if (!thread) {
    deps.logger.warn({ installationId, channel, conversationId }, 'reply in a conversation no channel thread belongs to: not sent');
    return;
  }

  try {
    const message: OutboundMessage = {
      installationId,
      channel,
      thread: await openPendingThread(deps, connector.threadOpener, loaded.account, thread),
      text: payload.content ?? '',
      attachments: toOutboundAttachments(payload.attachments ?? []),
      chatwootMessageId: payload.id,
      chatwootConversationId: conversationId,
    };
    const result = await connector.send(message, loaded.account, { logger: deps.logger, maxAttachmentBytes: deps.maxAttachmentBytes });
    for (const channelMessageId of result.channelMessageIds) {
      await deps.store.messages.insert({
        installationId,
        channel,
        channelMessageId,
        chatwootMessageId: payload.id,
        conversationId,
        direction: 'outbound',
      });
    }
  } catch (error) {
    if (error instanceof RateLimitError) throw new RetryLaterError(error.message, error.retryAfterMs);
    if (error instanceof OmniloomError && error.code === 'config_invalid') {
      await reportFailure(installation.chatwoot, conversationId, payload.id, error.message, deps.logger);
      throw new PermanentJobError(error.message, { cause: error });
    }
    throw error;
  }
}

async function reportFailure(
  chatwoot: { updateMessageStatus(conversationId: number, messageId: number, status: 'failed', error?: string): Promise<unknown> },
  conversationId: number,
  messageId: number,
  reason: string,
  logger: Logger,
): Promise<void> {
  await chatwoot.updateMessageStatus(conversationId, messageId, 'failed', reason).catch((error: unknown) => {
    logger.warn({ err: error, messageId }, 'could not mark the Chatwoot message failed');
  });
}

function toOutboundAttachments(attachments: NonNullable<MessagePayload['attachments']>): OutboundAttachment[] {
  const kinds: Record<string, AttachmentKind> = { image: 'image', audio: 'audio', video: 'video', file: 'file' };
  return attachments
    .filter((attachment) => typeof attachment.data_url === 'string')
    .map((attachment) => ({
      url: attachment.data_url as string,
      kind: kinds[attachment.file_type ?? ''] ?? 'file',
      ...(attachment.extension ? { fileName: `attachment.${attachment.extension}` } : {}),
    }));
}
