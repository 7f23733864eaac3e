import { readMessageEvent } from '../bot/read-message-event.ts';
import { isHandoffAnnouncement } from '../bot/reply/customer-messages.ts';
import type { ChatwootEventJob } from '../chatwoot-events/chatwoot-event.ts';
import type { ConversationPriority, ConversationStatus } from '../chatwoot/types.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import { readChatwootConversation, type ConversationRef } from '../analytics/read-chatwoot-conversation.ts';

/** What a Chatwoot event means for response clocks. */
export type SlaEvent =
  | { kind: 'conversation'; ref: ConversationRef; at: string }
  | { kind: 'customer_message'; ref: ConversationRef; messageId: number; at: string }
  | { kind: 'reply'; ref: ConversationRef; messageId: number; at: string; by: 'agent' | 'bot' }
  | { kind: 'status'; ref: ConversationRef; status: ConversationStatus; at: string }
  | { kind: 'priority'; ref: ConversationRef; priority: ConversationPriority | null; at: string };

const PRIORITIES = new Set(['low', 'medium', 'high', 'urgent']);

/** The message's own time (Chatwoot's `created_at`), else when Omniloom received the event. */
function timeOf(value: unknown, fallback: string): string {
  const ms =
    typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value * 1000 : Number.NaN;
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}

/** `changed_attributes` entry for `name`, when the event carries one (README §12: an array of one-key objects). */
function changed(payload: Record<string, unknown>, name: string): { current_value?: unknown } | undefined {
  const list = Array.isArray(payload.changed_attributes) ? payload.changed_attributes : [];
  for (const entry of list) {
    if (entry && typeof entry === 'object' && name in entry)
      return (entry as Record<string, { current_value?: unknown }>)[name];
  }
  return undefined;
}

/**
 * Reads an account-webhook event into an SLA event. Private notes, template
 * messages (greetings, CSAT surveys) and the AI agent's hand-off announcement
 * (in whichever language it went out; it promises a person rather than
 * answering) are not replies.
 */
export function readSlaEvent(installation: InstallationContext, job: ChatwootEventJob): SlaEvent | undefined {
  const payload = job.payload;
  if (job.event === 'message_created') {
    const message = readMessageEvent(payload);
    const ref = readChatwootConversation(installation, payload.conversation);
    if (!message || !ref || message.private) return undefined;
    const at = timeOf(payload.created_at, job.receivedAt);
    if (message.messageType === 'incoming' && message.sender === 'contact') {
      return { kind: 'customer_message', ref, messageId: message.messageId, at };
    }
    if (message.messageType !== 'outgoing') return undefined;
    if (message.sender === 'user')
      return { kind: 'reply', ref, messageId: message.messageId, at, by: 'agent' };
    if (message.sender === 'agent_bot') {
      if (isHandoffAnnouncement(installation.settings.ai, message.content)) return undefined;
      return { kind: 'reply', ref, messageId: message.messageId, at, by: 'bot' };
    }
    return undefined;
  }
  const ref = readChatwootConversation(installation, payload);
  if (!ref) return undefined;
  const at = job.receivedAt;
  if (job.event === 'conversation_created') return { kind: 'conversation', ref, at };
  if (job.event === 'conversation_status_changed' && ref.status)
    return { kind: 'status', ref, status: ref.status, at };
  if (job.event === 'conversation_updated') {
    const priority = changed(payload, 'priority');
    if (priority) {
      const value = priority.current_value;
      return {
        kind: 'priority',
        ref,
        priority: typeof value === 'string' && PRIORITIES.has(value) ? (value as ConversationPriority) : null,
        at,
      };
    }
  }
  return undefined;
}
