import { ConfigError } from '../errors.ts';
import {
  identifyChatwootContact,
  type ChatwootChannelType,
  type IdentifyOptions,
} from './identity/identify-chatwoot-contact.ts';
import type { ChannelProfile, ChatwootRendering, ProfileOptions } from './profile-types.ts';
import { renderReply, type ReplySpec } from './render-reply.ts';
import type { ReplyFormat } from './render/render-dialect.ts';
import type { LengthUnit } from './split/measure-text.ts';

/** Omniloom connectors that bridge a channel into a Chatwoot API inbox. */
export type BridgedConnectorId = 'discord' | 'slack' | 'viber' | 'teams';

interface ProfileSpec {
  displayName: string;
  textLimit: number;
  lengthUnit?: LengthUnit;
  /** What Omniloom posts to Chatwoot at the pinned commit (or sends itself, for bridges). */
  pinnedFormat: ReplyFormat;
  /** Chatwoot converts `content` on delivery at the pinned commit. */
  pinnedConverts: boolean;
  /** Listed in `Messages::MarkdownRendererService::CHANNEL_RENDERERS` (per-channel Chatwoot builds). */
  convertedPerChannel: boolean;
  sms?: boolean;
  email?: boolean;
  /** Per-channel Chatwoot builds: the posted markdown's length → what the channel receives. */
  perChannelMeasure?: (markdown: string) => number;
}

// Limits: platform documentation summarised in /shared/channels/README.md; Chatwoot's own
// 150,000-character content cap is applied on top for every Chatwoot-delivered profile.
const CHATWOOT_PROFILES: Record<ChatwootChannelType, ProfileSpec> = {
  'Channel::WebWidget': {
    displayName: 'Website live chat',
    textLimit: Infinity,
    pinnedFormat: 'markdown',
    pinnedConverts: true,
    convertedPerChannel: true,
  },
  'Channel::Api': {
    displayName: 'API inbox',
    textLimit: Infinity,
    pinnedFormat: 'markdown',
    pinnedConverts: false,
    convertedPerChannel: false,
  },
  'Channel::Email': {
    displayName: 'Email',
    textLimit: Infinity,
    pinnedFormat: 'markdown',
    pinnedConverts: true,
    convertedPerChannel: true,
    email: true,
  },
  'Channel::Telegram': {
    displayName: 'Telegram',
    textLimit: 4096,
    pinnedFormat: 'chatwoot-telegram-markdown',
    pinnedConverts: true,
    convertedPerChannel: true,
  },
  'Channel::Whatsapp': {
    displayName: 'WhatsApp',
    textLimit: 4096,
    pinnedFormat: 'whatsapp',
    pinnedConverts: false,
    convertedPerChannel: true,
  },
  'Channel::FacebookPage': {
    displayName: 'Facebook Messenger',
    textLimit: 2000,
    pinnedFormat: 'plain',
    pinnedConverts: false,
    convertedPerChannel: true,
  },
  'Channel::Instagram': {
    displayName: 'Instagram',
    textLimit: 1000,
    lengthUnit: 'utf8-bytes',
    pinnedFormat: 'plain',
    pinnedConverts: false,
    convertedPerChannel: true,
  },
  'Channel::Line': {
    displayName: 'LINE',
    textLimit: 5000,
    pinnedFormat: 'plain',
    pinnedConverts: false,
    convertedPerChannel: true,
    // Chatwoot's LineRenderer writes ` *b* `, ` _i_ `, `` `c` `` with a space around each marker.
    perChannelMeasure: (markdown) => markdown.length + (markdown.match(/[*_`]+/g)?.length ?? 0),
  },
  'Channel::Sms': {
    displayName: 'SMS',
    textLimit: 1600,
    pinnedFormat: 'plain',
    pinnedConverts: false,
    convertedPerChannel: true,
    sms: true,
  },
  'Channel::TwilioSms': {
    displayName: 'Twilio SMS',
    textLimit: 1600,
    pinnedFormat: 'plain',
    pinnedConverts: false,
    convertedPerChannel: true,
    sms: true,
  },
};

// Twilio's WhatsApp medium shares the SMS channel type (and Twilio's 1600-character body limit),
// but the customer's app renders WhatsApp formatting.
const TWILIO_WHATSAPP: ProfileSpec = {
  displayName: 'WhatsApp (Twilio)',
  textLimit: 1600,
  pinnedFormat: 'whatsapp',
  pinnedConverts: false,
  // Chatwoot's renderer map keys on channel type, so it gives Twilio WhatsApp the plain-text renderer.
  convertedPerChannel: true,
};

// A Facebook Page inbox also carries Instagram DMs of the linked account (conversation type
// `instagram_direct_message`); those are sent through Instagram's API with its limits.
const FACEBOOK_INSTAGRAM: ProfileSpec = {
  ...CHATWOOT_PROFILES['Channel::Instagram'],
  displayName: 'Instagram (via Facebook Page)',
};

const BRIDGED_PROFILES: Record<BridgedConnectorId, ProfileSpec> = {
  discord: {
    displayName: 'Discord',
    textLimit: 2000,
    pinnedFormat: 'discord',
    pinnedConverts: false,
    convertedPerChannel: false,
  },
  slack: {
    displayName: 'Slack',
    textLimit: 4000,
    pinnedFormat: 'slack-mrkdwn',
    pinnedConverts: false,
    convertedPerChannel: false,
  },
  viber: {
    displayName: 'Viber',
    textLimit: 7000,
    pinnedFormat: 'viber',
    pinnedConverts: false,
    convertedPerChannel: false,
  },
  teams: {
    displayName: 'Microsoft Teams',
    textLimit: 28_000,
    pinnedFormat: 'teams-markdown',
    pinnedConverts: false,
    convertedPerChannel: false,
  },
};

/** Every id `getProfile` accepts. */
export const PROFILE_IDS: readonly string[] = [
  ...Object.keys(CHATWOOT_PROFILES),
  ...Object.keys(BRIDGED_PROFILES),
];

/** True for a Chatwoot inbox channel type Omniloom has a profile for. */
export function isChatwootChannelType(id: string): id is ChatwootChannelType {
  return Object.hasOwn(CHATWOOT_PROFILES, id);
}

/** True for a bridged connector id Omniloom has a profile for. */
export function isBridgedConnectorId(id: string): id is BridgedConnectorId {
  return Object.hasOwn(BRIDGED_PROFILES, id);
}

/**
 * The channel profile for a Chatwoot inbox channel type (`Channel::Whatsapp`,
 * as in the webhook's `conversation.channel`) or a bridged connector id
 * (`discord`, `slack`, `viber`, `teams`), or `undefined` when there is none.
 */
export function findProfile(
  channelTypeOrConnectorId: string,
  options: ProfileOptions & IdentifyOptions = {},
): ChannelProfile | undefined {
  const rendering: ChatwootRendering = options.chatwootRendering ?? 'pinned';
  if (isBridgedConnectorId(channelTypeOrConnectorId)) {
    return buildProfile(
      channelTypeOrConnectorId,
      BRIDGED_PROFILES[channelTypeOrConnectorId],
      'bridge',
      rendering,
      options,
    );
  }
  if (!isChatwootChannelType(channelTypeOrConnectorId)) return undefined;
  const channelType = channelTypeOrConnectorId;
  let spec = CHATWOOT_PROFILES[channelType];
  if (channelType === 'Channel::TwilioSms' && options.medium === 'whatsapp') spec = TWILIO_WHATSAPP;
  if (channelType === 'Channel::FacebookPage' && options.conversationType === 'instagram_direct_message')
    spec = FACEBOOK_INSTAGRAM;
  const profile = buildProfile(channelType, spec, 'chatwoot', rendering, options);
  const identifyOptions: IdentifyOptions = { defaultRegion: options.defaultRegion };
  profile.identity = (facts) =>
    identifyChatwootContact(
      channelType,
      {
        ...facts,
        medium: facts.medium ?? options.medium,
        conversationType: facts.conversationType ?? options.conversationType,
      },
      identifyOptions,
    );
  return profile;
}

/** Like `findProfile`, but an unknown id is a configuration error naming the known ones. */
export function getProfile(
  channelTypeOrConnectorId: string,
  options: ProfileOptions & IdentifyOptions = {},
): ChannelProfile {
  const profile = findProfile(channelTypeOrConnectorId, options);
  if (!profile) {
    throw new ConfigError(
      `No channel profile for "${channelTypeOrConnectorId}"; known channel types and connectors: ${PROFILE_IDS.join(', ')}`,
    );
  }
  return profile;
}

function buildProfile(
  id: string,
  spec: ProfileSpec,
  delivery: 'chatwoot' | 'bridge',
  rendering: ChatwootRendering,
  options: ProfileOptions,
): ChannelProfile {
  const converts =
    rendering === 'per-channel' && delivery === 'chatwoot'
      ? spec.convertedPerChannel || spec.pinnedConverts
      : spec.pinnedConverts;
  // When Chatwoot converts on delivery in a per-channel build, anything but plain markdown would be converted twice.
  const perChannel = rendering === 'per-channel' && delivery === 'chatwoot' && spec.convertedPerChannel;
  const format: ReplyFormat = perChannel ? 'markdown' : spec.pinnedFormat;
  const smsMaxSegments = spec.sms ? (options.smsMaxSegments ?? 6) : undefined;
  const replySpec: ReplySpec = {
    format,
    textLimit: spec.textLimit,
    lengthUnit: spec.lengthUnit ?? 'utf16',
    delivery,
    smsMaxSegments,
    email: spec.email,
    locale: options.locale,
    measure: perChannel ? spec.perChannelMeasure : undefined,
  };
  return {
    id,
    displayName: spec.displayName,
    delivery,
    format,
    textLimit: spec.textLimit,
    lengthUnit: replySpec.lengthUnit,
    chatwootConvertsMarkdown: converts,
    ...(smsMaxSegments === undefined ? {} : { smsMaxSegments }),
    render: (markdown, renderOptions) => renderReply(markdown, replySpec, renderOptions),
    split: (markdown, limit) => renderReply(markdown, replySpec, { limit }).parts,
  };
}
