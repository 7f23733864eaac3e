import type { Request, Response, Router } from 'express';
import { NotFoundError, RecordInvalidError } from '../domain/errors.ts';
import { searchArticles } from '../domain/search-articles.ts';
import { presentArticle, presentCategory, presentPortal } from '../presenters/present-help-center.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import type { ArticleRecord, ArticleStatus, CategoryRecord, PortalRecord } from '../state/records.ts';
import { accountRoute, callerOf } from './authenticate-request.ts';
import {
  castInteger,
  castObject,
  castString,
  optionalWrapped,
  paramsOf,
  requireWrapped,
} from './read-params.ts';

const PORTAL_ATTRIBUTES = [
  'id',
  'account_id',
  'color',
  'custom_domain',
  'header_text',
  'homepage_link',
  'name',
  'page_title',
  'slug',
  'archived',
  'config',
];
const CATEGORY_ATTRIBUTES = [
  'name',
  'description',
  'position',
  'slug',
  'locale',
  'icon',
  'parent_category_id',
  'associated_category_id',
];
const ARTICLE_ATTRIBUTES = [
  'title',
  'slug',
  'position',
  'content',
  'description',
  'category_id',
  'author_id',
  'associated_article_id',
  'status',
  'locale',
  'meta',
];
const ARTICLE_STATUSES: ArticleStatus[] = ['draft', 'published', 'archived'];
const PAGE_SIZE = 25;

/** `String#parameterize`. */
function parameterize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Article status from a string or the enum integer. */
function readStatus(value: unknown): ArticleStatus | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' || /^\d+$/.test(String(value))) return ARTICLE_STATUSES[Number(value)];
  return ARTICLE_STATUSES.includes(value as ArticleStatus) ? (value as ArticleStatus) : undefined;
}

/** Help center portals, categories and articles (`PortalsController`, `CategoriesController`, `ArticlesController`). */
export function registerHelpCenterRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/portals';

  const findPortal = (req: Request, res: Response): PortalRecord => {
    const accountId = callerOf(res).account.id;
    const portal = [...state.portals.values()].find(
      (row) => row.accountId === accountId && row.slug === req.params.portalSlug,
    );
    if (!portal) throw new NotFoundError();
    return portal;
  };

  const applyPortal = (portal: PortalRecord, fields: Record<string, unknown>): void => {
    for (const [key, field] of [
      ['name', 'name'],
      ['slug', 'slug'],
      ['page_title', 'pageTitle'],
      ['header_text', 'headerText'],
      ['color', 'color'],
      ['homepage_link', 'homepageLink'],
      ['custom_domain', 'customDomain'],
    ] as const) {
      if (fields[key] !== undefined)
        (portal as unknown as Record<string, unknown>)[field] = castString(fields[key]) || null;
    }
    if (fields.archived !== undefined)
      portal.archived = fields.archived === true || fields.archived === 'true';
    const config = castObject(fields.config);
    if (config) {
      const locales = Array.isArray(config.allowed_locales)
        ? config.allowed_locales.map(String)
        : portal.config.allowed_locales;
      portal.config = {
        allowed_locales: locales,
        default_locale: castString(config.default_locale) ?? portal.config.default_locale,
      };
    }
    const problems: Array<[string, string]> = [];
    if (!portal.name) problems.push(['name', "can't be blank"]);
    if (!portal.slug) problems.push(['slug', "can't be blank"]);
    if ([...state.portals.values()].some((other) => other.id !== portal.id && other.slug === portal.slug)) {
      problems.push(['slug', 'has already been taken']);
    }
    if (problems.length > 0) throw new RecordInvalidError(problems);
  };

  router.get(base, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const portals = [...state.portals.values()].filter((portal) => portal.accountId === caller.account.id);
    res.json({
      payload: portals.map((portal) => presentPortal(state, portal, 'none', caller.user?.id)),
      meta: { current_page: paramsOf(req).page ?? 1, portals_count: portals.length },
    });
  });

  router.post(base, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const now = core.now();
    const portal: PortalRecord = {
      id: 0,
      accountId: caller.account.id,
      name: '',
      slug: '',
      pageTitle: null,
      headerText: null,
      color: null,
      homepageLink: null,
      customDomain: null,
      archived: false,
      config: { allowed_locales: ['en'], default_locale: 'en' },
      createdAt: now,
      updatedAt: now,
    };
    applyPortal(portal, requireWrapped(req, 'portal', PORTAL_ATTRIBUTES));
    portal.id = state.nextId('portals');
    state.portals.set(portal.id, portal);
    res.json(presentPortal(state, portal, 'none', caller.user?.id));
  });

  router.get(`${base}/:portalSlug`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const portal = findPortal(req, res);
    const locale = castString(paramsOf(req).locale) ?? undefined;
    const articles = searchArticles(state, portal.id, { locale });
    res.json(presentPortal(state, portal, articles, caller.user?.id));
  });

  router.patch(`${base}/:portalSlug`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const portal = findPortal(req, res);
    const fields = optionalWrapped(req, 'portal', PORTAL_ATTRIBUTES);
    if (fields) {
      const draft = { ...portal };
      applyPortal(draft, fields);
      Object.assign(portal, draft, { updatedAt: core.now() });
    }
    res.json(presentPortal(state, portal, 'none', caller.user?.id));
  });

  router.delete(`${base}/:portalSlug`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    for (const article of [...state.articles.values()])
      if (article.portalId === portal.id) state.articles.delete(article.id);
    for (const category of [...state.categories.values()])
      if (category.portalId === portal.id) state.categories.delete(category.id);
    state.portals.delete(portal.id);
    res.status(200).end();
  });

  // --- categories ---
  const findCategory = (req: Request, portal: PortalRecord): CategoryRecord => {
    const category = state.categories.get(Number(req.params.categoryId));
    if (!category || category.portalId !== portal.id) throw new NotFoundError();
    return category;
  };

  const applyCategory = (
    portal: PortalRecord,
    category: CategoryRecord,
    fields: Record<string, unknown>,
  ): void => {
    if (fields.name !== undefined) category.name = castString(fields.name) ?? '';
    if (fields.slug !== undefined) category.slug = castString(fields.slug) ?? '';
    if (fields.locale !== undefined) category.locale = castString(fields.locale) ?? 'en';
    if (fields.description !== undefined) category.description = castString(fields.description) ?? null;
    if (fields.position !== undefined) category.position = castInteger(fields.position) ?? null;
    if (fields.icon !== undefined) category.icon = castString(fields.icon) ?? null;
    if (fields.parent_category_id !== undefined)
      category.parentCategoryId = castInteger(fields.parent_category_id) ?? null;
    if (fields.associated_category_id !== undefined) {
      category.associatedCategoryId = castInteger(fields.associated_category_id) ?? null;
    }
    const problems: Array<[string, string]> = [];
    if (!category.slug) problems.push(['slug', "can't be blank"]);
    if (!category.name) problems.push(['name', "can't be blank"]);
    if (!portal.config.allowed_locales.includes(category.locale)) {
      problems.push([
        'locale',
        `${category.locale} of category is not part of portal's ${JSON.stringify(portal.config.allowed_locales)}.`,
      ]);
    }
    const clash = [...state.categories.values()].some(
      (other) =>
        other.id !== category.id &&
        other.portalId === portal.id &&
        other.slug === category.slug &&
        other.locale === category.locale,
    );
    if (clash) problems.push(['locale', 'should be unique in the category and portal']);
    if (problems.length > 0) throw new RecordInvalidError(problems);
  };

  router.get(`${base}/:portalSlug/categories`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    const params = paramsOf(req);
    const locale = castString(params.locale) ?? undefined;
    const categories = [...state.categories.values()].filter(
      (category) => category.portalId === portal.id && (!locale || category.locale === locale),
    );
    res.json({
      payload: categories.map((category) => presentCategory(state, category, locale)),
      meta: { current_page: params.page ?? 1, categories_count: categories.length },
    });
  });

  router.post(`${base}/:portalSlug/categories`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    const now = core.now();
    const category: CategoryRecord = {
      id: 0,
      accountId: portal.accountId,
      portalId: portal.id,
      name: '',
      slug: '',
      locale: 'en',
      description: null,
      position: null,
      icon: null,
      parentCategoryId: null,
      associatedCategoryId: null,
      createdAt: now,
      updatedAt: now,
    };
    applyCategory(portal, category, requireWrapped(req, 'category', CATEGORY_ATTRIBUTES));
    category.id = state.nextId('categories');
    state.categories.set(category.id, category);
    res.json({ payload: presentCategory(state, category) });
  });

  router.get(`${base}/:portalSlug/categories/:categoryId`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    res.json({ payload: presentCategory(state, findCategory(req, portal)) });
  });

  router.patch(`${base}/:portalSlug/categories/:categoryId`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    const category = findCategory(req, portal);
    const draft = { ...category };
    applyCategory(portal, draft, requireWrapped(req, 'category', CATEGORY_ATTRIBUTES));
    Object.assign(category, draft, { updatedAt: core.now() });
    res.json({ payload: presentCategory(state, category) });
  });

  router.delete(`${base}/:portalSlug/categories/:categoryId`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    const category = findCategory(req, portal);
    state.categories.delete(category.id);
    for (const article of state.articles.values())
      if (article.categoryId === category.id) article.categoryId = null;
    res.status(200).end();
  });

  // --- articles ---
  const findArticle = (req: Request, portal: PortalRecord): ArticleRecord => {
    const article = state.articles.get(Number(req.params.articleId));
    if (!article || article.portalId !== portal.id) throw new NotFoundError();
    return article;
  };

  const applyArticle = (article: ArticleRecord, fields: Record<string, unknown>): void => {
    if (fields.title !== undefined) article.title = castString(fields.title) ?? '';
    if (fields.content !== undefined) article.content = castString(fields.content) ?? '';
    if (fields.description !== undefined) article.description = castString(fields.description) ?? null;
    if (fields.slug !== undefined) article.slug = castString(fields.slug) ?? '';
    if (fields.position !== undefined) article.position = castInteger(fields.position) ?? null;
    if (fields.category_id !== undefined) article.categoryId = castInteger(fields.category_id) ?? null;
    if (fields.author_id !== undefined) article.authorId = castInteger(fields.author_id) ?? 0;
    if (fields.associated_article_id !== undefined)
      article.associatedArticleId = castInteger(fields.associated_article_id) ?? null;
    if (fields.locale !== undefined) article.locale = castString(fields.locale) ?? article.locale;
    const status = readStatus(fields.status);
    if (status) article.status = status;
    const meta = castObject(fields.meta);
    if (meta) article.meta = meta;
    const category = article.categoryId ? state.categories.get(article.categoryId) : undefined;
    if (category) article.locale = category.locale; // ensure_locale_in_article
    if (!article.slug && article.title)
      article.slug = `${Math.floor(core.now().getTime() / 1000)}-${parameterize(article.title)}`;
    const problems: Array<[string, string]> = [];
    if (!article.authorId || !state.users.has(article.authorId)) problems.push(['author', 'must exist']);
    if (!article.title) problems.push(['title', "can't be blank"]);
    if (!article.content) problems.push(['content', "can't be blank"]);
    if (
      [...state.articles.values()].some((other) => other.id !== article.id && other.slug === article.slug)
    ) {
      problems.push(['slug', 'has already been taken']);
    }
    if (problems.length > 0) throw new RecordInvalidError(problems);
  };

  router.get(`${base}/:portalSlug/articles`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const portal = findPortal(req, res);
    const params = paramsOf(req);
    const query = {
      locale: castString(params.locale) ?? undefined,
      query: castString(params.query) ?? undefined,
      categorySlug: castString(params.category_slug) ?? undefined,
    };
    const counted = searchArticles(state, portal.id, query);
    const filtered = searchArticles(state, portal.id, {
      ...query,
      status: readStatus(params.status),
      authorId: castInteger(params.author_id),
    });
    const ordered = query.categorySlug
      ? filtered.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity))
      : filtered.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
    const page = castInteger(params.page) ?? 1;
    res.json({
      payload: ordered
        .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
        .map((article) => presentArticle(state, article)),
      meta: {
        all_articles_count: [...state.articles.values()].filter((article) => article.portalId === portal.id)
          .length,
        archived_articles_count: counted.filter((article) => article.status === 'archived').length,
        articles_count: counted.length,
        current_page: params.page ?? 1,
        draft_articles_count: counted.filter((article) => article.status === 'draft').length,
        mine_articles_count: counted.filter((article) => article.authorId === caller.user?.id).length,
        published_count: counted.filter((article) => article.status === 'published').length,
      },
    });
  });

  router.post(`${base}/:portalSlug/articles`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    const now = core.now();
    const article: ArticleRecord = {
      id: 0,
      accountId: portal.accountId,
      portalId: portal.id,
      categoryId: null,
      authorId: 0,
      title: '',
      slug: '',
      content: '',
      description: null,
      status: 'draft',
      position: null,
      locale: portal.config.default_locale,
      meta: {},
      views: null,
      associatedArticleId: null,
      createdAt: now,
      updatedAt: now,
    };
    applyArticle(article, requireWrapped(req, 'article', ARTICLE_ATTRIBUTES));
    if (article.position === null) {
      const positions = [...state.articles.values()]
        .filter((other) => other.categoryId === article.categoryId && other.accountId === article.accountId)
        .map((other) => other.position ?? 0);
      article.position = positions.length > 0 ? Math.max(...positions) + 10 : 10;
    }
    article.id = state.nextId('articles');
    state.articles.set(article.id, article);
    res.json({ payload: presentArticle(state, article) });
  });

  router.get(`${base}/:portalSlug/articles/:articleId`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    res.json({ payload: presentArticle(state, findArticle(req, portal)) });
  });

  router.patch(`${base}/:portalSlug/articles/:articleId`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    const article = findArticle(req, portal);
    const fields = optionalWrapped(req, 'article', ARTICLE_ATTRIBUTES);
    if (fields) {
      const draft = { ...article };
      applyArticle(draft, fields);
      Object.assign(article, draft, { updatedAt: core.now() });
    }
    res.json({ payload: presentArticle(state, article) });
  });

  router.delete(`${base}/:portalSlug/articles/:articleId`, accountRoute(core), (req, res) => {
    const portal = findPortal(req, res);
    state.articles.delete(findArticle(req, portal).id);
    res.status(200).end();
  });
}
