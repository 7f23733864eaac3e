import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Runtime } from '../runtime/runtime.ts';
import { createErrorHandler, notFoundHandler } from './error-handler.ts';
import { createHealthRouter } from './health.ts';
import { keepRawBody } from './raw-body.ts';

export interface AppRouters {
  /** Mounted before the JSON parser: they read raw bytes themselves (channel webhooks). */
  raw?: Router[];
  /** Mounted after the JSON and form parsers. */
  parsed?: Router[];
}

/** The express application: security headers, body limits, routes, one JSON error shape. */
export function createApp(runtime: Pick<Runtime, 'config' | 'logger' | 'store' | 'queue'>, routers: AppRouters = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:', 'http:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          // The dashboard extension is framed by Chatwoot; its own route narrows this further.
          frameAncestors: ["'self'", 'http:', 'https:'],
        },
      },
      frameguard: false,
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.use(createHealthRouter(runtime));
  for (const router of routers.raw ?? []) app.use(router);

  const limit = runtime.config.bodyLimit;
  app.use(express.json({ limit, verify: keepRawBody, type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ limit, extended: false, verify: keepRawBody }));
  for (const router of routers.parsed ?? []) app.use(router);

  app.use(notFoundHandler);
  app.use(createErrorHandler(runtime.logger));
  return app;
}
