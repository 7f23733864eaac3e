/**
 * Slack (Slack Connect) bridged connector: Events API webhooks in, Web API
 * replies out. See README.md beside this file for the app setup.
 */
import { BadRequestError } from '../../plugin/errors.ts';
import type { Connector, ConnectorCapabilities } from '../core/connector.ts';
import { answerSlackUrlVerification } from './answer-url-verification.ts';
import { downloadSlackFile } from './download-slack-file.ts';
import { enrichSlackSender } from './enrich-slack-sender.ts';
import { parseSlackPayload } from './parse-slack-payload.ts';
import { requireSlackBotToken } from './read-slack-account.ts';
import { sendSlackMessage } from './send-slack-message.ts';
import { verifySlackRequest } from './verify-slack-signature.ts';

export { parseSlackPayload } from './parse-slack-payload.ts';
export { renderForSlack, SLACK_TEXT_LIMIT } from './render-for-slack.ts';

/** What the Slack connector supports; mirrored in manifests/connectors/slack.json. */
export const SLACK_CAPABILITIES: ConnectorCapabilities = {
  edits: true,
  deletes: true,
  reactions: true,
  // Bots cannot show a typing indicator through the Web API.
  typing: false,
  attachments: true,
  threads: true,
  gateway: false,
};

/** Builds the Slack connector. It holds no per-installation state: credentials come with every call. */
export function createSlackConnector(): Connector {
  return {
    id: 'slack',
    displayName: 'Slack',
    capabilities: SLACK_CAPABILITIES,
    credentialFields: ['signingSecret', 'botToken'],
    handshake: answerSlackUrlVerification,
    verify: verifySlackRequest,
    parse: parseSlackPayload,
    enrichSender: enrichSlackSender,
    send: sendSlackMessage,
    downloadAttachment(attachment, account, deps) {
      if (!attachment.url) throw new BadRequestError('Slack file has no url_private to download');
      return downloadSlackFile(attachment.url, deps.maxAttachmentBytes, {
        token: requireSlackBotToken(account),
        fileName: attachment.fileName,
        contentType: attachment.contentType,
      });
    },
  };
}
