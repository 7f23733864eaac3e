import type { Embedder } from './embed/embedder.ts';
import { ingestDocument, removeDocument, type IngestOptions } from './ingest.ts';
import type { RagStore } from './rag-store.ts';

/** The fields of a Chatwoot Help Center article the import uses (as the articles API returns them). */
export interface HelpCenterArticle {
  id: number;
  title: string;
  /** Markdown body. */
  content: string | null;
  locale?: string | null;
  /** `draft | published | archived` (the API's string form; the numeric enum 1 also means published). */
  status: string | number;
  updated_at?: string | number | null;
  slug?: string;
  /** The article's public address; answers cite it. */
  url?: string;
}

export interface HelpCenterImportTarget {
  installationId: string;
  /** Portal slug; documents are keyed per portal so portals import independently. */
  portal: string;
  inboxId?: number;
}

export interface HelpCenterImportResult {
  ingested: number;
  unchanged: number;
  removed: number;
  /** Chunks embedded during this import. */
  embedded: number;
}

function isPublished(article: HelpCenterArticle): boolean {
  return article.status === 'published' || article.status === 1;
}

/** The document source of an article: stable across imports, scoped to its portal. */
export function helpCenterSource(portal: string, articleId: number): string {
  return `chatwoot-help-center:${portal}:article:${articleId}`;
}

/**
 * Syncs a portal's Help Center into the knowledge base: ingests every
 * published article (Markdown, language from its locale) and removes the
 * portal's documents whose article is no longer in the list or no longer
 * published. `articles` must be the portal's complete list (every page), or
 * articles missing from it are removed.
 */
export async function importHelpCenterArticles(
  store: RagStore,
  embedder: Embedder,
  target: HelpCenterImportTarget,
  articles: readonly HelpCenterArticle[],
  options: IngestOptions = {},
): Promise<HelpCenterImportResult> {
  const result: HelpCenterImportResult = { ingested: 0, unchanged: 0, removed: 0, embedded: 0 };
  const keep = new Set<string>();
  for (const article of articles) {
    if (!isPublished(article)) continue;
    const source = helpCenterSource(target.portal, article.id);
    keep.add(source);
    const outcome = await ingestDocument(
      store,
      embedder,
      {
        installationId: target.installationId,
        inboxId: target.inboxId,
        source,
        title: article.title,
        text: article.content ?? '',
        type: 'markdown',
        language: article.locale ?? undefined,
        metadata: {
          chatwootArticleId: article.id,
          portal: target.portal,
          slug: article.slug,
          updatedAt: article.updated_at,
          ...(article.url ? { url: article.url } : {}),
        },
      },
      options,
    );
    if (outcome.status === 'unchanged') result.unchanged++;
    else result.ingested++;
    result.embedded += outcome.embedded;
  }
  const prefix = helpCenterSource(target.portal, 0).replace(/0$/, '');
  for (const document of await store.knowledge.listDocuments(target.installationId)) {
    if (document.source.startsWith(prefix) && !keep.has(document.source)) {
      await removeDocument(store, target.installationId, document.id);
      result.removed++;
    }
  }
  return result;
}
