import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { SourceIdTakenError } from './domain/build-contact-inbox.ts';
import { SandboxHttpError } from './domain/errors.ts';
import { applyFaults } from './faults/apply-faults.ts';
import { registerAccountRoutes } from './routes/account-routes.ts';
import { registerAgentBotRoutes } from './routes/agent-bot-routes.ts';
import { registerBlobRoutes } from './routes/blob-routes.ts';
import { registerContactMergeRoutes } from './routes/contact-merge-routes.ts';
import { registerContactRoutes } from './routes/contact-routes.ts';
import { registerConversationRoutes } from './routes/conversation-routes.ts';
import { registerCustomAttributeRoutes } from './routes/custom-attribute-routes.ts';
import { registerDashboardAppRoutes } from './routes/dashboard-app-routes.ts';
import { registerHelpCenterRoutes } from './routes/help-center-routes.ts';
import { registerInboxRoutes } from './routes/inbox-routes.ts';
import { registerMessageRoutes } from './routes/message-routes.ts';
import { parseMultipart } from './routes/read-params.ts';
import { type HookOptions, registerSandboxHookRoutes } from './routes/sandbox-hook-routes.ts';
import { registerTeamRoutes } from './routes/team-routes.ts';
import { registerUiRoutes } from './routes/ui-routes.ts';
import { registerWebhookRoutes } from './routes/webhook-routes.ts';
import type { SandboxCore } from './sandbox-core.ts';
import type { ExchangeValidator } from './validation/validate-exchange.ts';
import { isSandboxOwnPath, validateRequests } from './validation/validate-requests.ts';

/**
 * Build the express app: body parsing (JSON, form, multipart), spec validation of API requests and
 * responses, fault injection, Chatwoot's routes, the test hooks and the demo page.
 */
export function createApp(
  core: SandboxCore,
  validator: ExchangeValidator,
  hooks: HookOptions,
  logger: Logger,
): express.Express {
  const app = express();
  app.set('query parser', 'extended');
  app.disable('x-powered-by');
  app.use(express.json({ limit: '50mb' }));
  app.use(express.urlencoded({ extended: true, limit: '50mb' }));
  app.use(parseMultipart);
  app.use(validateRequests(validator));
  const faults = applyFaults(core.faults);
  app.use((req, res, next) => (isSandboxOwnPath(req.path) ? next() : faults(req, res, next)));

  const router = express.Router();
  registerSandboxHookRoutes(router, core, hooks);
  registerUiRoutes(router, core);
  registerBlobRoutes(router, core);
  registerAccountRoutes(router, core);
  registerTeamRoutes(router, core);
  registerInboxRoutes(router, core);
  registerAgentBotRoutes(router, core);
  registerContactRoutes(router, core);
  registerContactMergeRoutes(router, core);
  registerConversationRoutes(router, core);
  registerMessageRoutes(router, core);
  registerDashboardAppRoutes(router, core);
  registerWebhookRoutes(router, core);
  registerCustomAttributeRoutes(router, core);
  registerHelpCenterRoutes(router, core);
  app.use(router);

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ status: 404, error: 'Not Found' });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof SandboxHttpError) {
      if (error.body === undefined) res.status(error.status).end();
      else res.status(error.status).json(error.body);
      return;
    }
    if (error instanceof SourceIdTakenError) {
      res.status(422).json({ error: 'source_id should be unique' });
      return;
    }
    if ((error as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({ status: 400, error: 'Bad Request' });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'sandbox request failed');
    res.status(500).json({ status: 500, error: 'Internal Server Error' });
  });
  return app;
}
