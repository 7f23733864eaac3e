import { randomUUID } from 'node:crypto';
import { ChatwootApiError } from '../../errors.ts';
import type { InstallationDirectory } from '../../install/installation-directory.ts';
import type { Logger } from '../../logger.ts';
import { PermanentJobError, RetryLaterError } from '../../queue/queue.ts';
import { importHelpCenterKnowledge, type KnowledgeDeps } from '../manage-knowledge.ts';
import { findHelpCenterPortal, recordHelpCenterRun, type HelpCenterRun } from './help-center-portals.ts';
import { withPortalLock } from './portal-sync-lock.ts';
import { articleUrlBase, readPublishedArticles } from './read-published-articles.ts';

/** The portal was deleted in Chatwoot; its imported articles stay until an admin disconnects it. */
class PortalGoneError extends Error {
  constructor(portal: string) {
    super(`Chatwoot no longer has the Help Center portal "${portal}". Disconnect it to remove its articles.`);
    this.name = 'PortalGoneError';
  }
}

export interface HelpCenterSyncDeps extends KnowledgeDeps {
  directory: InstallationDirectory;
  logger: Logger;
  now: () => Date;
}

const BUSY_RETRY_MS = 30_000;

/**
 * Pulls a listed portal's published articles from Chatwoot into the knowledge
 * base (new and changed articles ingested, unpublished and deleted ones
 * removed) and records the outcome on the portal. Returns undefined when
 * there is nothing to do: the installation or the portal is no longer there.
 * Chatwoot failures are recorded, then thrown so the queue retries the
 * retryable ones.
 */
export async function syncHelpCenterPortal(
  deps: HelpCenterSyncDeps,
  installationId: string,
  portal: string,
): Promise<HelpCenterRun | undefined> {
  const locked = await withPortalLock(deps.store, installationId, portal, () => syncLocked(deps, installationId, portal));
  if (!locked) throw new RetryLaterError(`Portal ${portal} is being changed already.`, BUSY_RETRY_MS);
  return locked.value;
}

async function syncLocked(deps: HelpCenterSyncDeps, installationId: string, portal: string): Promise<HelpCenterRun | undefined> {
  const context = await deps.directory.get(installationId);
  const source = context && (await findHelpCenterPortal(deps.store, installationId, portal));
  if (!context || !source) {
    deps.logger.info({ installationId, portal }, 'help center sync skipped: the installation or portal is no longer configured');
    return undefined;
  }
  try {
    const details = (await context.chatwoot.listPortals()).find((entry) => entry.slug === portal);
    if (!details) throw new PortalGoneError(portal);
    const articles = await readPublishedArticles(context.chatwoot, portal, articleUrlBase(context.record.chatwootUrl, details));
    const result = await importHelpCenterKnowledge(
      deps,
      { installationId, portal, ...(source.inboxId !== undefined ? { inboxId: source.inboxId } : {}) },
      articles,
    );
    const run: HelpCenterRun = { at: deps.now().toISOString(), ok: true, ...result };
    await recordHelpCenterRun(deps.store, installationId, portal, run);
    if (result.ingested > 0 || result.removed > 0) await audit(deps, installationId, portal, run);
    deps.logger.info({ installationId, portal, ...result }, 'help center synced');
    return run;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const run: HelpCenterRun = { at: deps.now().toISOString(), ok: false, ingested: 0, unchanged: 0, removed: 0, embedded: 0, error: message };
    await recordHelpCenterRun(deps.store, installationId, portal, run);
    await audit(deps, installationId, portal, run);
    if (error instanceof PortalGoneError) throw new PermanentJobError(message, { cause: error });
    if (error instanceof ChatwootApiError && !error.retryable)
      throw new PermanentJobError(`Chatwoot refused the help center of portal ${portal}: ${message}`, { cause: error });
    throw error;
  }
}

async function audit(deps: HelpCenterSyncDeps, installationId: string, portal: string, run: HelpCenterRun): Promise<void> {
  await deps.store.audit.append({
    id: randomUUID(),
    installationId,
    actor: 'system',
    action: run.ok ? 'knowledge.help_center_synced' : 'knowledge.help_center_failed',
    subject: portal,
    reason: run.ok ? 'help center articles changed' : (run.error ?? 'failed'),
    data: { ingested: run.ingested, unchanged: run.unchanged, removed: run.removed, embedded: run.embedded },
    at: run.at,
  });
}
