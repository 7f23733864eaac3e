import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Logger, pino } from 'pino';
import { createApp } from './create-app.ts';
import { contextFor, type SandboxCore } from './sandbox-core.ts';
import { createAccount, createUser } from './domain/seed-account.ts';
import { WebhookDeliverer } from './events/deliver-webhooks.ts';
import { dispatchEvents } from './events/dispatch-events.ts';
import { handleDeliveryFailure } from './events/handle-delivery-failure.ts';
import { EventRecorder } from './events/record-events.ts';
import { FaultRules } from './faults/fault-rules.ts';
import { generateSecureToken } from './state/generate-tokens.ts';
import { SandboxState } from './state/sandbox-state.ts';
import { loadSpecs } from './validation/load-specs.ts';
import { ExchangeValidator } from './validation/validate-exchange.ts';
import { type Violation, ViolationLog } from './validation/violation-log.ts';
import type { DeliveryRecord } from './events/deliver-webhooks.ts';

const sandboxDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(sandboxDir, '..');

/** Options of {@link startSandbox}; every field falls back to an environment variable or a default. */
export interface SandboxOptions {
  /** Port to listen on (`SANDBOX_PORT`, default 3100; 0 picks a free port). */
  port?: number;
  /** Host to bind (default 127.0.0.1). */
  host?: string;
  /** Id of the seeded account (`SANDBOX_ACCOUNT_ID`, default 1). */
  accountId?: number;
  /** Name of the seeded account (default "Sandbox Support"). */
  accountName?: string;
  /** API token of the seeded administrator (`SANDBOX_ADMIN_TOKEN`, random when unset). */
  adminToken?: string;
  /** Webhook timeout in milliseconds (`WEBHOOK_TIMEOUT` in seconds, Chatwoot's default 5 s). */
  webhookTimeoutMs?: number;
  /** Path of Chatwoot's swagger.json (default `../shared/chatwoot/swagger.json` beside the repository). */
  swaggerPath?: string;
  /** Path of the supplement (default `spec/chatwoot-supplement.openapi.json`). */
  supplementPath?: string;
  /** pino logger (default: silent unless `SANDBOX_LOG_LEVEL` is set). */
  logger?: Logger;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:3100`. */
  url: string;
  port: number;
  /** API access token of the seeded administrator. */
  adminToken: string;
  /** Id of the seeded administrator user. */
  adminUserId: number;
  /** Id of the seeded account. */
  accountId: number;
  /** The in-memory data, for assertions. */
  state: SandboxState;
  /** Delivery attempts so far (same as `GET /__sandbox/deliveries`). */
  deliveries(): DeliveryRecord[];
  /** Spec violations so far (same as `GET /__sandbox/violations`). */
  violations(): Violation[];
  /** Resolves once every queued event has been delivered (or has failed). */
  settle(): Promise<void>;
  /** Stop listening and drop keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Start a Chatwoot-compatible sandbox host: one seeded account with an administrator, the application
 * API Omniloom uses, webhook delivery as Chatwoot does it, spec validation, fault injection, test
 * hooks under `/__sandbox` and the demo page at `/`.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const env = process.env;
  const logger = options.logger ?? pino({ level: env.SANDBOX_LOG_LEVEL ?? 'silent' });
  const state = new SandboxState();
  const timeoutSeconds = Number(env.WEBHOOK_TIMEOUT ?? 0);
  const deliverer = new WebhookDeliverer({
    timeoutMs: options.webhookTimeoutMs ?? (timeoutSeconds > 0 ? timeoutSeconds * 1000 : 5000),
    secretFor: (receiver) => state.signingSecrets.get(`${receiver.kind}:${receiver.id}`),
    // Deliveries only start after `core` exists (events are dispatched on a later turn).
    onFailure: (receiver, payload, error) =>
      handleDeliveryFailure(contextFor(core, { kind: 'system' }), receiver, payload, error),
  });
  const events = new EventRecorder((batch) => dispatchEvents(state, deliverer, batch));
  const violations = new ViolationLog();
  const settle = async (): Promise<void> => {
    // Deliveries can raise follow-up events (failed message → message_updated), so repeat until quiet.
    for (let round = 0; round < 20; round += 1) {
      await new Promise((next) => setImmediate(next));
      events.flush();
      await deliverer.whenIdle();
      if (!events.hasPending() && deliverer.isIdle()) return;
    }
  };
  const core: SandboxCore = {
    state,
    events,
    deliverer,
    violations,
    faults: new FaultRules(),
    now: () => new Date(),
    settle,
  };

  const specs = loadSpecs(
    options.swaggerPath ??
      env.SANDBOX_SWAGGER_PATH ??
      resolve(repoRoot, '..', 'shared', 'chatwoot', 'swagger.json'),
    options.supplementPath ?? resolve(repoRoot, 'spec', 'chatwoot-supplement.openapi.json'),
  );
  const validator = new ExchangeValidator(specs, violations);

  const accountId = options.accountId ?? Number(env.SANDBOX_ACCOUNT_ID ?? 1);
  const account = createAccount(state, options.accountName ?? 'Sandbox Support', new Date(), accountId);
  const admin = createUser(
    state,
    account.id,
    {
      name: 'Sandbox Admin',
      email: 'admin@sandbox.example',
      role: 'administrator',
      accessToken: options.adminToken ?? env.SANDBOX_ADMIN_TOKEN ?? generateSecureToken(),
    },
    new Date(),
  );
  // Later accounts get ids after the seeded one.
  while (state.nextId('accounts') < account.id);

  const app = createApp(core, validator, { defaultAccountId: account.id }, logger);
  const server = app.listen(options.port ?? Number(env.SANDBOX_PORT ?? 3100), options.host ?? '127.0.0.1');
  await new Promise<void>((resolvePromise, reject) => {
    server.once('listening', () => resolvePromise());
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  state.baseUrl = url;

  return {
    url,
    port,
    adminToken: admin.accessToken,
    adminUserId: admin.id,
    accountId: account.id,
    state,
    deliveries: () => deliverer.log,
    violations: () => violations.entries,
    settle,
    close: () =>
      new Promise<void>((resolvePromise, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolvePromise()));
      }),
  };
}
