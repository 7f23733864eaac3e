/**
 * Microsoft Teams bridged connector over the Bot Framework REST protocol:
 * JWT-authenticated activities in, Bot Connector replies out. See README.md
 * beside this file for the Azure Bot and Teams app setup.
 */
import type { Connector, ConnectorCapabilities } from '../core/connector.ts';
import { downloadTeamsFile } from './download-teams-file.ts';
import { enrichTeamsSender } from './enrich-teams-sender.ts';
import { parseTeamsActivity } from './parse-teams-activity.ts';
import { sendTeamsMessage, sendTeamsTyping } from './send-teams-message.ts';
import { verifyTeamsTokenSignature } from './verify-teams-token-signature.ts';
import { verifyTeamsToken } from './verify-teams-token.ts';

export { parseTeamsActivity } from './parse-teams-activity.ts';
export { renderForTeams, TEAMS_TEXT_LIMIT } from './render-for-teams.ts';
export { buildAdaptiveCards, ADAPTIVE_CARD_CONTENT_TYPE } from './build-adaptive-card.ts';
export { planTeamsActivities } from './send-teams-message.ts';
export { BOT_FRAMEWORK_ISSUER, TEAMS_CLOCK_SKEW_SECONDS } from './verify-teams-token.ts';

/** What the Teams connector supports; mirrored in manifests/connectors/teams.json. */
export const TEAMS_CAPABILITIES: ConnectorCapabilities = {
  edits: true,
  deletes: true,
  reactions: true,
  typing: true,
  attachments: true,
  threads: true,
  gateway: false,
};

/** Builds the Teams connector. It holds no per-installation state: credentials come with every call. */
export function createTeamsConnector(): Connector {
  return {
    id: 'teams',
    displayName: 'Microsoft Teams',
    capabilities: TEAMS_CAPABILITIES,
    credentialFields: ['appId', 'appPassword'],
    verify: verifyTeamsToken,
    verifyAsync: verifyTeamsTokenSignature,
    parse: parseTeamsActivity,
    enrichSender: enrichTeamsSender,
    send: sendTeamsMessage,
    sendTyping: (thread, account) => sendTeamsTyping(thread, account),
    downloadAttachment: (attachment, account, deps) =>
      downloadTeamsFile(attachment, account, deps.maxAttachmentBytes),
  };
}
