/**
 * Markdown → Viber text parts, through the shared channel profile
 * (plugin/channels): Viber renders `*bold*`, `_italic_`, `~strike~` and
 * ```` ```monospace``` ````; links are spelled out as `label (url)`; parts are
 * split at Viber's 7000-character `text` limit.
 * https://developers.viber.com/docs/api/rest-bot-api/#text-message
 */
import { getProfile } from '../../plugin/channels/profiles.ts';
import type { ChannelProfile } from '../../plugin/channels/profile-types.ts';

/** `send_message` rejects `text` longer than this. */
export const VIBER_TEXT_LIMIT = 7000;

let profile: ChannelProfile | undefined;

/** Renders agent/AI markdown for Viber; one string per `send_message`. */
export function renderForViber(markdown: string): string[] {
  profile ??= getProfile('viber');
  return profile.render(markdown, { limit: VIBER_TEXT_LIMIT }).parts;
}
