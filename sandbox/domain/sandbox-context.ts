import type { EventRecorder } from '../events/record-events.ts';
import type { AgentBotRecord, ContactRecord, UserRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';

/** Who performs an operation (`Current.user`, or `Current.executed_by` for contacts and the system). */
export type Actor =
  | { kind: 'user'; user: UserRecord }
  | { kind: 'bot'; bot: AgentBotRecord }
  | { kind: 'contact'; contact: ContactRecord }
  | { kind: 'system' };

/** Everything a domain service needs: the data, the event recorder, the clock and the actor. */
export interface SandboxContext {
  state: SandboxState;
  events: EventRecorder;
  now: () => Date;
  actor: Actor;
}

/** The same context acting as someone else. */
export function actingAs(context: SandboxContext, actor: Actor): SandboxContext {
  return { ...context, actor };
}

/** The display name used in activity messages ("Conversation was marked resolved by <name>"), if any. */
export function actorName(actor: Actor): string | undefined {
  if (actor.kind === 'user') return actor.user.name;
  if (actor.kind === 'bot') return actor.bot.name;
  return undefined;
}
