/** Chatwoot Help Center portals as knowledge sources: connect, sync on demand and on a schedule. */
export { createHelpCenterRouter } from './help-center-api.ts';
export { HELP_CENTER_SYNC_QUEUE, startHelpCenterSync, type HelpCenterQueueDeps } from './help-center-sync-queue.ts';
export {
  connectHelpCenterPortal,
  disconnectHelpCenterPortal,
  listChatwootPortals,
  saveHelpCenterSource,
  syncHelpCenterPortalNow,
  type HelpCenterManageDeps,
} from './manage-help-center.ts';
export { listHelpCenterPortals, saveHelpCenterPortal, type HelpCenterPortalSource, type HelpCenterRun } from './help-center-portals.ts';
export { syncHelpCenterPortal, type HelpCenterSyncDeps } from './sync-help-center-portal.ts';
