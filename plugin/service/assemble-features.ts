import type { Connector } from '../../connectors/core/connector.ts';
import { listConnectors } from '../../connectors/core/registry.ts';
import { webhookConnector } from '../../connectors/webhook/index.ts';
import { createInboundApiRouter } from '../bridge/receive-inbound-api.ts';
import { createChannelWebhooksRouter } from '../bridge/receive-channel-webhooks.ts';
import { QUEUES, type InboundJob } from '../bridge/job-names.ts';
import { processInbound, type AfterInboundHook } from '../bridge/process-inbound.ts';
import { GatewaySupervisor } from '../bridge/gateway-supervisor.ts';
import { createTypingRelaySubscriber } from '../bridge/relay-typing.ts';
import { createOutboundSubscriber } from '../bridge/send-outbound.ts';
import { startChatwootEventDispatch, subscriberQueue, type ChatwootEventSubscriber } from '../chatwoot-events/dispatch-chatwoot-events.ts';
import { createChatwootEventsRouter } from '../chatwoot-events/receive-chatwoot-events.ts';
import { createAdminRouter } from '../admin/create-admin-router.ts';
import type { AppRouters } from '../http/create-app.ts';
import { createDeadLettersRouter } from '../operations/dead-letters-api.ts';
import { createKnowledgeRouter } from '../knowledge/knowledge-api.ts';
import { createKnowledgePagesRouter } from '../knowledge/admin/create-knowledge-pages-router.ts';
import { createHelpCenterRouter, HELP_CENTER_SYNC_QUEUE, startHelpCenterSync, type HelpCenterQueueDeps } from '../knowledge/help-center/index.ts';
import { InstallationDirectory } from '../install/installation-directory.ts';
import { createInstallationsApiRouter } from '../install/routes/installations-api.ts';
import type { Runtime } from '../runtime/runtime.ts';
import {
  createIdentityAfterInbound,
  createIdentityRouter,
  createIdentitySubscriber,
  startIdentityWorker,
} from '../identity/index.ts';
import { requireAdmin } from '../security/require-admin.ts';
import { sessionKeyFor } from '../security/admin-session.ts';
import type { Realtime } from './realtime.ts';
import { createFeaturePageKit } from '../admin/create-feature-page-kit.ts';
import { createRoutingApiRouter } from '../routing/create-routing-api-router.ts';
import { createRoutingPagesRouter } from '../routing/admin/create-routing-pages-router.ts';
import { createSlaSubscriber, SLA_TIMER_QUEUE, startSlaTimers, type SlaDeps } from '../sla/index.ts';
import { createAnalyticsSubscriber } from '../analytics/create-analytics-subscriber.ts';
import { createAnalyticsApiRouter } from '../analytics/create-analytics-api-router.ts';
import { createAnalyticsPagesRouter } from '../analytics/admin/create-analytics-pages-router.ts';
import { mirrorMergesIntoAnalytics } from '../analytics/mirror-merges-into-analytics.ts';
import { createDashboardExtension } from '../../dashboard-extension/index.ts';
import {
  createAgentBotSubscribers,
  createAnswerGenerator,
  createKnowledgeRetriever,
  createSuggestionRegenerator,
  type BotDeps,
} from '../bot/index.ts';

export interface Features {
  routers: AppRouters;
  directory: InstallationDirectory;
  /** Registers queue handlers; only processes with the worker role call it. */
  startWorkers(): void;
  stop(): Promise<void>;
}

/** Every connector Omniloom serves, by id. */
export function connectorLookup(): (id: string) => Connector | undefined {
  const byId = new Map<string, Connector>([...listConnectors(), webhookConnector].map((connector) => [connector.id, connector]));
  return (id) => byId.get(id);
}

/** Wires every feature's routes and workers onto one runtime. */
export function assembleFeatures(runtime: Runtime, realtime: Realtime): Features {
  const { store, queue, logger, secrets, config } = runtime;
  const connectors = connectorLookup();
  const directory = new InstallationDirectory({ store, secrets, logger, chatwootTimeoutMs: config.chatwootTimeoutMs });
  const adminOnly = requireAdmin({ adminToken: runtime.adminToken, sessionKey: sessionKeyFor(runtime.adminToken), loginPath: '/admin/login' });
  const installDeps = {
    store,
    secrets,
    directory,
    logger,
    publicUrl: config.publicUrl,
    channelName: (channel: string) => connectors(channel)?.displayName,
  };
  // Contact merges recorded in the audit log also count in analytics.
  const identityDeps = { store: mirrorMergesIntoAnalytics(store, logger), logger, now: runtime.now };
  const slaDeps: SlaDeps = { store, queue, directory, logger: logger.child({ component: 'sla' }), now: runtime.now };
  const featurePages = createFeaturePageKit({ requireAdmin: adminOnly, sessionKey: sessionKeyFor(runtime.adminToken), logger });
  const botDeps: BotDeps = {
    store,
    directory,
    logger: logger.child({ component: 'agent-bot' }),
    retriever: createKnowledgeRetriever(config.gemini, store),
    generator: createAnswerGenerator(config.gemini),
    realtime: realtime.io,
    now: runtime.now,
  };
  const helpCenterDeps: HelpCenterQueueDeps = {
    store,
    gemini: config.gemini,
    directory,
    queue,
    retry: config.jobRetry,
    logger: logger.child({ component: 'help-center' }),
    now: runtime.now,
  };
  let stopHelpCenterSync = () => {};
  const dashboard = createDashboardExtension({
    store,
    directory,
    secrets,
    logger,
    publicUrl: config.publicUrl,
    now: runtime.now,
    io: realtime.io,
    regenerate: createSuggestionRegenerator(botDeps),
  });
  const afterInbound: AfterInboundHook[] = [createIdentityAfterInbound({ queue })];
  const subscribers: ChatwootEventSubscriber[] = [
    createOutboundSubscriber({ store, secrets, directory, connectors, logger, maxAttachmentBytes: config.maxAttachmentBytes }),
    createIdentitySubscriber({ ...identityDeps, directory }),
    createTypingRelaySubscriber({ store, secrets, connectors, logger, maxAttachmentBytes: config.maxAttachmentBytes }),
    ...createAgentBotSubscribers(botDeps),
    createSlaSubscriber(slaDeps),
    createAnalyticsSubscriber({ store, directory, logger }),
  ];
  const gateways = new GatewaySupervisor({
    store,
    secrets,
    queue,
    logger,
    connectors: listConnectors(),
    maxAttachmentBytes: config.maxAttachmentBytes,
    now: runtime.now,
    retry: config.jobRetry,
    intervalMs: config.gatewayReconcileMs,
  });

  return {
    directory,
    routers: {
      raw: [
        createChannelWebhooksRouter({
          connectors,
          store,
          secrets,
          queue,
          logger,
          bodyLimit: config.bodyLimit,
          now: runtime.now,
          retry: config.jobRetry,
        }),
      ],
      parsed: [
        createChatwootEventsRouter({ directory, queue, logger, now: runtime.now }),
        createInboundApiRouter({ store, queue, logger, now: runtime.now, requireAdmin: adminOnly, retry: config.jobRetry }),
        createDeadLettersRouter({ queue, requireAdmin: adminOnly }),
        createHelpCenterRouter({ ...helpCenterDeps, requireAdmin: adminOnly }),
        createKnowledgeRouter({ store, gemini: config.gemini, requireAdmin: adminOnly }),
        // Before the installations router: it guards every /api/installations path with the admin check.
        createIdentityRouter({ ...identityDeps, directory, authorize: dashboard.authorizeIdentity(adminOnly) }),
        createRoutingApiRouter({ store, directory, logger, requireAdmin: adminOnly, now: runtime.now }),
        createAnalyticsApiRouter({ store, requireAdmin: adminOnly, now: runtime.now }),
        createInstallationsApiRouter({ ...installDeps, requireAdmin: adminOnly, queue, connectors }),
        dashboard.router,
        // Before the admin router, whose catch-all answers every other /admin path.
        createRoutingPagesRouter({ store, directory, logger, kit: featurePages, now: runtime.now }),
        createAnalyticsPagesRouter({ store, kit: featurePages, now: runtime.now }),
        createKnowledgePagesRouter({ ...helpCenterDeps, kit: featurePages, syncPeriodMs: config.helpCenterSyncMs }),
        createAdminRouter({
          ...installDeps,
          connectors,
          listChannels: () => [...listConnectors(), webhookConnector],
          queue,
          requireAdmin: adminOnly,
          adminToken: runtime.adminToken,
          sessionKey: sessionKeyFor(runtime.adminToken),
          queueNames: () => [
            ...Object.values(QUEUES),
            ...subscribers.map(subscriberQueue),
            SLA_TIMER_QUEUE,
            HELP_CENTER_SYNC_QUEUE,
          ],
        }),
      ],
    },
    startWorkers() {
      queue.process<InboundJob>(
        QUEUES.inbound,
        (job) =>
          processInbound({ store, secrets, directory, connectors, logger, maxAttachmentBytes: config.maxAttachmentBytes, afterInbound }, job),
        { concurrency: 4 },
      );
      startChatwootEventDispatch({ queue, logger, retry: config.jobRetry }, subscribers);
      startIdentityWorker({ ...identityDeps, queue, directory });
      startSlaTimers(slaDeps);
      stopHelpCenterSync = startHelpCenterSync(helpCenterDeps, config.helpCenterSyncMs);
      gateways.start();
    },
    async stop() {
      stopHelpCenterSync();
      await gateways.stop();
    },
  };
}
