import type { Logger } from 'pino';
import { createChatwootClient, type ChatwootClient } from '../chatwoot/client.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { InstallationRecord, Store } from '../store/store.ts';
import { parseInstallationSettings, type InstallationSettings } from './installation-settings.ts';

/** Everything a worker or route needs about one installation, secrets decrypted. */
export interface InstallationContext {
  record: InstallationRecord;
  settings: InstallationSettings;
  /** Secret path segment of the URLs Chatwoot calls. */
  urlSecret: string;
  /** Client acting with the installing administrator's token. */
  chatwoot: ChatwootClient;
  /** Client acting as the agent bot (replies, hand-offs), once the bot exists. */
  bot?: ChatwootClient;
}

export interface InstallationDirectoryOptions {
  store: Store;
  secrets: SecretBox;
  logger: Logger;
  chatwootTimeoutMs: number;
  /** How long decrypted contexts are reused (ms). */
  ttlMs?: number;
  fetch?: typeof fetch;
}

/**
 * Loads installations with their secrets decrypted and Chatwoot clients ready,
 * caching them briefly so a webhook burst does not decrypt on every request.
 */
export class InstallationDirectory {
  private readonly cache = new Map<string, { context: InstallationContext; expires: number }>();
  private readonly ttlMs: number;

  constructor(private readonly options: InstallationDirectoryOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  async get(installationId: string): Promise<InstallationContext | undefined> {
    const cached = this.cache.get(installationId);
    if (cached && cached.expires > Date.now()) return cached.context;
    const record = await this.options.store.installations.get(installationId);
    if (!record || record.status !== 'active') {
      this.cache.delete(installationId);
      return undefined;
    }
    const context = this.build(record);
    this.cache.set(installationId, { context, expires: Date.now() + this.ttlMs });
    return context;
  }

  invalidate(installationId: string): void {
    this.cache.delete(installationId);
  }

  /** Builds a context from a record without caching (the install flow uses it mid-provisioning). */
  build(record: InstallationRecord): InstallationContext {
    const { secrets, logger, chatwootTimeoutMs } = this.options;
    const clientFor = (token: string) =>
      createChatwootClient({
        baseUrl: record.chatwootUrl,
        accountId: record.accountId,
        token,
        logger: logger.child({ installationId: record.id }),
        timeoutMs: chatwootTimeoutMs,
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      });
    return {
      record,
      settings: parseInstallationSettings(record.settings),
      urlSecret: secrets.open(record.urlSecretCiphertext),
      chatwoot: clientFor(secrets.open(record.tokenCiphertext)),
      bot: record.botTokenCiphertext ? clientFor(secrets.open(record.botTokenCiphertext)) : undefined,
    };
  }
}
