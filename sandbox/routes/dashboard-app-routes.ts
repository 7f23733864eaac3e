import type { Request, Response, Router } from 'express';
import { NotFoundError, RecordInvalidError } from '../domain/errors.ts';
import { isoTime } from '../presenters/format-time.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import type { DashboardAppRecord } from '../state/records.ts';
import { accountRoute, callerOf } from './authenticate-request.ts';
import { castString, requireWrapped } from './read-params.ts';

const ATTRIBUTES = ['id', 'content', 'title', 'created_at', 'updated_at', 'account_id', 'user_id'];

/** `app/views/api/v1/models/_dashboard_app.json.jbuilder`. */
export function presentDashboardApp(app: DashboardAppRecord): Record<string, unknown> {
  return { id: app.id, title: app.title, content: app.content, created_at: isoTime(app.createdAt) };
}

/**
 * `DashboardApp#validate_content`: a non-empty array of `{ type: "frame", url: "http(s)://…" }`
 * (only `url` and `type` are permitted per entry). Invalid content is stored as `[]` and reported.
 */
function readContent(raw: unknown): { content: Array<{ type: string; url: string }>; valid: boolean } {
  if (!Array.isArray(raw) || raw.length === 0) return { content: [], valid: false };
  const content = raw.map((entry) => {
    const item = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    const permitted: Record<string, unknown> = {};
    if ('url' in item) permitted.url = item.url;
    if ('type' in item) permitted.type = item.type;
    return permitted;
  });
  const valid = content.every((item) => {
    if (item.type !== 'frame' || typeof item.url !== 'string') return false;
    if (!/^https?:\/\//.test(item.url)) return false;
    try {
      new URL(item.url);
      return true;
    } catch {
      return false;
    }
  });
  return { content: content as Array<{ type: string; url: string }>, valid };
}

/** Dashboard apps (`DashboardAppsController`). */
export function registerDashboardAppRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/dashboard_apps';

  const findApp = (req: Request, res: Response): DashboardAppRecord => {
    const app = state.dashboardApps.get(Number(req.params.appId));
    if (!app || app.accountId !== callerOf(res).account.id) throw new NotFoundError();
    return app;
  };

  const apply = (app: DashboardAppRecord, fields: Record<string, unknown>, creating: boolean): void => {
    if (fields.title !== undefined) app.title = castString(fields.title) ?? '';
    const problems: Array<[string, string]> = [];
    if (!app.title) problems.push(['title', "can't be blank"]);
    if (creating || fields.content !== undefined) {
      const { content, valid } = readContent(fields.content);
      app.content = content;
      if (!valid) problems.push(['content', ': Invalid data']);
    }
    if (problems.length > 0) throw new RecordInvalidError(problems);
  };

  router.get(base, accountRoute(core), (_req, res) => {
    const { account } = callerOf(res);
    const apps = [...state.dashboardApps.values()].filter((app) => app.accountId === account.id);
    res.json(apps.map(presentDashboardApp));
  });

  router.post(base, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const now = core.now();
    const app: DashboardAppRecord = {
      id: 0,
      accountId: caller.account.id,
      userId: caller.user?.id ?? null,
      title: '',
      content: [],
      createdAt: now,
      updatedAt: now,
    };
    apply(app, requireWrapped(req, 'dashboard_app', ATTRIBUTES), true);
    app.id = state.nextId('dashboardApps');
    state.dashboardApps.set(app.id, app);
    res.json(presentDashboardApp(app));
  });

  router.get(`${base}/:appId`, accountRoute(core), (req, res) => {
    res.json(presentDashboardApp(findApp(req, res)));
  });

  router.patch(`${base}/:appId`, accountRoute(core), (req, res) => {
    const app = findApp(req, res);
    const draft = { ...app };
    apply(draft, requireWrapped(req, 'dashboard_app', ATTRIBUTES), false);
    Object.assign(app, draft, { updatedAt: core.now() });
    res.json(presentDashboardApp(app));
  });

  router.delete(`${base}/:appId`, accountRoute(core), (req, res) => {
    state.dashboardApps.delete(findApp(req, res).id);
    res.status(204).end();
  });
}
