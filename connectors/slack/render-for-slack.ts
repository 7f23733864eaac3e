/**
 * Markdown → Slack mrkdwn parts, through the shared channel profile
 * (plugin/channels): `*bold*`, `_italic_`, `<url|label>`, `& < >` escaped,
 * split at ~4000 characters (Slack truncates `text` at 40k and recommends
 * staying under 4k).
 * https://docs.slack.dev/messaging/formatting-message-text
 */
import { getProfile } from '../../plugin/channels/profiles.ts';
import type { ChannelProfile } from '../../plugin/channels/profile-types.ts';

/** Recommended upper bound for `chat.postMessage` text. */
export const SLACK_TEXT_LIMIT = 4000;

let profile: ChannelProfile | undefined;

/** Renders agent/AI markdown for Slack; one string per `chat.postMessage`. */
export function renderForSlack(markdown: string): string[] {
  profile ??= getProfile('slack');
  return profile.render(markdown, { limit: SLACK_TEXT_LIMIT }).parts;
}
