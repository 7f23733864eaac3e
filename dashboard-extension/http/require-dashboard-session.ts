import type { Request, RequestHandler, Response } from 'express';
import { NotFoundError, UnauthorizedError } from '../../plugin/errors.ts';
import type {
  InstallationContext,
  InstallationDirectory,
} from '../../plugin/install/installation-directory.ts';
import {
  describeSessionFailure,
  SESSION_HEADER,
  verifyDashboardSession,
  type DashboardSession,
} from '../session/dashboard-session.ts';

/** What a request admitted by a panel session carries in `res.locals`. */
export interface PanelLocals {
  dashboardSession: DashboardSession;
  installation: InstallationContext;
}

export interface SessionCheckDeps {
  directory: InstallationDirectory;
  sessionKey: Uint8Array;
  now: () => Date;
}

/** True when the request presents a panel session (the header is there, valid or not). */
export function presentsDashboardSession(req: Request): boolean {
  return req.headers[SESSION_HEADER] !== undefined;
}

/**
 * Admits a request carrying a valid panel session for the installation in
 * `req.params[param]` and loads that installation: 401 for a missing,
 * malformed, tampered or expired session, 403 for another installation's,
 * 404 when the installation is gone.
 */
export async function admitDashboardSession(
  deps: SessionCheckDeps,
  req: Request,
  res: Response,
  param: string,
): Promise<PanelLocals> {
  const installationId = String(req.params[param] ?? '');
  const check = await verifyDashboardSession(deps.sessionKey, req.headers[SESSION_HEADER], {
    installationId,
    now: deps.now(),
  });
  if (!check.ok) {
    throw new UnauthorizedError(
      describeSessionFailure(check.reason),
      check.reason === 'wrong-installation' ? 403 : 401,
    );
  }
  const installation = await deps.directory.get(installationId);
  if (!installation) throw new NotFoundError(`No installation ${installationId}.`);
  const locals: PanelLocals = { dashboardSession: check.session, installation };
  Object.assign(res.locals, locals);
  return locals;
}

/** Express middleware form of {@link admitDashboardSession} for routes under `/dashboard/:installationId/api`. */
export function requireDashboardSession(deps: SessionCheckDeps, param = 'installationId'): RequestHandler {
  return async (req, res, next) => {
    await admitDashboardSession(deps, req, res, param);
    next();
  };
}

/** The panel locals a session-admitted route reads. */
export function panelLocals(res: Response): PanelLocals {
  return res.locals as PanelLocals;
}
