/**
 * The synchronous answers Discord expects on the interactions endpoint.
 * Discord waits at most 3 s for them, so nothing here calls an API: the
 * `/support` ticket is opened later by the worker (see `send`).
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
import type { ConnectorAccount, HandshakeReply, RawRequest } from '../core/connector.ts';
import { EPHEMERAL_FLAG, InteractionKind, InteractionReply } from './discord-payloads.ts';
import { SUPPORT_COMMAND } from './parse-discord-payload.ts';

function readInteraction(rawBody: Buffer): { type?: unknown; data?: { name?: unknown } } | undefined {
  try {
    const value: unknown = JSON.parse(rawBody.toString('utf8'));
    if (typeof value !== 'object' || value === null || !('application_id' in value)) return undefined;
    return value as { type?: unknown; data?: { name?: unknown } };
  } catch {
    return undefined;
  }
}

/**
 * PING → PONG. `/support` → a deferred, ephemeral reply ("thinking…" only the
 * user sees) plus `carriesEvents`, because the same delivery must also be
 * parsed and queued to open the ticket. Other commands get a short
 * ephemeral notice so the user is not left waiting. Gateway frames and
 * malformed bodies return undefined (parse reports those).
 */
export function answerDiscordInteraction(
  raw: RawRequest,
  _account: ConnectorAccount,
): HandshakeReply | undefined {
  const interaction = readInteraction(raw.rawBody);
  if (!interaction) return undefined;
  if (interaction.type === InteractionKind.ping) {
    return { status: 200, body: { type: InteractionReply.pong } };
  }
  if (interaction.type === InteractionKind.applicationCommand && interaction.data?.name === SUPPORT_COMMAND) {
    return {
      status: 200,
      body: { type: InteractionReply.deferredChannelMessage, data: { flags: EPHEMERAL_FLAG } },
      carriesEvents: true,
    };
  }
  return {
    status: 200,
    body: {
      type: InteractionReply.channelMessage,
      data: { content: 'This command is not handled here.', flags: EPHEMERAL_FLAG },
    },
  };
}
