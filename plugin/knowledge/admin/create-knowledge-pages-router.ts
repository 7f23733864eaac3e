import { Router, type Request, type Response } from 'express';
import type { FeaturePageKit } from '../../admin/create-feature-page-kit.ts';
import { withNotice } from '../../admin/flash-notices.ts';
import { withDeadline } from '../../timing/with-deadline.ts';
import type { ChatwootPortal } from '../../chatwoot/types.ts';
import { BadRequestError, NotFoundError } from '../../errors.ts';
import type { IngestResult } from '../../../rag/ingest.ts';
import type { InstallationRecord } from '../../store/store.ts';
import { listHelpCenterPortals } from '../help-center/help-center-portals.ts';
import {
  connectHelpCenterPortal,
  disconnectHelpCenterPortal,
  listChatwootPortals,
  syncHelpCenterPortalNow,
  type HelpCenterManageDeps,
} from '../help-center/manage-help-center.ts';
import { addKnowledgeUploads, listKnowledge, removeKnowledge, type UploadResult } from '../manage-knowledge.ts';
import {
  knowledgeFilesOf,
  MAX_KNOWLEDGE_FILE_BYTES,
  MAX_KNOWLEDGE_FILES,
  receiveKnowledgeFiles,
} from '../receive-knowledge-files.ts';
import { presentAvailablePortals, presentConnectedPortals, presentDocuments } from './present-knowledge-page.ts';

export interface KnowledgePagesDeps extends HelpCenterManageDeps {
  kit: FeaturePageKit;
  /** How often portals kept in sync are synced. */
  syncPeriodMs: number;
  /** How long the page waits for Chatwoot's portal list before showing it without. */
  portalListTimeoutMs?: number;
}

interface PageOverrides {
  upload?: { results?: UploadResult[]; error?: string };
  helpCenter?: { error?: string; form?: Record<string, string> };
}

/** Optional positive integer form field; empty means not given. */
function optionalInboxId(value: unknown): number | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new BadRequestError('The inbox id must be a positive whole number.', 422);
  return Number(text);
}

/** The portal slug a Help Center form names. */
function portalOf(req: Request): string {
  const portal = (req.body as Record<string, unknown> | undefined)?.portal;
  if (typeof portal !== 'string' || portal === '') throw new BadRequestError('The form names no portal.');
  return portal;
}

function optionalLanguage(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return undefined;
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(text))
    throw new BadRequestError('The language must be a code such as en or pt-BR.', 422);
  return text;
}

/** `created, 3 passages (2 embedded, 1 reused)`. */
function summarizeUpload(result: IngestResult): string {
  const passages = result.chunks === 1 ? '1 passage' : `${result.chunks} passages`;
  return `${result.status}, ${passages} (${result.embedded} embedded, ${result.reused} reused)`;
}

/** `3600000` → `hour`, `900000` → `15 minutes`. */
function describePeriod(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} seconds`;
  if (minutes === 60) return 'hour';
  if (minutes % 60 === 0) return `${minutes / 60} hours`;
  return minutes === 1 ? 'minute' : `${minutes} minutes`;
}

/**
 * The knowledge base page of an installation (`/admin/installations/:id/knowledge`):
 * its documents, a file upload, and Chatwoot Help Center portals as sources
 * (connect, sync now, disconnect).
 */
export function createKnowledgePagesRouter(deps: KnowledgePagesDeps): Router {
  const router = Router();
  const { kit } = deps;
  const base = '/admin/installations/:id/knowledge';
  const pagePath = (id: string) => `/admin/installations/${encodeURIComponent(id)}/knowledge`;

  async function findInstallation(req: Request): Promise<InstallationRecord> {
    const record = await deps.store.installations.get(String(req.params.id));
    if (!record || record.status !== 'active') throw new NotFoundError('There is no active installation with that id.');
    return record;
  }

  async function show(req: Request, res: Response, status: number, record: InstallationRecord, overrides: PageOverrides = {}) {
    const [documents, sources] = await Promise.all([
      listKnowledge(deps, record.id),
      listHelpCenterPortals(deps.store, record.id),
    ]);
    let available: ChatwootPortal[] | undefined;
    let portalWarning: string | undefined;
    try {
      available = await withDeadline(listChatwootPortals(deps, record.id), deps.portalListTimeoutMs ?? 4_000);
    } catch (error) {
      portalWarning = `Could not list the account's Help Center portals from Chatwoot (${(error as Error).message}).`;
    }
    const results = overrides.upload?.results;
    const unconnected = presentAvailablePortals(sources, available);
    const nothingToConnect =
      available === undefined || unconnected.length > 0
        ? undefined
        : sources.length > 0
          ? 'Every Help Center portal of this account is connected.'
          : 'This Chatwoot account has no Help Center portal yet. Create one in Chatwoot under Help Center, then come back here.';
    kit.send(res, status, 'knowledge', {
      ...kit.frame(req, `Knowledge base · account ${record.accountId}`),
      installation: { id: record.id, accountId: record.accountId, chatwootUrl: record.chatwootUrl },
      documents: presentDocuments(documents),
      chunkTotal: documents.reduce((sum, document) => sum + document.chunks, 0),
      limits: { files: MAX_KNOWLEDGE_FILES, megabytes: MAX_KNOWLEDGE_FILE_BYTES / 1024 / 1024 },
      upload: {
        error: overrides.upload?.error,
        results: results?.map((entry) =>
          'error' in entry
            ? { file: entry.file, ok: false, error: entry.error.message }
            : { file: entry.file, ok: true, summary: summarizeUpload(entry.result) },
        ),
      },
      helpCenter: {
        connected: presentConnectedPortals(sources, available),
        available: unconnected,
        nothingToConnect,
        warning: portalWarning,
        period: describePeriod(deps.syncPeriodMs),
        error: overrides.helpCenter?.error,
        form: overrides.helpCenter?.form ?? { keepInSync: 'on' },
      },
    });
  }

  router.get(base, ...kit.guard, async (req, res) => {
    await show(req, res, 200, await findInstallation(req));
  });

  router.post(`${base}/upload`, ...kit.guardWith(receiveKnowledgeFiles()), async (req, res) => {
    const record = await findInstallation(req);
    const body = req.body as Record<string, unknown>;
    const files = knowledgeFilesOf(req);
    if (files.length === 0) return show(req, res, 422, record, { upload: { error: 'Choose at least one file to upload.' } });
    let scope: { inboxId?: number; language?: string };
    try {
      const inboxId = optionalInboxId(body.inboxId);
      const language = optionalLanguage(body.language);
      scope = { ...(inboxId !== undefined ? { inboxId } : {}), ...(language ? { language } : {}) };
    } catch (error) {
      return show(req, res, 422, record, { upload: { error: (error as Error).message } });
    }
    const results = await addKnowledgeUploads(deps, record.id, files, scope);
    const accepted = results.some((entry) => 'result' in entry);
    await show(req, res, accepted ? 200 : 422, record, { upload: { results } });
  });

  router.post(`${base}/documents/:documentId/remove`, ...kit.guard, async (req, res) => {
    const record = await findInstallation(req);
    await removeKnowledge(deps, record.id, String(req.params.documentId));
    res.redirect(303, withNotice(pagePath(record.id), 'document-removed', 'documents'));
  });

  router.post(`${base}/help-center`, ...kit.guard, async (req, res) => {
    const record = await findInstallation(req);
    const body = req.body as Record<string, unknown>;
    const form = {
      portal: typeof body.portal === 'string' ? body.portal : '',
      inboxId: typeof body.inboxId === 'string' ? body.inboxId : '',
      keepInSync: body.keepInSync === 'on' ? 'on' : '',
    };
    try {
      if (!form.portal) throw new BadRequestError('Choose a portal.', 422);
      const inboxId = optionalInboxId(form.inboxId);
      await connectHelpCenterPortal(deps, record.id, {
        portal: form.portal,
        keepInSync: form.keepInSync === 'on',
        ...(inboxId !== undefined ? { inboxId } : {}),
      });
    } catch (error) {
      if (!(error instanceof BadRequestError) || error instanceof NotFoundError) throw error;
      return show(req, res, 422, record, { helpCenter: { error: error.message, form } });
    }
    res.redirect(303, withNotice(pagePath(record.id), 'help-center-connected', 'help-center'));
  });

  // The slug travels in the form body: Chatwoot allows any characters in it, `..` included, which no URL
  // path can carry faithfully.
  router.post(`${base}/help-center/sync`, ...kit.guard, async (req, res) => {
    const record = await findInstallation(req);
    await syncHelpCenterPortalNow(deps, record.id, portalOf(req));
    res.redirect(303, withNotice(pagePath(record.id), 'help-center-sync-queued', 'help-center'));
  });

  router.post(`${base}/help-center/disconnect`, ...kit.guard, async (req, res) => {
    const record = await findInstallation(req);
    await disconnectHelpCenterPortal(deps, record.id, portalOf(req));
    res.redirect(303, withNotice(pagePath(record.id), 'help-center-disconnected', 'help-center'));
  });

  router.use(base, kit.errors);
  return router;
}
