import { withKeyLock } from '../bridge/with-key-lock.ts';
import type { ChatwootEventJob } from '../chatwoot-events/chatwoot-event.ts';
import { advanceResponseClock } from './advance-response-clock.ts';
import { carryOutSlaEffects, slaPolicyOf } from './carry-out-sla-effects.ts';
import { readSlaEvent } from './read-sla-event.ts';
import type { SlaDeps } from './sla-deps.ts';
import { loadSlaState, saveSlaState } from './sla-state.ts';

/** One conversation's clock changes one event at a time, across processes (events and timers alike). */
export const slaLockKey = (installationId: string, conversationId: number) =>
  `${installationId}:sla:${conversationId}`;
export const SLA_LOCK = { ttlMs: 60_000, waitMs: 60_000 };

/**
 * Moves a conversation's response clock on with a Chatwoot event: effects
 * first (idempotent), state last, so a job that dies midway is retried
 * without losing a timer or counting twice.
 */
export async function handleSlaEvent(deps: SlaDeps, job: ChatwootEventJob): Promise<void> {
  const installation = await deps.directory.get(job.installationId);
  if (!installation) return;
  const event = readSlaEvent(installation, job);
  if (!event) return;
  const { conversationId } = event.ref;
  await withKeyLock(
    deps.store.idempotency,
    slaLockKey(job.installationId, conversationId),
    async () => {
      const current = await loadSlaState(deps.store.kv, job.installationId, conversationId);
      const { state, effects } = advanceResponseClock(current, event, slaPolicyOf(installation));
      await carryOutSlaEffects(deps, job.installationId, state, effects);
      await saveSlaState(deps.store.kv, job.installationId, state);
    },
    SLA_LOCK,
  );
}
