import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { FeaturePageKit } from '../../admin/create-feature-page-kit.ts';
import { BadRequestError, NotFoundError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import { loadAnalyticsReport } from '../create-analytics-api-router.ts';
import { presentAnalyticsPage } from './present-analytics-page.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
/** Chart.js's browser build, served from node_modules (no CDN). */
// chart.js exports no package.json subpath; its main entry lives in dist/, beside the UMD build served to the page.
const CHART_JS_DIR = path.dirname(createRequire(import.meta.url).resolve('chart.js'));

export interface AnalyticsPagesDeps {
  store: Store;
  kit: FeaturePageKit;
  now: () => Date;
}

const GROUPINGS = [
  { value: 'day', label: 'Day' },
  { value: 'channel', label: 'Channel' },
  { value: 'inbox', label: 'Inbox' },
];

/**
 * The analytics page of an installation (`/admin/installations/:id/analytics`):
 * summary figures, charts drawn by Chart.js from the embedded report, a table
 * per group, and a CSV export link (the admin API with `format=csv`).
 */
export function createAnalyticsPagesRouter(deps: AnalyticsPagesDeps): Router {
  const router = Router();
  const { kit } = deps;
  const assets = { index: false, fallthrough: false, maxAge: '1h' } as const;
  router.get('/admin/analytics-assets/chart.umd.min.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').sendFile(path.join(CHART_JS_DIR, 'chart.umd.min.js'));
  });
  router.use('/admin/analytics-assets', express.static(PUBLIC_DIR, assets));

  router.get('/admin/installations/:id/analytics', ...kit.guard, async (req, res) => {
    const id = String(req.params.id);
    const record = await deps.store.installations.get(id);
    if (!record) throw new NotFoundError('There is no installation with that id.');
    const query = req.query as Record<string, unknown>;
    const groupBy = typeof query.groupBy === 'string' ? query.groupBy : 'day';
    const frame = kit.frame(req, `Analytics · account ${record.accountId}`);
    const page = {
      installation: { id: record.id, accountId: record.accountId },
      groupings: GROUPINGS.map((option) => ({ ...option, selected: option.value === groupBy })),
    };
    try {
      const report = await loadAnalyticsReport(deps, id, query);
      const params = new URLSearchParams({
        from: report.from,
        to: report.to,
        groupBy: report.groupBy,
        format: 'csv',
      });
      kit.send(res, 200, 'analytics', {
        ...frame,
        ...page,
        report,
        ...presentAnalyticsPage(report),
        csvUrl: `/api/installations/${encodeURIComponent(id)}/analytics?${params.toString()}`,
      });
    } catch (error) {
      if (!(error instanceof BadRequestError) || error instanceof NotFoundError) throw error;
      kit.send(res, 400, 'analytics', {
        ...frame,
        ...page,
        error: error.message,
        range: { from: query.from ?? '', to: query.to ?? '' },
      });
    }
  });
  router.use('/admin/installations/:id/analytics', kit.errors);
  return router;
}
