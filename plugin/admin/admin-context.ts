import type { Request, RequestHandler, Response } from 'express';
import type { Connector } from '../../connectors/core/connector.ts';
import type { InstallDeps } from '../install/install-omniloom.ts';
import type { JobQueue } from '../queue/queue.ts';
import { ADMIN_COOKIE } from '../security/admin-session.ts';
import { csrfTokenFor } from './csrf-token.ts';
import { noticeFrom } from './flash-notices.ts';
import type { PageFrame, RenderPage } from './render-page.ts';

/** What the admin pages need from the service. */
export interface AdminDeps extends InstallDeps {
  connectors: (id: string) => Connector | undefined;
  /** Every bridged channel an admin can add (install checkboxes, channel forms). */
  listChannels: () => readonly Connector[];
  queue: JobQueue;
  /** Accepts the admin bearer token or the signed session cookie; redirects browsers to the login page. */
  requireAdmin: RequestHandler;
  adminToken: string;
  /** Key the session cookie is signed with (`sessionKeyFor(adminToken)`); CSRF tokens derive from it too. */
  sessionKey: Buffer;
  /** Queues whose depth the status panel shows. */
  queueNames: () => readonly string[];
  /** How long the settings page waits for Chatwoot's inbox list before showing what it knows. Default 4000 ms. */
  inboxListTimeoutMs?: number;
}

/** Shared helpers of the admin routes. */
export interface AdminContext {
  deps: AdminDeps;
  render: RenderPage;
  /** Layout fields for a page: title, current section, sign-out button, CSRF token, flash notice. */
  frame(req: Request, title: string, section?: PageFrame['section']): PageFrame;
  /** Sends a rendered page; admin pages show configuration, so no cache may keep them. */
  send(res: Response, status: number, view: string, context: PageFrame & Record<string, unknown>): void;
}

/** True when the request authenticated with `Authorization: Bearer`, which a browser never adds on its own. */
export function usesBearerToken(req: Request): boolean {
  return req.headers.authorization?.startsWith('Bearer ') ?? false;
}

/** The admin session cookie value, when the browser sent one. */
export function sessionCookieOf(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[ADMIN_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function createAdminContext(deps: AdminDeps, render: RenderPage): AdminContext {
  return {
    deps,
    render,
    frame(req, title, section) {
      const session = usesBearerToken(req) ? undefined : sessionCookieOf(req);
      return {
        title,
        section,
        signedIn: session !== undefined,
        csrfToken: session ? csrfTokenFor(deps.sessionKey, session) : '',
        notice: noticeFrom(req.query),
      };
    },
    send(res, status, view, context) {
      res.status(status).set('Cache-Control', 'no-store').type('html').send(render(view, context));
    },
  };
}
