import type { Identifier } from '../messages/normalized-message.ts';
import type { ChatwootContactFacts } from './identity/identify-chatwoot-contact.ts';
import type { ReplyFormat } from './render/render-dialect.ts';
import type { LengthUnit } from './split/measure-text.ts';

/**
 * Which Chatwoot delivery behaviour to plan for.
 *
 * - `pinned`: the Chatwoot commit this project is pinned to (see
 *   CHATWOOT-DELIVERY.md). Only the web widget, email and Telegram convert
 *   markdown; WhatsApp, Messenger, Instagram, LINE and SMS send `content` raw,
 *   so Omniloom renders those itself.
 * - `per-channel`: Chatwoot builds with `Messages::MarkdownRendererService`
 *   (chatwoot#12878, merged after the pinned commit), which converts markdown
 *   for every native channel; Omniloom then posts markdown everywhere, since
 *   rendering first would be converted a second time (`*bold*` → italic).
 */
export type ChatwootRendering = 'pinned' | 'per-channel';

/** Options that pick a profile variant. */
export interface ProfileOptions {
  /** Defaults to `pinned`. */
  chatwootRendering?: ChatwootRendering;
  /** `Channel::TwilioSms` medium (`sms` by default). */
  medium?: 'sms' | 'whatsapp';
  /** `conversation.additional_attributes.type`; `instagram_direct_message` in a Facebook Page inbox gets Instagram's limits. */
  conversationType?: string;
  /** SMS: most segments one reply may cost in total (default 6). */
  smsMaxSegments?: number;
  /** Locale for sentence/word segmentation when splitting. */
  locale?: string;
}

/** A reply ready to send on one channel. */
export interface RenderedReply {
  /** Dialect of `parts`. */
  format: ReplyFormat;
  /** Messages to send, in order; each is within the channel's limit. Empty for an empty reply. */
  parts: string[];
  /** Email: the whole reply as a safe HTML fragment (for Chatwoot's `email_html_content` or a direct send). */
  html?: string;
  /** Email: the plain-text alternative. */
  text?: string;
  /** SMS: segments all parts take together. */
  smsSegments?: number;
  /** True when text was dropped to respect a cap (SMS segment cap). */
  truncated: boolean;
}

/** Per-call overrides for rendering. */
export interface RenderOptions {
  /** A smaller limit than the channel's text limit (e.g. a 1024-character caption). */
  limit?: number;
}

/** How Omniloom writes, splits and reads identities for one channel. */
export interface ChannelProfile {
  /** Chatwoot channel type (`Channel::Whatsapp`) or bridged connector id (`discord`). */
  id: string;
  displayName: string;
  /** `chatwoot`: posted to a native Chatwoot inbox; `bridge`: sent by an Omniloom connector. */
  delivery: 'chatwoot' | 'bridge';
  /** Dialect of the parts `render` returns. */
  format: ReplyFormat;
  /** Most the channel accepts in one message, in `lengthUnit` (`Infinity` when there is no limit). */
  textLimit: number;
  lengthUnit: LengthUnit;
  /** True when Chatwoot converts markdown for this channel on delivery, so Omniloom posts markdown. */
  chatwootConvertsMarkdown: boolean;
  /** SMS channels: the segment cap applied to each reply. */
  smsMaxSegments?: number;
  /** Renders markdown for the channel and splits it into sendable parts. */
  render(markdown: string, options?: RenderOptions): RenderedReply;
  /** Shorthand for `render(markdown, { limit }).parts`. */
  split(markdown: string, limit?: number): string[];
  /** Chatwoot inboxes: reads the contact's identifiers from webhook facts. */
  identity?: (facts: ChatwootContactFacts) => Identifier[];
}
