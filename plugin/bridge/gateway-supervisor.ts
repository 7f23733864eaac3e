import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Connector, GatewayConnection } from '../../connectors/core/connector.ts';
import type { JobRetryPolicy } from '../config/config.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';
import { enqueueInbound } from './enqueue-inbound.ts';

interface OpenGateway {
  fingerprint: string;
  connection: GatewayConnection;
}

/**
 * Keeps one gateway connection open per configured gateway channel account
 * (Discord), in worker processes. Reconciles periodically so added, changed
 * or removed credentials take effect without a restart. Reconnect and resume
 * inside a connection are the connector's business.
 */
export class GatewaySupervisor {
  private readonly open = new Map<string, OpenGateway>();
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      store: Store;
      secrets: SecretBox;
      queue: JobQueue;
      logger: Logger;
      connectors: readonly Connector[];
      maxAttachmentBytes: number;
      now: () => Date;
      intervalMs?: number;
      retry?: JobRetryPolicy;
    },
  ) {}

  start(): void {
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.deps.intervalMs ?? 30_000);
    this.timer.unref();
  }

  /** Opens, replaces or closes connections to match the stored channel accounts. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.doReconcile().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.reconciling;
    await Promise.all([...this.open.values()].map((gateway) => gateway.connection.close().catch(() => undefined)));
    this.open.clear();
  }

  private async doReconcile(): Promise<void> {
    const { store, secrets, logger } = this.deps;
    const gatewayConnectors = this.deps.connectors.filter((connector) => connector.capabilities.gateway && connector.connect);
    if (gatewayConnectors.length === 0) return;
    const wanted = new Set<string>();
    try {
      for (const installation of await store.installations.list()) {
        if (installation.status !== 'active') continue;
        for (const connector of gatewayConnectors) {
          const record = await store.channelAccounts.get(installation.id, connector.id);
          if (!record?.inboxId) continue;
          const credentials = JSON.parse(secrets.open(record.credentialsCiphertext)) as Record<string, string>;
          if (connector.credentialFields.some((field) => !credentials[field])) continue;
          const key = `${installation.id}:${connector.id}`;
          const fingerprint = createHash('sha256').update(JSON.stringify([credentials, record.config])).digest('hex');
          wanted.add(key);
          const current = this.open.get(key);
          if (current?.fingerprint === fingerprint) continue;
          await current?.connection.close().catch(() => undefined);
          const account = { installationId: installation.id, credentials, config: record.config };
          const connection = await connector.connect!(
            account,
            async (events) => {
              await enqueueInbound(this.deps, installation.id, connector.id, events);
              await store.channelAccounts.touchInbound(installation.id, connector.id, this.deps.now().toISOString());
            },
            { logger: logger.child({ installationId: installation.id, channel: connector.id }), maxAttachmentBytes: this.deps.maxAttachmentBytes },
          );
          this.open.set(key, { fingerprint, connection });
          logger.info({ installationId: installation.id, channel: connector.id }, 'gateway connected');
        }
      }
      for (const [key, gateway] of this.open) {
        if (wanted.has(key)) continue;
        await gateway.connection.close().catch(() => undefined);
        this.open.delete(key);
      }
    } catch (error) {
      logger.error({ err: error }, 'gateway reconcile failed; will retry');
    }
  }
}
