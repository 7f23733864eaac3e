import type { Logger } from 'pino';
import type { InstallationDirectory } from '../install/installation-directory.ts';
import type { Identifier } from '../messages/normalized-message.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { IdentityDeps } from './merge-contact-pair.ts';
import { reconcileContactIdentity } from './reconcile-contact-identity.ts';

/** Queue of identity reconciliations for bridged messages. */
export const IDENTITY_QUEUE = 'identity';

/** One bridged message's identity facts, waiting to be reconciled. */
export interface IdentityJob {
  installationId: string;
  contactId: number;
  identifiers: Identifier[];
  conversationId?: number;
  trigger: string;
}

/**
 * Queues a reconciliation. The bridge must not retry a delivered message
 * because a merge failed, so identity work runs as its own durable job with
 * its own retries (Chatwoot down during a merge heals on a later attempt).
 */
export async function enqueueIdentityJob(
  queue: JobQueue,
  job: IdentityJob,
  dedupeKey: string,
): Promise<void> {
  await queue.add(IDENTITY_QUEUE, job, {
    jobId: `identity:${job.installationId}:${dedupeKey}`,
    attempts: 6,
    backoffMs: 1_000,
  });
}

/** Registers the worker of {@link IDENTITY_QUEUE}; only processes with the worker role call it. */
export function startIdentityWorker(
  deps: IdentityDeps & { queue: JobQueue; directory: InstallationDirectory; logger: Logger },
  options: { concurrency?: number } = {},
): void {
  deps.queue.process<IdentityJob>(
    IDENTITY_QUEUE,
    async ({ data }) => {
      const installation = await deps.directory.get(data.installationId);
      if (!installation) return;
      await reconcileContactIdentity(deps, installation, {
        contactId: data.contactId,
        identifiers: data.identifiers,
        ...(data.conversationId ? { conversationId: data.conversationId } : {}),
        trigger: data.trigger,
      });
    },
    { concurrency: options.concurrency ?? 4 },
  );
}
