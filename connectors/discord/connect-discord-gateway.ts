/**
 * The gateway connection, through discord.js's `@discordjs/ws`
 * WebSocketManager: it fetches the gateway URL from GET /gateway/bot on the
 * configured REST base, identifies, heartbeats, and on a dropped socket
 * reconnects to `resume_gateway_url` and RESUMEs so missed dispatches are
 * replayed. Omniloom only translates dispatches and hands them to the sink.
 * https://discord.com/developers/docs/events/gateway#resuming
 */
import { type SessionInfo, WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { GatewayIntentBits, type GatewayDispatchPayload } from 'discord-api-types/v10';
import type { ConnectorAccount, ConnectorDeps, GatewayConnection, GatewaySink } from '../core/connector.ts';
import { getDiscordRest } from './call-discord-api.ts';
import { parseGatewayFrame } from './parse-discord-payload.ts';
import { requireBotToken } from './read-discord-account.ts';

/**
 * Guild and DM messages, their reactions, and the privileged Message Content
 * intent (without it `content`, `attachments` and `embeds` arrive empty).
 */
export const DISCORD_INTENTS =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.GuildMessageReactions |
  GatewayIntentBits.DirectMessages |
  GatewayIntentBits.DirectMessageReactions |
  GatewayIntentBits.MessageContent;

/** Opens the gateway for one installation and feeds its message events to `sink`. */
export async function connectDiscordGateway(
  account: ConnectorAccount,
  sink: GatewaySink,
  deps: ConnectorDeps,
): Promise<GatewayConnection> {
  const token = requireBotToken(account);
  const logger = deps.logger.child({ connector: 'discord', installationId: account.installationId });
  // Sessions are kept per connection: the library's default store is process-wide and keyed only by
  // shard id, so two installations in one worker would resume each other's sessions.
  const sessions = new Map<number, SessionInfo>();
  const manager = new WebSocketManager({
    token,
    intents: DISCORD_INTENTS,
    rest: getDiscordRest(account),
    retrieveSessionInfo: (shardId) => sessions.get(shardId) ?? null,
    updateSessionInfo: (shardId, info) => {
      if (info) sessions.set(shardId, info);
      else sessions.delete(shardId);
    },
  });

  manager.on(WebSocketShardEvents.Dispatch, (payload: GatewayDispatchPayload) => {
    let events;
    try {
      events = parseGatewayFrame({ op: payload.op, t: payload.t, s: payload.s, d: payload.d }, account);
    } catch (error) {
      logger.warn({ err: error, event: payload.t }, 'Dropped a malformed Discord dispatch');
      return;
    }
    const handled = events.filter((event) => event.kind !== 'ignored');
    if (handled.length === 0) return;
    sink(handled).catch((error: unknown) => {
      logger.error(
        { err: error, event: payload.t },
        'Could not queue Discord events; check the queue backend',
      );
    });
  });
  manager.on(WebSocketShardEvents.Resumed, () => logger.info('Discord gateway session resumed'));
  manager.on(WebSocketShardEvents.Error, (error: Error) => {
    logger.error(
      { err: error },
      'Discord gateway error (check the bot token and the privileged intents in the Developer Portal)',
    );
  });

  await manager.connect();
  logger.info('Discord gateway connected');
  return {
    async close() {
      await manager.destroy({ reason: 'Omniloom shutting down' });
    },
  };
}
