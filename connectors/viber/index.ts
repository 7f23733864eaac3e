/**
 * Viber bridged connector: signed REST Bot API callbacks in, `send_message`
 * out. See README.md beside this file for the bot setup.
 */
import type { Connector, ConnectorCapabilities } from '../core/connector.ts';
import { answerViberCallback } from './answer-viber-callback.ts';
import { parseViberCallback } from './parse-viber-callback.ts';
import { registerViberWebhook } from './register-viber-webhook.ts';
import { sendViberMessage } from './send-viber-message.ts';
import { verifyViberRequest } from './verify-viber-signature.ts';

export { parseViberCallback } from './parse-viber-callback.ts';
export { renderForViber, VIBER_TEXT_LIMIT } from './render-for-viber.ts';
export { registerViberWebhook, unregisterViberWebhook, VIBER_EVENT_TYPES } from './register-viber-webhook.ts';
export { computeViberSignature, VIBER_SIGNATURE_HEADER } from './verify-viber-signature.ts';

/** What the Viber connector supports; mirrored in manifests/connectors/viber.json. */
export const VIBER_CAPABILITIES: ConnectorCapabilities = {
  // Viber reports neither edits, deletes nor reactions to bots, and bots cannot show typing.
  edits: false,
  deletes: false,
  reactions: false,
  typing: false,
  attachments: true,
  threads: false,
  gateway: false,
};

/** Builds the Viber connector. It holds no per-installation state: credentials come with every call. */
export function createViberConnector(): Connector {
  return {
    id: 'viber',
    displayName: 'Viber',
    capabilities: VIBER_CAPABILITIES,
    credentialFields: ['authToken'],
    handshake: answerViberCallback,
    verify: verifyViberRequest,
    parse: (raw) => parseViberCallback(raw),
    send: sendViberMessage,
    registerWebhook: registerViberWebhook,
  };
}
