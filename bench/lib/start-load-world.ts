/**
 * Everything a load run needs, all on 127.0.0.1: the sandbox Chatwoot and a
 * fake Slack Web API in this process, a receiver standing in for the generic
 * webhook channel's customer system, and a real Omniloom in a child process,
 * installed into the sandbox with the slack and webhook channels configured.
 */
import { randomBytes } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { startFakeSlack, type FakeSlack } from '../../test/fakes/fake-slack/start-fake-slack.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/helpers/webhook-receiver.ts';
import { LOAD_SLACK_BOT_USER } from './build-slack-message.ts';
import { forkOmniloom, type ForkedOmniloom, type ForkOmniloomOptions } from './fork-omniloom.ts';

export type LoadChannel = 'slack' | 'webhook';

export interface LoadWorld {
  sandbox: RunningSandbox;
  slack: FakeSlack;
  receiver: WebhookReceiver;
  omniloom: ForkedOmniloom;
  installationId: string;
  /** Bridged channel → its Chatwoot inbox id. */
  inboxes: Record<LoadChannel, number>;
  /** Signing secret per channel, as configured in Omniloom. */
  signingSecrets: Record<LoadChannel, string>;
  /** `POST` target of the channel's webhook route. */
  webhookUrl(channel: LoadChannel): string;
  /** source_id of every customer message the sandbox holds in the channel's inbox (duplicates kept). */
  incomingSourceIds(channel: LoadChannel): string[];
  /** Number of customer messages in the channel's inbox. */
  countIncoming(channel: LoadChannel): number;
  close(): Promise<void>;
}

export interface StartLoadWorldOptions {
  omniloom?: ForkOmniloomOptions;
  /** Installation settings (e.g. `{ ai: { defaultMode: 'off' } }`). */
  settings?: Record<string, unknown>;
}

/** Starts the sandbox, the fakes and Omniloom, then installs and configures both channels. */
export async function startLoadWorld(options: StartLoadWorldOptions = {}): Promise<LoadWorld> {
  const sandbox = await startSandbox({ port: 0 });
  const slack = await startFakeSlack();
  const receiver = await startWebhookReceiver();
  let omniloom: ForkedOmniloom | undefined;
  const closeAll = async () => {
    await omniloom?.stop();
    await receiver.close();
    await slack.close();
    await sandbox.close();
  };
  try {
    omniloom = await forkOmniloom(options.omniloom);
    const signingSecrets: Record<LoadChannel, string> = {
      slack: randomBytes(16).toString('hex'),
      webhook: `whsec-${randomBytes(16).toString('hex')}`,
    };
    const installed = await expectJson(
      omniloom.admin('/api/installations', {
        method: 'POST',
        json: {
          chatwootUrl: sandbox.url,
          accountId: sandbox.accountId,
          token: sandbox.adminToken,
          channels: ['slack', 'webhook'],
          ...(options.settings ? { settings: options.settings } : {}),
        },
      }),
      'install',
    );
    const installationId = String(installed.installationId);
    const bridged = (installed.inboxes as { bridged: Record<string, number> }).bridged;
    await expectJson(
      omniloom.admin(`/api/installations/${installationId}/channels/slack`, {
        method: 'PUT',
        json: {
          credentials: { signingSecret: signingSecrets.slack, botToken: slack.botToken },
          config: { apiBaseUrl: slack.apiBaseUrl, botUserId: LOAD_SLACK_BOT_USER },
        },
      }),
      'configure slack',
    );
    await expectJson(
      omniloom.admin(`/api/installations/${installationId}/channels/webhook`, {
        method: 'PUT',
        json: {
          credentials: { signingSecret: signingSecrets.webhook },
          config: { outboundUrl: `${receiver.url}/replies` },
        },
      }),
      'configure webhook',
    );
    const inboxes: Record<LoadChannel, number> = { slack: bridged.slack ?? 0, webhook: bridged.webhook ?? 0 };
    const url = omniloom.url;
    const incoming = (channel: LoadChannel) => {
      const ids: string[] = [];
      for (const message of sandbox.state.messages.values()) {
        if (message.inboxId === inboxes[channel] && message.messageType === 'incoming')
          ids.push(message.sourceId ?? '');
      }
      return ids;
    };
    return {
      sandbox,
      slack,
      receiver,
      omniloom,
      installationId,
      inboxes,
      signingSecrets,
      webhookUrl: (channel) => `${url}/webhooks/${channel}/${installationId}`,
      incomingSourceIds: incoming,
      countIncoming: (channel) => incoming(channel).length,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function expectJson(response: Promise<Response>, what: string): Promise<Record<string, unknown>> {
  const answer = await response;
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${what} failed: ${answer.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
