/**
 * Starts a fake Discord on an ephemeral port: REST under `/api/v10` and the
 * gateway WebSocket under `/gateway`, on the same HTTP server. Point the
 * connector at it with `config.apiBaseUrl = fake.apiBaseUrl`; discord.js then
 * learns the gateway URL from GET /gateway/bot, as with the real Discord.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorAccount } from '../../../connectors/core/connector.ts';
import { createFakeDiscordGateway } from './create-fake-discord-gateway.ts';
import { createFakeDiscordRest } from './create-fake-discord-rest.ts';
import { FakeDiscordState } from './fake-discord-state.ts';
import { createInteractionKeys, type InteractionKeys } from './sign-interaction.ts';

export interface FakeDiscord {
  state: FakeDiscordState;
  gateway: ReturnType<typeof createFakeDiscordGateway>;
  keys: InteractionKeys;
  /** `http://127.0.0.1:<port>/api`, the connector's `apiBaseUrl`. */
  apiBaseUrl: string;
  /** `http://127.0.0.1:<port>/cdn/`: files put in `state.cdn` are served here. */
  cdnUrl: string;
  gatewayUrl: string;
  botToken: string;
  applicationId: string;
  /** An account wired to this fake; `config` overrides are merged in. */
  account(config?: Record<string, unknown>): ConnectorAccount;
  close(): Promise<void>;
}

export interface FakeDiscordOptions {
  heartbeatIntervalMs?: number;
}

export const FAKE_DISCORD_BOT_TOKEN = 'FAKE_discord_bot_token.for-tests';
export const FAKE_DISCORD_APPLICATION_ID = '1187340099900000022';

/** Starts REST + gateway; call `close()` in an `after` hook. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = new FakeDiscordState();
  const botUser = { id: FAKE_DISCORD_APPLICATION_ID, username: 'loom.agent' };
  let baseUrl = '';
  const gatewayUrlOf = () => `${baseUrl.replace(/^http/, 'ws')}/gateway`;
  const rest = createFakeDiscordRest(state, {
    botToken: FAKE_DISCORD_BOT_TOKEN,
    botUser,
    gatewayUrl: gatewayUrlOf,
  });
  const server = createServer(rest);
  const gateway = createFakeDiscordGateway(server, '/gateway', gatewayUrlOf, {
    botToken: FAKE_DISCORD_BOT_TOKEN,
    botUser,
    applicationId: FAKE_DISCORD_APPLICATION_ID,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = createInteractionKeys();
  return {
    state,
    gateway,
    keys,
    apiBaseUrl: `${baseUrl}/api`,
    cdnUrl: `${baseUrl}/cdn/`,
    gatewayUrl: gatewayUrlOf(),
    botToken: FAKE_DISCORD_BOT_TOKEN,
    applicationId: FAKE_DISCORD_APPLICATION_ID,
    account(config = {}) {
      return {
        installationId: `fake-discord-${(server.address() as AddressInfo).port}`,
        credentials: { botToken: FAKE_DISCORD_BOT_TOKEN, publicKey: keys.publicKeyHex },
        config: { apiBaseUrl: `${baseUrl}/api`, applicationId: FAKE_DISCORD_APPLICATION_ID, ...config },
      };
    },
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
