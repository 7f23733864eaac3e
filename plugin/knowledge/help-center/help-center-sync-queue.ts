import { randomUUID } from 'node:crypto';
import type { JobRetryPolicy } from '../../config/config.ts';
import type { EnqueueResult, JobQueue } from '../../queue/queue.ts';
import { listHelpCenterPortals } from './help-center-portals.ts';
import { syncHelpCenterPortal, type HelpCenterSyncDeps } from './sync-help-center-portal.ts';

export const HELP_CENTER_SYNC_QUEUE = 'knowledge-help-center';

export interface HelpCenterSyncJob {
  installationId: string;
  portal: string;
}

export interface HelpCenterQueueDeps extends HelpCenterSyncDeps {
  queue: JobQueue;
  retry: JobRetryPolicy;
}

/** Queues a sync of one portal now (admin page, API). */
export function requestHelpCenterSync(deps: Pick<HelpCenterQueueDeps, 'queue' | 'retry'>, job: HelpCenterSyncJob): Promise<EnqueueResult> {
  return deps.queue.add(HELP_CENTER_SYNC_QUEUE, job, {
    jobId: `${job.installationId}:${job.portal}:now:${randomUUID()}`,
    attempts: deps.retry.attempts,
    backoffMs: deps.retry.backoffMs,
  });
}

/**
 * Queues a sync of every portal kept in sync, once per period: the job id
 * names the period, so several worker processes ticking in the same period
 * queue one job, and a restart does not sync again before the next period.
 */
export async function queueScheduledSyncs(deps: HelpCenterQueueDeps, periodMs: number): Promise<number> {
  const period = Math.floor(deps.now().getTime() / periodMs);
  let queued = 0;
  for (const installation of await deps.store.installations.list()) {
    if (installation.status !== 'active') continue;
    for (const source of await listHelpCenterPortals(deps.store, installation.id)) {
      if (!source.keepInSync) continue;
      // Already synced in this period (a period can outlast how long the queue remembers job ids).
      if (source.lastRun && Date.parse(source.lastRun.at) >= period * periodMs) continue;
      const { duplicate } = await deps.queue.add<HelpCenterSyncJob>(
        HELP_CENTER_SYNC_QUEUE,
        { installationId: installation.id, portal: source.portal },
        { jobId: `${installation.id}:${source.portal}:period:${period}`, attempts: deps.retry.attempts, backoffMs: deps.retry.backoffMs },
      );
      if (!duplicate) queued++;
    }
  }
  return queued;
}

/** Runs queued syncs and, every `periodMs`, queues the scheduled ones (worker processes only). Returns a stop function. */
export function startHelpCenterSync(deps: HelpCenterQueueDeps, periodMs: number): () => void {
  deps.queue.process<HelpCenterSyncJob>(
    HELP_CENTER_SYNC_QUEUE,
    async ({ data }) => {
      await syncHelpCenterPortal(deps, data.installationId, data.portal);
    },
    { concurrency: 1 },
  );
  const tick = () =>
    queueScheduledSyncs(deps, periodMs).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'could not queue the scheduled help center syncs; trying again next period'),
    );
  void tick();
  // Ticks more often than the period so a period is not missed when the timer drifts.
  const timer = setInterval(() => void tick(), Math.max(1000, Math.floor(periodMs / 4)));
  timer.unref();
  return () => clearInterval(timer);
}
