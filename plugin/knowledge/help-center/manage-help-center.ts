import type { EnqueueResult } from '../../queue/queue.ts';
import { BadRequestError, NotFoundError } from '../../errors.ts';
import type { ChatwootPortal } from '../../chatwoot/types.ts';
import type { InstallationContext } from '../../install/installation-directory.ts';
import { importHelpCenterKnowledge, type KnowledgeDeps } from '../manage-knowledge.ts';
import {
  findHelpCenterPortal,
  forgetHelpCenterPortal,
  saveHelpCenterPortal,
  type HelpCenterPortalSource,
} from './help-center-portals.ts';
import { requestHelpCenterSync, type HelpCenterQueueDeps } from './help-center-sync-queue.ts';
import { withPortalLock } from './portal-sync-lock.ts';

export type HelpCenterManageDeps = Omit<HelpCenterQueueDeps, 'logger'>;

export interface ConnectPortalInput {
  portal: string;
  inboxId?: number;
  keepInSync: boolean;
}

async function activeContext(deps: Pick<HelpCenterManageDeps, 'directory'>, installationId: string): Promise<InstallationContext> {
  const context = await deps.directory.get(installationId);
  if (!context || context.record.status !== 'active') throw new NotFoundError(`No active installation ${installationId}.`);
  return context;
}

/** The account's Help Center portals, as Chatwoot lists them. */
export async function listChatwootPortals(deps: Pick<HelpCenterManageDeps, 'directory'>, installationId: string): Promise<ChatwootPortal[]> {
  return (await activeContext(deps, installationId)).chatwoot.listPortals();
}

/**
 * Adds a Chatwoot Help Center portal as a knowledge source, or changes its
 * inbox and schedule. The portal must exist in the account.
 */
export async function saveHelpCenterSource(
  deps: Pick<HelpCenterManageDeps, 'directory' | 'store' | 'now'>,
  installationId: string,
  input: ConnectPortalInput,
): Promise<HelpCenterPortalSource> {
  const portals = await listChatwootPortals(deps, installationId);
  if (!portals.some((portal) => portal.slug === input.portal)) {
    const known = portals.map((portal) => portal.slug).join(', ');
    throw new BadRequestError(
      `Chatwoot has no Help Center portal "${input.portal}" in this account${known ? ` (portals: ${known})` : ''}.`,
      422,
    );
  }
  return saveHelpCenterPortal(deps.store, installationId, input, deps.now());
}

/** Connects a portal (see `saveHelpCenterSource`) and queues its first sync. */
export async function connectHelpCenterPortal(
  deps: HelpCenterManageDeps,
  installationId: string,
  input: ConnectPortalInput,
): Promise<{ source: HelpCenterPortalSource; job: EnqueueResult }> {
  const source = await saveHelpCenterSource(deps, installationId, input);
  const job = await requestHelpCenterSync(deps, { installationId, portal: input.portal });
  return { source, job };
}

/** Queues a sync of a connected portal now. */
export async function syncHelpCenterPortalNow(deps: HelpCenterManageDeps, installationId: string, portal: string): Promise<EnqueueResult> {
  await activeContext(deps, installationId);
  if (!(await findHelpCenterPortal(deps.store, installationId, portal)))
    throw new NotFoundError(`Portal ${portal} is not a knowledge source of this installation.`);
  return requestHelpCenterSync(deps, { installationId, portal });
}

/** How long a disconnect waits for a running sync of the portal to finish. */
const DISCONNECT_WAIT_MS = 30_000;

/** Stops using a portal; its articles leave the knowledge base unless `keepDocuments`. */
export async function disconnectHelpCenterPortal(
  deps: KnowledgeDeps,
  installationId: string,
  portal: string,
  options: { keepDocuments?: boolean } = {},
): Promise<{ removedDocuments: number }> {
  const done = await withPortalLock(
    deps.store,
    installationId,
    portal,
    async () => {
      if (!(await forgetHelpCenterPortal(deps.store, installationId, portal)))
        throw new NotFoundError(`Portal ${portal} is not a knowledge source of this installation.`);
      if (options.keepDocuments) return { removedDocuments: 0 };
      // An empty article list is a portal with nothing published: every document of the portal goes.
      const { removed } = await importHelpCenterKnowledge(deps, { installationId, portal }, []);
      return { removedDocuments: removed };
    },
    { waitMs: DISCONNECT_WAIT_MS },
  );
  if (!done) throw new BadRequestError(`A sync of portal ${portal} is still running; try again in a minute.`, 409, 'conflict');
  return done.value;
}
