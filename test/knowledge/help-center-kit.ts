import type { RunningSandbox } from '../../sandbox/start-sandbox.ts';
import type { SandboxApi } from '../helpers/sandbox-api.ts';

export interface SeedArticle {
  title: string;
  content: string;
  status?: 'draft' | 'published' | 'archived';
}

/** Help Center content written to the sandbox through Chatwoot's own portal and article API. */
export interface HelpCenterSeeder {
  portal(slug: string, name: string, locale?: string): Promise<void>;
  article(slug: string, article: SeedArticle): Promise<number>;
  update(slug: string, articleId: number, fields: Partial<SeedArticle>): Promise<void>;
  remove(slug: string, articleId: number): Promise<void>;
}

export function helpCenterSeeder(sandbox: RunningSandbox, api: SandboxApi): HelpCenterSeeder {
  const categories = new Map<string, number>();
  return {
    async portal(slug, name, locale = 'en') {
      await api.post('/portals', { portal: { name, slug, config: { allowed_locales: [locale], default_locale: locale } } });
      const category = await api.post(`/portals/${slug}/categories`, {
        category: { name: `${name} articles`, slug: `${slug}-general`, locale },
      });
      categories.set(slug, category.payload.id as number);
    },
    async article(slug, article) {
      const created = await api.post(`/portals/${slug}/articles`, {
        article: {
          title: article.title,
          content: article.content,
          status: article.status ?? 'published',
          author_id: sandbox.adminUserId,
          category_id: categories.get(slug),
        },
      });
      return created.payload.id as number;
    },
    async update(slug, articleId, fields) {
      await api.patch(`/portals/${slug}/articles/${articleId}`, { article: fields });
    },
    async remove(slug, articleId) {
      await api.delete(`/portals/${slug}/articles/${articleId}`);
    },
  };
}
