import { Router, type RequestHandler } from 'express';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { parseInstallationSettings } from '../install/installation-settings.ts';
import type { Store } from '../store/store.ts';
import { computeAnalytics, type AnalyticsReport, type ReportGrouping } from './compute-analytics.ts';
import { formatAnalyticsCsv } from './format-analytics-csv.ts';
import { readReportRange } from './read-report-range.ts';

const GROUPINGS: readonly ReportGrouping[] = ['channel', 'inbox', 'day'];

export interface AnalyticsApiDeps {
  store: Store;
  requireAdmin: RequestHandler;
  now: () => Date;
}

/** Reads `from`, `to` and `groupBy` and computes the report for an installation (the API and the admin page share it). */
export async function loadAnalyticsReport(
  deps: Pick<AnalyticsApiDeps, 'store' | 'now'>,
  installationId: string,
  query: Record<string, unknown>,
): Promise<AnalyticsReport> {
  const record = await deps.store.installations.get(installationId);
  if (!record) throw new NotFoundError(`No installation ${installationId}.`);
  const groupBy = (query.groupBy ?? 'day') as ReportGrouping;
  if (!GROUPINGS.includes(groupBy))
    throw new BadRequestError(`groupBy must be one of ${GROUPINGS.join(', ')}.`);
  const settings = parseInstallationSettings(record.settings);
  const range = readReportRange(query, settings.routing.timezone, deps.now());
  const channelOfInbox = new Map(
    Object.entries(record.provisioned.apiInboxes ?? {}).map(([channel, inboxId]) => [
      String(inboxId),
      channel,
    ]),
  );
  const label = (key: string | null) =>
    key === null
      ? 'unknown'
      : groupBy === 'inbox'
        ? `Inbox ${key}${channelOfInbox.has(key) ? ` (${channelOfInbox.get(key)})` : ''}`
        : key;
  return computeAnalytics(deps.store.analytics, installationId, range, groupBy, label);
}

/**
 * `GET /api/installations/:id/analytics?from&to&groupBy=channel|inbox|day[&format=csv]`
 * (admin): the analytics report as JSON, or as CSV for a spreadsheet.
 */
export function createAnalyticsApiRouter(deps: AnalyticsApiDeps): Router {
  const router = Router();
  router.get('/api/installations/:id/analytics', deps.requireAdmin, async (req, res) => {
    const report = await loadAnalyticsReport(
      deps,
      String(req.params.id),
      req.query as Record<string, unknown>,
    );
    res.set('Cache-Control', 'no-store');
    if (req.query.format === 'csv') {
      const name = `omniloom-analytics-${report.groupBy}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv`;
      res.type('text/csv; charset=utf-8').attachment(name).send(formatAnalyticsCsv(report));
      return;
    }
    res.json(report);
  });
  return router;
}
