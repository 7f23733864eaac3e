/**
 * A real Omniloom (in-process, real store, queue and HTTP) installed into the
 * sandbox Chatwoot with every registered channel configured against its fake
 * platform, plus a signer per channel that produces the headers the platform
 * would send — so fuzzed bodies get past verification and reach `parse`.
 */
import { randomBytes } from 'node:crypto';
import { listConnectors } from '../../connectors/core/registry.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from '../../connectors/webhook/sign-body.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { startFakeDiscord } from '../fakes/fake-discord/start-fake-discord.ts';
import { FAKE_SLACK_BOT_USER, startFakeSlack } from '../fakes/fake-slack/start-fake-slack.ts';
import { startFakeTeams } from '../fakes/fake-teams/start-fake-teams.ts';
import { signViberCallback } from '../fakes/fake-viber/sign-viber-callback.ts';
import { startFakeViber } from '../fakes/fake-viber/start-fake-viber.ts';
import { signSlackRequest } from '../helpers/sign-slack.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { startWebhookReceiver } from '../helpers/webhook-receiver.ts';

/** Headers a platform would send with this body. */
export type Signer = (body: Buffer) => Record<string, string>;

interface ChannelSetup {
  credentials: Record<string, string>;
  config: Record<string, unknown>;
  sign: Signer;
  close(): Promise<void>;
}

export interface FuzzWorld {
  sandbox: RunningSandbox;
  omniloom: OmniloomHarness;
  installationId: string;
  /** Secret in the URLs Chatwoot calls (`/chatwoot/:installationId/:secret/:receiver`). */
  urlSecret: string;
  /** Every configured channel id → its platform signer. */
  signers: Map<string, Signer>;
  close(): Promise<void>;
}

async function setUpChannel(id: string): Promise<ChannelSetup> {
  switch (id) {
    case 'slack': {
      const fake = await startFakeSlack();
      return {
        credentials: { signingSecret: fake.signingSecret, botToken: fake.botToken },
        config: { apiBaseUrl: fake.apiBaseUrl, botUserId: FAKE_SLACK_BOT_USER },
        sign: (body) => signSlackRequest(body, fake.signingSecret),
        close: () => fake.close(),
      };
    }
    case 'discord': {
      const fake = await startFakeDiscord();
      const account = fake.account();
      return { ...account, sign: (body) => fake.keys.sign(body), close: () => fake.close() };
    }
    case 'viber': {
      const fake = await startFakeViber();
      const account = fake.account();
      return {
        ...account,
        sign: (body) => signViberCallback(body, fake.authToken),
        close: () => fake.close(),
      };
    }
    case 'teams': {
      const fake = await startFakeTeams();
      const account = fake.account();
      return { ...account, sign: (body) => fake.sign(body), close: () => fake.close() };
    }
    case 'webhook': {
      const receiver = await startWebhookReceiver();
      const secret = `whsec-${randomBytes(12).toString('hex')}`;
      return {
        credentials: { signingSecret: secret },
        config: { outboundUrl: `${receiver.url}/replies` },
        sign: (body) => {
          const timestamp = String(Math.floor(Date.now() / 1000));
          return {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
            [TIMESTAMP_HEADER]: timestamp,
          };
        },
        close: () => receiver.close(),
      };
    }
    default:
      throw new Error(
        `The fuzz world has no fake platform for connector "${id}": add one in test/fuzz/start-fuzz-world.ts`,
      );
  }
}

/** Starts the sandbox, one fake per channel and Omniloom, then installs and configures every channel. */
export async function startFuzzWorld(): Promise<FuzzWorld> {
  const channels = [...listConnectors().map((connector) => connector.id), 'webhook'];
  const sandbox = await startSandbox({ port: 0 });
  const setups = new Map<string, ChannelSetup>();
  let omniloom: OmniloomHarness | undefined;
  const close = async () => {
    await omniloom?.stop();
    for (const setup of setups.values()) await setup.close();
    await sandbox.close();
  };
  try {
    for (const channel of channels) setups.set(channel, await setUpChannel(channel));
    omniloom = await startOmniloom({ env: { LOG_LEVEL: 'silent', OMNILOOM_JOB_ATTEMPTS: '1' } });
    const installed = await expectOk(
      omniloom.admin('/api/installations', {
        method: 'POST',
        json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken, channels },
      }),
      'install',
    );
    const installationId = String(installed.installationId);
    for (const [channel, setup] of setups) {
      await expectOk(
        omniloom.admin(`/api/installations/${installationId}/channels/${channel}`, {
          method: 'PUT',
          json: { credentials: setup.credentials, config: setup.config },
        }),
        `configure ${channel}`,
      );
    }
    const context = await omniloom.runtime.store.installations.get(installationId);
    const urlSecret = context ? omniloom.runtime.secrets.open(context.urlSecretCiphertext) : '';
    return {
      sandbox,
      omniloom,
      installationId,
      urlSecret,
      signers: new Map([...setups].map(([channel, setup]) => [channel, setup.sign])),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function expectOk(response: Promise<Response>, what: string): Promise<Record<string, unknown>> {
  const answer = await response;
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${what} failed: ${answer.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
