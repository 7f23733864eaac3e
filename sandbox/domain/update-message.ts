import type { MessageRecord, MessageStatus } from '../state/records.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { sameValue } from './track-changes.ts';

const STATUSES: MessageStatus[] = ['sent', 'delivered', 'read', 'failed'];

/**
 * Save message attribute changes and emit message_updated when something changed
 * (`Message#dispatch_update_event` skips saves without changes).
 */
export function saveMessage(
  context: SandboxContext,
  message: MessageRecord,
  changes: Partial<Pick<MessageRecord, 'status' | 'content' | 'contentType' | 'contentAttributes'>>,
): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(changes) as Array<[keyof typeof changes, unknown]>) {
    if (value === undefined || sameValue(message[key], value)) continue;
    (message as unknown as Record<string, unknown>)[key] = value;
    changed = true;
  }
  if (!changed) return false;
  message.updatedAt = context.now();
  const conversation = context.state.conversations.get(message.conversationId);
  if (conversation) conversation.updatedAt = message.updatedAt; // touch: true
  context.events.record({ name: 'message_updated', messageId: message.id });
  return true;
}

/**
 * `Messages::StatusUpdateService`: set a delivery status; `external_error` is kept in
 * `content_attributes.external_error` for `failed` and set to null otherwise. Unknown statuses and a
 * read → delivered change are ignored.
 */
export function updateMessageStatus(
  context: SandboxContext,
  message: MessageRecord,
  status: string | undefined,
  externalError?: string | null,
): boolean {
  if (!status || !STATUSES.includes(status as MessageStatus)) return false;
  if (message.status === 'read' && status === 'delivered') return false;
  // The store accessor writes the key even when clearing it: content_attributes gains "external_error": null.
  const contentAttributes = {
    ...message.contentAttributes,
    external_error: status === 'failed' ? (externalError ?? null) : null,
  };
  return saveMessage(context, message, { status: status as MessageStatus, contentAttributes });
}
