/**
 * Teams puts mentions in `text` as `<at>Name</at>` and describes them in
 * `entities` (`type: "mention"`). Mentions of the bot itself are how a channel
 * message reaches the bot, so they are removed; other mentions become
 * `@Name`.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#work-with-mentions
 */
import type { TeamsActivity } from './teams-payloads.ts';

/** The activity's text with the bot's mentions removed and other `<at>` tags turned into `@Name`. */
export function readTeamsText(activity: Pick<TeamsActivity, 'text' | 'entities' | 'recipient'>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  let strippedBotMention = false;
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention' || !entity.text) continue;
    if (botId && entity.mentioned?.id === botId) {
      strippedBotMention ||= text.includes(entity.text);
      text = text.split(entity.text).join('');
    }
  }
  const hadTags = /<at>/i.test(text);
  text = text.replace(/<at>([^<]*)<\/at>/gi, (_match, name: string) => `@${name}`);
  // Removing a leading "<at>Bot</at> " leaves the gap; otherwise the user's own spacing is kept.
  return strippedBotMention || hadTags ? text.replace(/[ \t]{2,}/g, ' ').trim() : text.trim();
}
