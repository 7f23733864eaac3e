/**
 * Unique Slack Events API message deliveries for load: every call yields a
 * new `event_id` and a new message `ts`, so Omniloom's dedupe never
 * short-circuits a request, signed with the production signing code.
 */
import { signSlackRequest } from '../../test/helpers/sign-slack.ts';

/** Bot user the generated envelopes name in `authorizations`. */
export const LOAD_SLACK_BOT_USER = 'U0LOADBOT01';
export const LOAD_SLACK_TEAM = 'T0LOAD0001';

export interface SlackMessageFactoryOptions {
  /** Prefix making ids unique across runs sharing a data directory or a sandbox. */
  runId: string;
  /** Distinct customers (DM channels) the messages are spread over (default 16). */
  threads?: number;
  signingSecret: string;
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
  /** The Chatwoot `source_id` the message will carry once delivered (`<channel>:<ts>`). */
  sourceId: string;
  /** The customer thread (Slack DM channel id). */
  thread: string;
}

/** Returns a function producing the next signed delivery each time it is called. */
export function createSlackMessageFactory(
  options: SlackMessageFactoryOptions,
): (text?: string) => SignedDelivery {
  const threads = options.threads ?? 16;
  const runTag = options.runId.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const baseSeconds = Math.floor(Date.now() / 1000);
  let seq = 0;
  return (text) => {
    const n = seq++;
    const slot = n % threads;
    const channel = `D${runTag}${String(slot).padStart(4, '0')}`;
    const ts = `${baseSeconds + Math.floor(n / 1_000_000)}.${String(n % 1_000_000).padStart(6, '0')}`;
    const envelope = {
      token: 'FAKE_verification_token',
      team_id: LOAD_SLACK_TEAM,
      api_app_id: 'A0LOADAPP01',
      type: 'event_callback',
      event_id: `Ev${runTag}${n}`,
      event_time: baseSeconds,
      authorizations: [{ team_id: LOAD_SLACK_TEAM, user_id: LOAD_SLACK_BOT_USER, is_bot: true }],
      event: {
        type: 'message',
        channel,
        channel_type: 'im',
        user: `U${runTag}${String(slot).padStart(4, '0')}`,
        team: LOAD_SLACK_TEAM,
        text: text ?? `Load message ${n}: is *2FA* required for \`admin\` accounts? مرحبا 👩‍💻`,
        ts,
        event_ts: ts,
      },
    };
    const body = JSON.stringify(envelope);
    return {
      body,
      headers: signSlackRequest(body, options.signingSecret),
      sourceId: `${channel}:${ts}`,
      thread: channel,
    };
  };
}
