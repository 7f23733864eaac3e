/**
 * Discord bridged connector: gateway events in (plus signed HTTP
 * interactions for `/support`), REST replies out. See README.md beside this
 * file for the Developer Portal setup.
 */
import { BadRequestError } from '../../plugin/errors.ts';
import type { Attachment } from '../../plugin/messages/normalized-message.ts';
import type { Connector, ConnectorAccount, ConnectorCapabilities, ConnectorDeps } from '../core/connector.ts';
import { answerDiscordInteraction } from './answer-interaction.ts';
import { connectDiscordGateway } from './connect-discord-gateway.ts';
import { downloadDiscordFile } from './download-discord-file.ts';
import { discordTicketOpener } from './open-ticket-thread.ts';
import { parseDiscordPayload } from './parse-discord-payload.ts';
import { sendDiscordMessage, sendDiscordTyping } from './send-discord-message.ts';
import { verifyDiscordInteraction } from './verify-interaction.ts';

export { parseDiscordPayload, parseGatewayFrame } from './parse-discord-payload.ts';
export { renderForDiscord, DISCORD_CONTENT_LIMIT } from './render-for-discord.ts';

/** What the Discord connector supports; mirrored in manifests/connectors/discord.json. */
export const DISCORD_CAPABILITIES: ConnectorCapabilities = {
  edits: true,
  deletes: true,
  reactions: true,
  typing: true,
  attachments: true,
  threads: true,
  gateway: true,
};

/** Builds the Discord connector. It holds no per-installation state: credentials come with every call. */
export function createDiscordConnector(): Connector {
  return {
    id: 'discord',
    displayName: 'Discord',
    capabilities: DISCORD_CAPABILITIES,
    credentialFields: ['botToken', 'publicKey'],
    handshake: answerDiscordInteraction,
    verify: verifyDiscordInteraction,
    parse: parseDiscordPayload,
    threadOpener: discordTicketOpener,
    send: sendDiscordMessage,
    sendTyping: (thread, account) => sendDiscordTyping(thread, account),
    connect: connectDiscordGateway,
    downloadAttachment(attachment: Attachment, _account: ConnectorAccount, deps: ConnectorDeps) {
      if (!attachment.url) throw new BadRequestError('Discord attachment has no url to download');
      return downloadDiscordFile(attachment.url, deps.maxAttachmentBytes, {
        fileName: attachment.fileName,
        contentType: attachment.contentType,
      });
    },
  };
}
