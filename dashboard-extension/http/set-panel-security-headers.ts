import type { Request, Response } from 'express';
import helmet from 'helmet';

/**
 * The panel page's own Content-Security-Policy, replacing the service-wide
 * one: scripts and styles only from Omniloom itself (the page has no inline
 * script or style), API and socket.io calls only back to Omniloom, and only
 * the installation's Chatwoot may frame it (`frame-ancestors`). Without a
 * known Chatwoot (an unknown installation) nobody may frame it.
 */
export function setPanelSecurityHeaders(
  req: Request,
  res: Response,
  options: { chatwootOrigin?: string; publicUrl: string },
): void {
  const publicOrigin = new URL(options.publicUrl);
  const socketOrigin = `${publicOrigin.protocol === 'https:' ? 'wss:' : 'ws:'}//${publicOrigin.host}`;
  const middleware = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", socketOrigin],
      objectSrc: ["'none'"],
      frameSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: options.chatwootOrigin ? [options.chatwootOrigin] : ["'none'"],
    },
  });
  middleware(req, res, () => undefined);
  // The page carries a session token: never cache it, never leak its URL onwards.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** The origin (`scheme://host[:port]`) of a Chatwoot base URL, or undefined when it is not an http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
