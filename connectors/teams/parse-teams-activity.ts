/**
 * Pure translation of Bot Framework activities from Microsoft Teams into
 * normalized events. Serves the webhook route and `omniloom parse teams`.
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages
 */
import type { z } from 'zod';
import { readJsonObject, validatePayload } from '../core/read-payload.ts';
import type {
  Attachment,
  AttachmentKind,
  Identifier,
  IgnoredEvent,
  InboundEvent,
  SenderIdentity,
  ThreadRef,
} from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import { readTeamsSettings } from './read-teams-account.ts';
import { readTeamsText } from './read-teams-text.ts';
import {
  type TeamsActivity,
  type TeamsAttachment,
  type TeamsChannelAccount,
  type TeamsMessageActivity,
  teamsActivitySchema,
  teamsFileDownloadInfoSchema,
  teamsMessageActivitySchema,
} from './teams-payloads.ts';

const CHANNEL = 'teams';
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** Teams' classic reaction names; newer clients send `<hex codepoints>_<name>`. */
const REACTION_EMOJI: Record<string, string> = {
  like: '👍',
  heart: '❤️',
  laugh: '😆',
  surprised: '😮',
  sad: '😢',
  angry: '😠',
};

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'heic', 'tif', 'tiff']);
const VIDEO_EXTENSIONS = new Set(['mp4', 'mov', 'webm', 'avi', 'mkv', 'm4v']);
const AUDIO_EXTENSIONS = new Set(['mp3', 'wav', 'm4a', 'ogg', 'aac', 'wma']);

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  return validatePayload(schema, value, { connector: CHANNEL, what: `Teams ${what}` });
}

function toIso(timestamp: string | undefined): string {
  const parsed = timestamp ? Date.parse(timestamp) : Number.NaN;
  return (Number.isFinite(parsed) ? new Date(parsed) : new Date()).toISOString();
}

function ignored(eventType: string, reason: string, dedupeKey: string, occurredAt: string): IgnoredEvent {
  return { kind: 'ignored', channel: CHANNEL, dedupeKey, occurredAt, reason, eventType };
}

/** `19:…@thread.tacv2;messageid=123` → `19:…@thread.tacv2`. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/** Message ids are only unique inside one conversation, so they are scoped by it. */
export function teamsMessageId(conversationId: string, messageId: string): string {
  return `${baseConversationId(conversationId)}|${messageId}`;
}

function conversationTypeOf(activity: TeamsMessageActivity): string {
  return activity.conversation.conversationType ?? (activity.conversation.isGroup ? 'groupChat' : 'personal');
}

/**
 * personal → `personal:<conversation id>`; group chat → `chat:<conversation id>`;
 * channel → `channel:<conversation id>;messageid=<root>`, the reply thread
 * rooted at the top-level post (`rootMessageId` when the id carries no root).
 * The address keeps the conversation reference a proactive reply needs:
 * service URL, conversation id, the bot's id and the tenant.
 */
export function resolveTeamsThread(activity: TeamsMessageActivity, rootMessageId: string): ThreadRef {
  const type = conversationTypeOf(activity);
  const base = baseConversationId(activity.conversation.id);
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  const teamId = activity.channelData?.team?.id ?? activity.channelData?.teamsTeamId;
  const address: Record<string, string> = {
    serviceUrl: activity.serviceUrl,
    conversationType: type,
    ...(activity.recipient?.id ? { botId: activity.recipient.id } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(teamId ? { teamId } : {}),
  };
  if (type === 'channel') {
    const root = /;messageid=([^;]+)/.exec(activity.conversation.id)?.[1] ?? rootMessageId;
    const conversationId = `${base};messageid=${root}`;
    return {
      key: `channel:${conversationId}`,
      kind: 'thread',
      address: { ...address, conversationId, replyToId: root },
    };
  }
  return {
    key: `${type === 'personal' ? 'personal' : 'chat'}:${activity.conversation.id}`,
    kind: type === 'personal' ? 'direct' : 'channel',
    address: { ...address, conversationId: activity.conversation.id },
  };
}

/**
 * `teams:<aadObjectId>` (the Entra object id, stable across every chat and
 * team of the tenant) is verified: the Bot Connector signed the activity. An
 * email or UPN is only present when the channel sends one; `enrichSender`
 * asks the members API otherwise.
 */
export function toTeamsSender(from: TeamsChannelAccount): SenderIdentity {
  const identifiers: Identifier[] = [
    {
      type: 'channel_user',
      value: `teams:${from.aadObjectId ?? from.id}`,
      verified: true,
      source: 'teams:activity',
    },
  ];
  const email = (from.email ?? from.userPrincipalName)?.trim().toLowerCase();
  if (email?.includes('@') && !email.includes('#ext#')) {
    identifiers.push({ type: 'email', value: email, verified: true, source: 'teams:activity' });
  }
  return { channelUserId: from.id, ...(from.name ? { displayName: from.name } : {}), identifiers };
}

function kindFromExtension(extension: string | undefined): AttachmentKind {
  const ext = extension?.toLowerCase().replace(/^\./, '') ?? '';
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  if (AUDIO_EXTENSIONS.has(ext)) return 'audio';
  return 'file';
}

function sameOrigin(url: string, other: string): boolean {
  try {
    return new URL(url).origin === new URL(other).origin;
  } catch {
    return false;
  }
}

function toAttachment(attachment: TeamsAttachment, serviceUrl: string): Attachment | undefined {
  const { contentType, contentUrl, name } = attachment;
  if (contentType === FILE_DOWNLOAD_INFO) {
    // Files in personal chats: `downloadUrl` is pre-authenticated and short-lived.
    const info = teamsFileDownloadInfoSchema.safeParse(attachment.content);
    if (!info.success) return undefined;
    return {
      kind: kindFromExtension(info.data.fileType ?? name?.split('.').pop()),
      url: info.data.downloadUrl,
      ...(name ? { fileName: name } : {}),
    };
  }
  if (contentType.startsWith('image/') && contentUrl) {
    // Pasted images are served by the Bot Connector itself and need the bot's token.
    const viaConnector = sameOrigin(contentUrl, serviceUrl);
    return {
      kind: 'image',
      url: contentUrl,
      ...(viaConnector ? { platformFileId: contentUrl } : {}),
      ...(contentType.includes('*') ? {} : { contentType }),
      ...(name ? { fileName: name } : {}),
    };
  }
  if (contentType === 'text/html' || !contentUrl) return undefined; // the HTML copy of `text`, or a card
  // `reference` (a channel file in SharePoint) and anything else with a URL.
  const major = contentType.split('/')[0];
  const kind: AttachmentKind =
    major === 'image' || major === 'video' || major === 'audio'
      ? major
      : kindFromExtension(name?.split('.').pop());
  return { kind, url: contentUrl, ...(name ? { fileName: name } : {}) };
}

function reactionEmoji(type: string): string {
  // Own keys only: a reaction type "__proto__" or "constructor" must not read Object.prototype.
  const known = Object.hasOwn(REACTION_EMOJI, type) ? REACTION_EMOJI[type] : undefined;
  if (known) return known;
  const codepoints = /^([0-9a-f]{4,6}(?:-[0-9a-f]{4,6})*)_/i.exec(type)?.[1];
  if (codepoints) {
    try {
      return String.fromCodePoint(...codepoints.split('-').map((hex) => Number.parseInt(hex, 16)));
    } catch {
      // fall through to the name
    }
  }
  return `:${type}:`;
}

interface ParseContext {
  tenantId?: string;
}

function foreignTenant(activity: TeamsActivity, context: ParseContext): boolean {
  const tenant = activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
  return Boolean(context.tenantId && tenant && tenant !== context.tenantId);
}

function parseMessage(activity: TeamsMessageActivity): InboundEvent {
  const occurredAt = toIso(activity.timestamp);
  const channelMessageId = teamsMessageId(activity.conversation.id, activity.id);
  const dedupeKey = `teams:message:${channelMessageId}`;
  if (activity.recipient?.id && activity.from.id === activity.recipient.id) {
    return ignored('message', "the bot's own message", dedupeKey, occurredAt);
  }
  const text = readTeamsText(activity);
  const attachments = (activity.attachments ?? [])
    .map((attachment) => toAttachment(attachment, activity.serviceUrl))
    .filter((attachment): attachment is Attachment => attachment !== undefined);
  if (text === '' && attachments.length === 0) {
    return ignored('message', 'no text or file (a card or an empty mention)', dedupeKey, occurredAt);
  }
  return {
    kind: 'message',
    channel: CHANNEL,
    dedupeKey,
    occurredAt,
    channelMessageId,
    thread: resolveTeamsThread(activity, activity.id),
    sender: toTeamsSender(activity.from),
    text,
    attachments,
  };
}

function parseUpdate(activity: TeamsMessageActivity): InboundEvent {
  const occurredAt = toIso(activity.timestamp);
  const channelMessageId = teamsMessageId(activity.conversation.id, activity.id);
  const eventType = activity.channelData?.eventType ?? 'editMessage';
  // Every edit of a message reuses its id, so the edit time tells redeliveries from new edits.
  const dedupeKey = `teams:${eventType}:${channelMessageId}:${activity.timestamp ?? ''}`;
  if (eventType !== 'editMessage') {
    return ignored(
      `messageUpdate.${eventType}`,
      'only edits are bridged (not undeletes)',
      dedupeKey,
      occurredAt,
    );
  }
  return {
    kind: 'edit',
    channel: CHANNEL,
    dedupeKey,
    occurredAt,
    channelMessageId,
    thread: resolveTeamsThread(activity, activity.id),
    sender: toTeamsSender(activity.from),
    text: readTeamsText(activity),
  };
}

function parseDelete(activity: TeamsMessageActivity): InboundEvent {
  const channelMessageId = teamsMessageId(activity.conversation.id, activity.id);
  return {
    kind: 'delete',
    channel: CHANNEL,
    dedupeKey: `teams:delete:${channelMessageId}`,
    occurredAt: toIso(activity.timestamp),
    channelMessageId,
    thread: resolveTeamsThread(activity, activity.id),
  };
}

function parseReactions(activity: TeamsMessageActivity): InboundEvent[] {
  const occurredAt = toIso(activity.timestamp);
  const target = activity.replyToId;
  if (!target)
    return [
      ignored(
        'messageReaction',
        'reaction without the message it is on',
        `teams:reaction:${activity.id}`,
        occurredAt,
      ),
    ];
  const channelMessageId = teamsMessageId(activity.conversation.id, target);
  const thread = resolveTeamsThread(activity, target);
  const sender = toTeamsSender(activity.from);
  const changes = [
    ...(activity.reactionsAdded ?? []).map((reaction) => ({ type: reaction.type, removed: false })),
    ...(activity.reactionsRemoved ?? []).map((reaction) => ({ type: reaction.type, removed: true })),
  ];
  if (changes.length === 0)
    return [ignored('messageReaction', 'no reaction listed', `teams:reaction:${activity.id}`, occurredAt)];
  return changes.map(({ type, removed }) => ({
    kind: 'reaction' as const,
    channel: CHANNEL,
    dedupeKey: `teams:reaction:${activity.id}:${removed ? 'removed' : 'added'}:${type}`,
    occurredAt,
    channelMessageId,
    thread,
    sender,
    emoji: reactionEmoji(type),
    removed,
  }));
}

function conversationUpdateReason(activity: TeamsActivity): string {
  const botId = activity.recipient?.id;
  if (activity.membersAdded?.some((member) => member.id === botId))
    return 'the bot was added to the conversation';
  if (activity.membersAdded?.length) return 'members joined; Omniloom answers once they write';
  if (activity.membersRemoved?.length) return 'members left the conversation';
  return 'conversation metadata changed';
}

/**
 * Parses one activity. `message`, `messageUpdate` (edits), `messageDelete`
 * and `messageReaction` become events; `conversationUpdate`, `invoke` and
 * everything else are ignored with a reason. Anything that is not a JSON
 * object with a `type`, or a message activity without its routing fields,
 * throws BadRequestError.
 */
export function parseTeamsActivity(raw: Buffer, account?: Pick<ConnectorAccount, 'config'>): InboundEvent[] {
  const body = readJsonObject(raw, { connector: CHANNEL, what: 'Teams activity' });
  const activity = validate(teamsActivitySchema, body, 'activity');
  const occurredAt = toIso(activity.timestamp);
  const fallbackKey = `teams:${activity.type}:${activity.id ?? activity.timestamp ?? 'unknown'}`;
  const context: ParseContext = { tenantId: readTeamsSettings(account).tenantId };
  if (foreignTenant(activity, context)) {
    return [
      ignored(
        activity.type,
        'activity from another Microsoft Entra tenant than the configured tenantId',
        fallbackKey,
        occurredAt,
      ),
    ];
  }
  switch (activity.type) {
    case 'message':
      return [parseMessage(validate(teamsMessageActivitySchema, body, 'message activity'))];
    case 'messageUpdate':
      return [parseUpdate(validate(teamsMessageActivitySchema, body, 'messageUpdate activity'))];
    case 'messageDelete':
      return [parseDelete(validate(teamsMessageActivitySchema, body, 'messageDelete activity'))];
    case 'messageReaction':
      return parseReactions(validate(teamsMessageActivitySchema, body, 'messageReaction activity'));
    case 'conversationUpdate':
      return [ignored('conversationUpdate', conversationUpdateReason(activity), fallbackKey, occurredAt)];
    case 'invoke':
      return [
        ignored(
          `invoke${activity.name ? `.${activity.name}` : ''}`,
          'card actions and sign-in invokes are not handled',
          fallbackKey,
          occurredAt,
        ),
      ];
    default:
      return [
        ignored(
          activity.name ? `${activity.type}.${activity.name}` : activity.type,
          'activity type not handled by Omniloom',
          fallbackKey,
          occurredAt,
        ),
      ];
  }
}
