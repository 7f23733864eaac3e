import type { HelpCenterArticle } from '../../../rag/import-help-center.ts';
import type { HelpCenterMethods } from '../../chatwoot/create-help-center-methods.ts';
import type { ChatwootArticle, ChatwootPortal } from '../../chatwoot/types.ts';

/** Safety stop for a server that never returns a short page. */
const MAX_PAGES = 1000;
const READ_ATTEMPTS = 3;

/** The portal's articles changed while they were being read page by page. */
export class HelpCenterChangedError extends Error {
  constructor(portal: string) {
    super(`The articles of portal "${portal}" kept changing while they were read; the sync will try again.`);
    this.name = 'HelpCenterChangedError';
  }
}

/**
 * Where Chatwoot publishes a portal's articles: `/hc/:portal/articles/:article`
 * on the portal's custom domain, or on the Chatwoot installation itself.
 */
export function articleUrlBase(chatwootUrl: string, portal: Pick<ChatwootPortal, 'slug' | 'custom_domain'>): string {
  const host = portal.custom_domain?.trim() ? `https://${portal.custom_domain.trim()}` : chatwootUrl.replace(/\/+$/, '');
  return `${host}/hc/${encodeURIComponent(portal.slug)}/articles/`;
}

function toImportArticle(article: ChatwootArticle, urlBase: string): HelpCenterArticle {
  return {
    id: article.id,
    title: article.title,
    content: article.content,
    status: article.status,
    // The article JSON carries no locale of its own; its category's locale is the article's.
    locale: article.category.locale ?? null,
    updated_at: article.updated_at,
    slug: article.slug,
    url: `${urlBase}${encodeURIComponent(article.slug)}`,
  };
}

async function readOnce(
  client: HelpCenterMethods,
  portal: string,
  urlBase: string,
): Promise<{ articles: HelpCenterArticle[]; consistent: boolean }> {
  const byId = new Map<number, HelpCenterArticle>();
  let expected: number | undefined;
  let pageSize = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { articles, meta } = await client.listArticles(portal, { status: 'published', page });
    if (expected !== undefined && meta.published_count !== expected) return { articles: [], consistent: false };
    expected = meta.published_count;
    for (const article of articles) byId.set(article.id, toImportArticle(article, urlBase));
    pageSize = Math.max(pageSize, articles.length);
    if (articles.length === 0 || articles.length < pageSize) break;
  }
  return { articles: [...byId.values()], consistent: expected === undefined || byId.size === expected };
}

/**
 * Every published article of a portal. Chatwoot pages by last update, so an
 * article edited during the read can move between pages and be missed; since
 * the import removes what is missing, a read whose article count disagrees
 * with the portal's published count is repeated, and after a few tries the
 * sync fails instead of removing articles that still exist.
 */
export async function readPublishedArticles(
  client: HelpCenterMethods,
  portal: string,
  urlBase: string,
): Promise<HelpCenterArticle[]> {
  for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
    const { articles, consistent } = await readOnce(client, portal, urlBase);
    if (consistent) return articles;
  }
  throw new HelpCenterChangedError(portal);
}
