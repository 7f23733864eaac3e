import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createChatwootClient } from '../chatwoot/client.ts';
import { ChatwootApiError, BadRequestError } from '../errors.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { InstallationRecord, Store } from '../store/store.ts';
import type { InstallationDirectory } from './installation-directory.ts';
import { installRequestSchema, type InstallRequest, type InstallResult } from './install-request.ts';
import { parseInstallationSettings } from './installation-settings.ts';
import { ensureAccountWebhook } from './provision/ensure-account-webhook.ts';
import { ensureAgentBot } from './provision/ensure-agent-bot.ts';
import { ensureApiInboxes } from './provision/ensure-api-inboxes.ts';
import { ensureBotInboxes } from './provision/ensure-bot-inboxes.ts';
import { ensureDashboardApp } from './provision/ensure-dashboard-app.ts';
import type { ProvisionContext } from './provision/provision-context.ts';
import { installationUrls } from './public-urls.ts';

export interface InstallDeps {
  store: Store;
  secrets: SecretBox;
  directory: InstallationDirectory;
  logger: Logger;
  publicUrl: string;
  /** Display name of a bridged channel, or undefined when no connector has that id. */
  channelName: (channel: string) => string | undefined;
}

/**
 * Installs Omniloom into one Chatwoot account, or repairs an earlier install:
 * every step looks for what exists before creating anything, so running it
 * again changes nothing and running it after a manual deletion restores it.
 */
export async function installOmniloom(deps: InstallDeps, input: InstallRequest): Promise<InstallResult> {
  const parsed = installRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new BadRequestError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; '));
  }
  const request = parsed.data;
  for (const channel of request.channels) {
    if (!deps.channelName(channel)) throw new BadRequestError(`Unknown channel "${channel}".`);
  }

  // Check the token before anything is stored: a refused install must leave no installation behind.
  await checkToken(
    createChatwootClient({ baseUrl: request.chatwootUrl, accountId: request.accountId, token: request.token, logger: deps.logger, maxRetries: 1 }),
  );
  const record = await findOrCreateInstallation(deps, request.chatwootUrl, request.accountId, request.token, request.settings);
  const context = deps.directory.build(record);

  const provision: ProvisionContext = {
    chatwoot: context.chatwoot,
    urls: installationUrls(deps.publicUrl, record.id, context.urlSecret),
    changes: [],
  };
  const previous = record.provisioned;
  const channels = [...new Set([...Object.keys(previous.apiInboxes ?? {}), ...request.channels])];

  const bot = await ensureAgentBot(provision, previous.agentBotId);
  const apiInboxes = await ensureApiInboxes(provision, channels, previous.apiInboxes ?? {}, (channel) => deps.channelName(channel) ?? channel);
  const nativeInboxIds = await chosenInboxes(context.chatwoot, request.inboxes, previous.botInboxes ?? [], Object.values(apiInboxes));
  const botInboxes = await ensureBotInboxes(provision, bot.id, [...nativeInboxIds, ...Object.values(apiInboxes)], previous.botInboxes ?? []);
  const dashboardApps = await ensureDashboardApp(provision, previous.dashboardAppIds ?? []);
  const webhook = await ensureAccountWebhook(provision, previous.webhookId);

  for (const [channel, inboxId] of Object.entries(apiInboxes)) {
    const account = await deps.store.channelAccounts.get(record.id, channel);
    await deps.store.channelAccounts.upsert({
      installationId: record.id,
      channel,
      inboxId,
      config: account?.config ?? {},
      credentialsCiphertext: account?.credentialsCiphertext ?? deps.secrets.seal('{}'),
    });
  }
  await deps.store.installations.update(record.id, {
    status: 'active',
    ...(bot.accessToken ? { botTokenCiphertext: deps.secrets.seal(bot.accessToken) } : {}),
    provisioned: {
      agentBotId: bot.id,
      botInboxes,
      apiInboxes,
      dashboardAppIds: dashboardApps.map((app) => app.id),
      webhookId: webhook.id,
    },
  });
  deps.directory.invalidate(record.id);
  deps.logger.info({ installationId: record.id, changes: provision.changes }, 'installation provisioned');

  return {
    installationId: record.id,
    agentBot: { id: bot.id },
    inboxes: { bot: botInboxes.map((entry) => entry.inboxId), bridged: apiInboxes },
    webhooks: Object.fromEntries(channels.map((channel) => [channel, provision.urls.channelWebhook(channel)])),
    dashboardApps,
    accountWebhook: webhook,
    changes: provision.changes,
  };
}

async function findOrCreateInstallation(
  deps: InstallDeps,
  chatwootUrl: string,
  accountId: number,
  token: string,
  settings: Record<string, unknown> | undefined,
): Promise<InstallationRecord> {
  const existing = await deps.store.installations.findByAccount(chatwootUrl, accountId);
  if (existing) {
    return deps.store.installations.update(existing.id, {
      tokenCiphertext: deps.secrets.seal(token),
      ...(settings ? { settings: parseInstallationSettings({ ...existing.settings, ...settings }) } : {}),
    });
  }
  return deps.store.installations.create({
    id: randomUUID(),
    chatwootUrl,
    accountId,
    tokenCiphertext: deps.secrets.seal(token),
    urlSecretCiphertext: deps.secrets.seal(randomBytes(24).toString('base64url')),
    settings: parseInstallationSettings(settings ?? {}),
    provisioned: {},
    status: 'active',
  });
}

async function checkToken(chatwoot: { getProfile(): Promise<unknown> }): Promise<void> {
  try {
    await chatwoot.getProfile();
  } catch (error) {
    if (error instanceof ChatwootApiError && (error.status === 401 || error.status === 403)) {
      throw new BadRequestError('Chatwoot rejected the access token: use an administrator profile token of that account.', 400);
    }
    if (error instanceof ChatwootApiError && error.status === 0) {
      throw new BadRequestError(`Chatwoot could not be reached: ${error.message}`, 502, 'upstream_error');
    }
    throw error;
  }
}

/** The existing inboxes to attach the bot to: explicit ids, every non-Omniloom inbox, or those attached before. */
async function chosenInboxes(
  chatwoot: { listInboxes(): Promise<Array<{ id: number }>> },
  requested: 'all' | number[],
  previous: Array<{ inboxId: number }>,
  omniloomInboxIds: number[],
): Promise<number[]> {
  if (requested === 'all') {
    return (await chatwoot.listInboxes()).map((inbox) => inbox.id).filter((id) => !omniloomInboxIds.includes(id));
  }
  const ids = requested.length > 0 ? requested : previous.map((entry) => entry.inboxId).filter((id) => !omniloomInboxIds.includes(id));
  return [...new Set(ids)];
}
