import type { ChatwootContext } from './chatwoot-context.ts';
import { expectOk, unwrapPayloadList } from './expect-response.ts';
import type { ArticlePage, ChatwootArticle, ChatwootPortal, ListArticlesQuery } from './types.ts';

/** Help-center reads used to import a knowledge base. */
export interface HelpCenterMethods {
  /** `GET .../portals`. */
  listPortals(): Promise<ChatwootPortal[]>;
  /** `GET .../portals/{slug}/articles`: one page (`page` is 1-based) with the portal's counts. */
  listArticles(portalSlug: string, query?: ListArticlesQuery): Promise<ArticlePage>;
  /** Every article matching `query`, page after page, until a short or empty page. */
  iterateArticles(
    portalSlug: string,
    query?: Omit<ListArticlesQuery, 'page'>,
  ): AsyncGenerator<ChatwootArticle>;
}

/** Safety stop for a server that never returns an empty page. */
const MAX_PAGES = 1000;

export function createHelpCenterMethods({ api, supplement, accountId }: ChatwootContext): HelpCenterMethods {
  async function listArticles(portalSlug: string, query: ListArticlesQuery = {}): Promise<ArticlePage> {
    const what = `GET portal ${portalSlug} articles`;
    const body = await expectOk(
      what,
      supplement.GET('/api/v1/accounts/{account_id}/portals/{id}/articles', {
        params: { path: { account_id: accountId, id: portalSlug }, query },
      }),
    );
    const { items, meta } = unwrapPayloadList<ChatwootArticle, ArticlePage['meta']>(what, body);
    return { articles: items, meta };
  }

  return {
    async listPortals() {
      const what = 'GET portals';
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/portals', { params: { path: { account_id: accountId } } }),
      );
      return unwrapPayloadList<ChatwootPortal>(what, body).items;
    },
    listArticles,
    async *iterateArticles(portalSlug, query = {}) {
      let pageSize = 0;
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { articles } = await listArticles(portalSlug, { ...query, page });
        if (articles.length === 0) return;
        yield* articles;
        // A page shorter than the first one is the last; saves asking for an empty page.
        pageSize = Math.max(pageSize, articles.length);
        if (articles.length < pageSize) return;
      }
    },
  };
}
