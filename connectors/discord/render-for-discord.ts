/**
 * Markdown → Discord message parts, through the shared channel profile
 * (plugin/channels): Discord markdown, mentions neutralised in the text as a
 * second guard behind `allowed_mentions`, split at the 2000-character
 * `content` limit without breaking code blocks or emoji sequences.
 */
import { getProfile } from '../../plugin/channels/profiles.ts';
import type { ChannelProfile } from '../../plugin/channels/profile-types.ts';

/** Discord's `content` limit: https://discord.com/developers/docs/resources/message#create-message */
export const DISCORD_CONTENT_LIMIT = 2000;

let profile: ChannelProfile | undefined;

/** Renders agent/AI markdown for Discord; one string per message to send. */
export function renderForDiscord(markdown: string): string[] {
  profile ??= getProfile('discord');
  return profile.render(markdown, { limit: DISCORD_CONTENT_LIMIT }).parts;
}
