/**
 * Markdown → Teams text (`textFormat: markdown`), through the shared channel
 * profile (plugin/channels): Teams' CommonMark subset, headings as bold
 * paragraphs, tables as labelled lists, split at the Teams text limit.
 * https://learn.microsoft.com/microsoftteams/platform/resources/bot-v3/bots-text-formats
 */
import { getProfile } from '../../plugin/channels/profiles.ts';
import type { ChannelProfile } from '../../plugin/channels/profile-types.ts';

/** Characters of text in one Teams message (the whole activity is capped near 28 KB). */
export const TEAMS_TEXT_LIMIT = 28_000;

let profile: ChannelProfile | undefined;

/** Renders agent/AI markdown as Teams markdown; one string per message if sent as text. */
export function renderForTeams(markdown: string): string[] {
  profile ??= getProfile('teams');
  return profile.render(markdown, { limit: TEAMS_TEXT_LIMIT }).parts;
}
