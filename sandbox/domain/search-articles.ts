import type { ArticleRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';

/** Filters of the article list (`Article.search`). */
export interface ArticleQuery {
  locale?: string;
  query?: string;
  categorySlug?: string;
  status?: string;
  authorId?: number;
}

/**
 * Postgres prefix full-text match (`tsearch: { prefix: true }` over title, description, content),
 * approximated: every word of the query starts a word of the article.
 */
function textMatches(article: ArticleRecord, query: string): boolean {
  const words = `${article.title} ${article.description ?? ''} ${article.content}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  const terms = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return terms.every((term) => words.some((word) => word.startsWith(term)));
}

/** `Article.search(params)` on the articles of one portal. */
export function searchArticles(state: SandboxState, portalId: number, query: ArticleQuery): ArticleRecord[] {
  return [...state.articles.values()].filter((article) => {
    if (article.portalId !== portalId) return false;
    if (query.categorySlug) {
      const category = article.categoryId ? state.categories.get(article.categoryId) : undefined;
      if (category?.slug !== query.categorySlug) return false;
    }
    if (query.locale && article.locale !== query.locale) return false;
    if (query.authorId !== undefined && article.authorId !== query.authorId) return false;
    if (query.status && article.status !== query.status) return false;
    if (query.query && !textMatches(article, query.query)) return false;
    return true;
  });
}
