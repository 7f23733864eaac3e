import type { ConversationPriority, ConversationStatus } from '../chatwoot/types.ts';
import type { KeyValueStore } from '../store/store.ts';

export type ClockKind = 'first_response' | 'next_response';

/** The target a running clock is held to. */
export interface ClockTarget {
  name?: string;
  minutes: number;
  /** When the response is due (ISO). */
  deadline: string;
  /** When to warn (ISO); absent when warnings are off or the target is shorter than the warning. */
  warnAt?: string;
  businessHoursOnly: boolean;
}

/** A customer waiting for a reply: started by their message, stopped by a public reply. */
export interface ResponseClock {
  kind: ClockKind;
  /** The customer message that started it (message ids grow, so a reply with a higher id answers it). */
  startMessageId: number;
  startedAt: string;
  target?: ClockTarget;
  warned?: boolean;
  breached?: boolean;
  /** The priority Omniloom raised it to on a warning: its echo must not re-target the clock. */
  escalatedPriority?: ConversationPriority;
}

/** What the SLA tracker knows about one conversation. */
export interface SlaConversationState {
  conversationId: number;
  inboxId: number;
  channel: string;
  priority: ConversationPriority | null;
  status?: ConversationStatus;
  /** The first public reply by an agent or the bot (ISO). */
  firstReplyAt?: string;
  /** Highest message id of a public reply seen (events may arrive out of order). */
  lastReplyMessageId?: number;
  clock?: ResponseClock;
}

const namespace = (installationId: string) => `${installationId}:sla`;

export async function loadSlaState(
  kv: KeyValueStore,
  installationId: string,
  conversationId: number,
): Promise<SlaConversationState | undefined> {
  return kv.get<SlaConversationState>(namespace(installationId), String(conversationId));
}

export async function saveSlaState(
  kv: KeyValueStore,
  installationId: string,
  state: SlaConversationState,
): Promise<void> {
  await kv.set(namespace(installationId), String(state.conversationId), state);
}
