import type { ArticleRecord, CategoryRecord, PortalRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import { unixSeconds } from './format-time.ts';
import { presentAgent } from './present-users.ts';

/** Articles of a portal in a locale (`articles.search(locale:)`), all when no locale. */
function portalArticles(state: SandboxState, portal: PortalRecord, locale?: string): ArticleRecord[] {
  return [...state.articles.values()].filter(
    (article) => article.portalId === portal.id && (!locale || article.locale === locale),
  );
}

/**
 * `app/views/api/v1/accounts/portals/_portal.json.jbuilder`. `articles` is the relation the view is given:
 * list/create/update pass `[]` (a plain array, so the per-status counts come out null).
 */
export function presentPortal(
  state: SandboxState,
  portal: PortalRecord,
  articles: ArticleRecord[] | 'none',
  currentUserId?: number,
): Record<string, unknown> {
  const categories = [...state.categories.values()].filter((category) => category.portalId === portal.id);
  const meta: Record<string, unknown> = {};
  if (articles === 'none') {
    Object.assign(meta, {
      all_articles_count: 0,
      archived_articles_count: null,
      published_count: null,
      draft_articles_count: null,
    });
  } else {
    Object.assign(meta, {
      all_articles_count: articles.length,
      archived_articles_count: articles.filter((article) => article.status === 'archived').length,
      published_count: articles.filter((article) => article.status === 'published').length,
      draft_articles_count: articles.filter((article) => article.status === 'draft').length,
    });
    if (currentUserId !== undefined && articles.length > 0) {
      meta.mine_articles_count = articles.filter((article) => article.authorId === currentUserId).length;
    }
  }
  meta.categories_count = categories.length;
  meta.default_locale = portal.config.default_locale;
  return {
    id: portal.id,
    color: portal.color,
    custom_domain: portal.customDomain,
    header_text: portal.headerText,
    homepage_link: portal.homepageLink,
    name: portal.name,
    page_title: portal.pageTitle,
    slug: portal.slug,
    archived: portal.archived,
    account_id: portal.accountId,
    config: {
      allowed_locales: portal.config.allowed_locales.map((code) => ({
        code,
        articles_count: portalArticles(state, portal, code).length,
        categories_count: categories.filter((category) => category.locale === code).length,
      })),
    },
    meta,
  };
}

/** `app/views/api/v1/accounts/categories/_associated_category.json.jbuilder`. */
function presentCategoryRef(category: CategoryRecord): Record<string, unknown> {
  return {
    id: category.id,
    name: category.name,
    slug: category.slug,
    locale: category.locale,
    description: category.description,
    position: category.position,
    account_id: category.accountId,
  };
}

/** `app/views/api/v1/accounts/categories/_category.json.jbuilder`; empty blocks render `{}`. */
export function presentCategory(
  state: SandboxState,
  category: CategoryRecord,
  locale?: string,
): Record<string, unknown> {
  // Related categories (a separate join table) are not modelled: the empty block renders `{}`.
  const json: Record<string, unknown> = {
    ...presentCategoryRef(category),
    icon: category.icon,
    related_categories: {},
  };
  const parent = category.parentCategoryId ? state.categories.get(category.parentCategoryId) : undefined;
  if (parent) json.parent_category = presentCategoryRef(parent);
  const root = category.associatedCategoryId
    ? state.categories.get(category.associatedCategoryId)
    : undefined;
  if (root) json.root_category = presentCategoryRef(root);
  json.meta = {
    articles_count: [...state.articles.values()].filter(
      (article) => article.categoryId === category.id && (!locale || article.locale === locale),
    ).length,
  };
  return json;
}

/** `app/views/api/v1/accounts/articles/_article.json.jbuilder`; no associated articles render `{}`. */
export function presentArticle(state: SandboxState, article: ArticleRecord): Record<string, unknown> {
  const category = article.categoryId ? state.categories.get(article.categoryId) : undefined;
  const author = state.users.get(article.authorId);
  const json: Record<string, unknown> = {
    id: article.id,
    slug: article.slug,
    title: article.title,
    content: article.content,
    description: article.description,
    status: article.status,
    position: article.position,
    account_id: article.accountId,
    updated_at: unixSeconds(article.updatedAt),
    meta: article.meta,
    category: {
      id: article.categoryId,
      name: category?.name ?? null,
      slug: category?.slug ?? null,
      locale: category?.locale ?? null,
    },
    views: article.views,
  };
  if (author) json.author = presentAgent(author, article.accountId);
  const associated = [...state.articles.values()].filter((other) => other.associatedArticleId === article.id);
  json.associated_articles =
    associated.length > 0
      ? associated.map((other) => ({
          id: other.id,
          category_id: other.categoryId,
          title: other.title,
          content: other.content,
          description: other.description,
          status: other.status,
          account_id: other.accountId,
          views: other.views,
        }))
      : {};
  return json;
}
