import createClient, { defaultPathSerializer } from 'openapi-fetch';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import type { ChatwootApiClient, ChatwootContext, ChatwootSupplementClient } from './chatwoot-context.ts';
import { createAccountMethods, type AccountMethods } from './create-account-methods.ts';
import { createAgentBotMethods, type AgentBotMethods } from './create-agent-bot-methods.ts';
import { createContactMethods, type ContactMethods } from './create-contact-methods.ts';
import { createConversationMethods, type ConversationMethods } from './create-conversation-methods.ts';
import { createDashboardAppMethods, type DashboardAppMethods } from './create-dashboard-app-methods.ts';
import { createHelpCenterMethods, type HelpCenterMethods } from './create-help-center-methods.ts';
import { createInboxMethods, type InboxMethods } from './create-inbox-methods.ts';
import { createMessageMethods, type MessageMethods } from './create-message-methods.ts';
import { createResilientFetch, type FetchLike, type ResilienceOptions } from './create-resilient-fetch.ts';
import { createWebhookMethods, type WebhookMethods } from './create-webhook-methods.ts';
import type { paths as ApiPaths } from './generated/chatwoot-api.ts';
import type { paths as SupplementPaths } from './generated/chatwoot-supplement.ts';

/** Settings of {@link createChatwootClient}. */
export interface ChatwootClientOptions {
  /** Chatwoot's base URL, e.g. `https://chatwoot.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Numeric account id every account-scoped call acts on. */
  accountId: number;
  /** A user, agent-bot or platform access token, sent as the `api_access_token` header and never logged. */
  token: string;
  logger?: Logger;
  /** Per-attempt timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Transport (tests, proxies). Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Backoff tuning and a shared retry budget. */
  retry?: Pick<ResilienceOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'budget'>;
}

/**
 * A Chatwoot client bound to one account and token: the raw typed clients plus
 * the typed methods Omniloom uses. Methods return plain Chatwoot objects with
 * envelopes removed and throw `ChatwootApiError` (status, body, retryable).
 */
export interface ChatwootClient
  extends
    AccountMethods,
    InboxMethods,
    ContactMethods,
    ConversationMethods,
    MessageMethods,
    AgentBotMethods,
    DashboardAppMethods,
    WebhookMethods,
    HelpCenterMethods {
  /** openapi-fetch client over Chatwoot's swagger.json paths (same retries and timeouts). */
  readonly api: ChatwootApiClient;
  /** openapi-fetch client over the supplement spec's paths. */
  readonly supplement: ChatwootSupplementClient;
  readonly accountId: number;
  readonly baseUrl: string;
}

function validate(options: ChatwootClientOptions): void {
  let url: URL | undefined;
  try {
    url = new URL(options.baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(
      `Chatwoot baseUrl must be an http(s) URL such as https://chatwoot.example.com (got "${options.baseUrl}")`,
    );
  }
  if (!Number.isInteger(options.accountId) || options.accountId <= 0) {
    throw new ConfigError(`Chatwoot accountId must be a positive integer (got ${String(options.accountId)})`);
  }
  if (typeof options.token !== 'string' || options.token.trim() === '') {
    throw new ConfigError('Chatwoot token is required: use an access token from Chatwoot profile settings');
  }
}

/**
 * swagger.json spells two inbox routes with a trailing slash (`/inboxes/`, `/inboxes/{id}/`).
 * Rails ignores it; sending the canonical form keeps stricter routers (proxies, the sandbox) happy.
 */
function stripTrailingSlash(pathname: string, pathParams: Record<string, unknown>): string {
  return defaultPathSerializer(pathname, pathParams).replace(/(.)\/+$/, '$1');
}

/**
 * Creates a Chatwoot client. Every request (typed methods and raw clients alike)
 * goes through one resilient fetch: per-attempt timeout, exponential backoff with
 * jitter, `Retry-After`, a shared retry budget, and retries only where a repeat
 * cannot duplicate anything (see classify-request.ts).
 *
 * @throws ConfigError when baseUrl, accountId or token is unusable.
 */
export function createChatwootClient(options: ChatwootClientOptions): ChatwootClient {
  validate(options);
  const logger = (options.logger ?? silentLogger()).child({ component: 'chatwoot-client' });
  const fetch = createResilientFetch({
    ...options.retry,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    logger,
    fetch: options.fetch,
  });
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const clientOptions = {
    baseUrl,
    fetch,
    headers: { api_access_token: options.token },
    pathSerializer: stripTrailingSlash,
  };
  const context: ChatwootContext = {
    api: createClient<ApiPaths>(clientOptions),
    supplement: createClient<SupplementPaths>(clientOptions),
    accountId: options.accountId,
  };
  return {
    api: context.api,
    supplement: context.supplement,
    accountId: options.accountId,
    baseUrl,
    ...createAccountMethods(context),
    ...createInboxMethods(context),
    ...createContactMethods(context),
    ...createConversationMethods(context),
    ...createMessageMethods(context),
    ...createAgentBotMethods(context),
    ...createDashboardAppMethods(context),
    ...createWebhookMethods(context),
    ...createHelpCenterMethods(context),
  };
}
