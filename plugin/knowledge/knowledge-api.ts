import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { BadRequestError } from '../errors.ts';
import { addKnowledgeDocument, addKnowledgeUploads, listKnowledge, removeKnowledge, type KnowledgeDeps } from './manage-knowledge.ts';
import { knowledgeFilesOf, receiveKnowledgeFiles } from './receive-knowledge-files.ts';

const uploadSchema = z.object({
  source: z.string().min(1).max(2048).optional(),
  title: z.string().min(1).max(500),
  content: z.string().min(1).max(2_000_000),
  format: z.enum(['markdown', 'html', 'text']).default('markdown'),
  inboxId: z.number().int().positive().optional(),
  language: z.string().min(2).max(10).optional(),
});

const uploadScopeSchema = z.object({
  inboxId: z.coerce.number().int().positive().optional(),
  language: z.string().min(2).max(10).optional(),
});

/** Multipart form fields arrive as strings; empty ones mean "not given". */
function presentFields(body: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
    ),
  );
}

/**
 * Admin API of the knowledge base: list, upload (JSON content, or files as
 * multipart form data), update by source and remove documents.
 */
export function createKnowledgeRouter(deps: KnowledgeDeps & { requireAdmin: RequestHandler }): Router {
  const router = Router();
  router.get('/api/installations/:id/knowledge', deps.requireAdmin, async (req, res) => {
    const documents = await listKnowledge(deps, String(req.params.id));
    res.json({ documents: documents.map(({ id, title, source, chunks, language, inboxId, updatedAt }) => ({ id, title, source, chunks, language, inboxId, updatedAt })) });
  });
  router.post('/api/installations/:id/knowledge', deps.requireAdmin, async (req, res) => {
    const parsed = uploadSchema.safeParse(req.body);
    if (!parsed.success) throw new BadRequestError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
    const { source, title, content, format, inboxId, language } = parsed.data;
    const result = await addKnowledgeDocument(deps, {
      installationId: String(req.params.id),
      source: source ?? `upload:${title}`,
      title,
      text: content,
      type: format,
      ...(inboxId ? { inboxId } : {}),
      ...(language ? { language } : {}),
    });
    res.status(201).json(result);
  });
  router.post('/api/installations/:id/knowledge/files', deps.requireAdmin, receiveKnowledgeFiles(), async (req, res) => {
    const scope = uploadScopeSchema.safeParse(presentFields(req.body));
    if (!scope.success) throw new BadRequestError(scope.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
    const uploads = knowledgeFilesOf(req);
    if (uploads.length === 0) throw new BadRequestError('Attach at least one file in the "files" field.');
    const results = await addKnowledgeUploads(deps, String(req.params.id), uploads, scope.data);
    const files = results.map((entry) =>
      'error' in entry ? { file: entry.file, error: entry.error.message } : { file: entry.file, ...entry.result },
    );
    if (files.every((entry) => 'error' in entry)) {
      // The usual error shape, with each file's reason alongside.
      res.status(422).json({ error: { code: 'bad_request', message: 'No file could be added; see files for why.' }, files });
      return;
    }
    res.status(201).json({ files });
  });
  router.delete('/api/installations/:id/knowledge/:documentId', deps.requireAdmin, async (req, res) => {
    await removeKnowledge(deps, String(req.params.id), String(req.params.documentId));
    res.status(204).end();
  });
  return router;
}
