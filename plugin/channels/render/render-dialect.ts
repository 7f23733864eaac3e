import type { Root } from 'mdast';
import { renderChatwootTelegram } from './render-chatwoot-telegram.ts';
import { renderDiscord } from './render-discord.ts';
import { renderMarkdown } from './render-markdown.ts';
import { renderPlainText } from './render-plain-text.ts';
import { renderSlack } from './render-slack.ts';
import { renderTeams } from './render-teams.ts';
import { renderTelegramHtml } from './render-telegram-html.ts';
import { renderTelegramMarkdownV2 } from './render-telegram-markdown-v2.ts';
import { renderViber } from './render-viber.ts';
import { renderWhatsapp } from './render-whatsapp.ts';

/**
 * The text dialects a reply part can be written in. `markdown` and
 * `chatwoot-telegram-markdown` are posted to Chatwoot, which converts them on
 * delivery; the others are what the channel itself displays.
 */
export type ReplyFormat =
  | 'markdown'
  | 'chatwoot-telegram-markdown'
  | 'whatsapp'
  | 'plain'
  | 'telegram-html'
  | 'telegram-markdown-v2'
  | 'discord'
  | 'slack-mrkdwn'
  | 'viber'
  | 'teams-markdown';

const RENDERERS: Record<ReplyFormat, (root: Root) => string> = {
  markdown: renderMarkdown,
  'chatwoot-telegram-markdown': renderChatwootTelegram,
  whatsapp: renderWhatsapp,
  plain: renderPlainText,
  'telegram-html': renderTelegramHtml,
  'telegram-markdown-v2': renderTelegramMarkdownV2,
  discord: renderDiscord,
  'slack-mrkdwn': renderSlack,
  viber: renderViber,
  'teams-markdown': renderTeams,
};

/** Renders a markdown tree in `format`. */
export function renderDialect(format: ReplyFormat, root: Root): string {
  return RENDERERS[format](root);
}
