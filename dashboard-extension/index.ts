/**
 * The dashboard extension: the panel Chatwoot frames beside each
 * conversation (Chatwoot's Dashboard App protocol), its session, routes and
 * live updates.
 */
export {
  createDashboardExtension,
  type DashboardExtension,
  type DashboardExtensionDeps,
} from './create-dashboard-extension.ts';
export { conversationRoom, PANEL_EVENTS } from './realtime/suggestion-room.ts';
export { PANEL_REQUESTS } from './realtime/attach-dashboard-sockets.ts';
export {
  issueDashboardSession,
  verifyDashboardSession,
  SESSION_HEADER,
  SESSION_KEY_PURPOSE,
  SESSION_TTL_MS,
  type DashboardSession,
  type SessionCheck,
} from './session/dashboard-session.ts';
export { SUGGESTION_EVENTS, REJECT_REASONS, type RegenerateSuggestion } from './panel/act-on-suggestion.ts';
export { measureEditDistance } from './panel/measure-edit-distance.ts';
export { PANEL_ACTOR } from './http/authorize-identity-request.ts';
