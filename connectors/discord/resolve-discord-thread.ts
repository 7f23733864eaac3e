/**
 * Decides which conversation a Discord message belongs to. The key must come
 * out the same for a message, its later edit, delete and reactions, so it is
 * derived only from ids every one of those events carries.
 */
import type { ThreadRef } from '../../plugin/messages/normalized-message.ts';
import type { DiscordSettings } from './read-discord-account.ts';

export interface DiscordMessageCoordinates {
  channelId: string;
  messageId: string;
  guildId?: string;
  /** The message author; only needed when tickets are answered inline in the support channel. */
  authorId?: string;
}

/**
 * - DM (no guild) → `dm:<channel_id>`.
 * - Top-level message in the support channel → `thread:<message_id>`: a thread
 *   started from a message gets the message's id as its channel id, so the
 *   ticket thread the connector opens on the first reply keeps the same key.
 * - Any other guild channel (in practice a thread) → `thread:<channel_id>`.
 * - With `createThreads: false`, support-channel messages group per author:
 *   `channel:<channel_id>:<author_id>`.
 *
 * https://discord.com/developers/docs/topics/threads#thread-fields ("threads
 * created from a message share the message's id").
 */
export function resolveDiscordThread(
  coords: DiscordMessageCoordinates,
  settings: DiscordSettings,
): ThreadRef {
  const { channelId, messageId, guildId } = coords;
  if (!guildId) {
    return { key: `dm:${channelId}`, kind: 'direct', address: { channelId } };
  }
  if (channelId === settings.supportChannelId) {
    if (settings.createThreads) {
      return {
        key: `thread:${messageId}`,
        kind: 'thread',
        address: { channelId: messageId, parentChannelId: channelId, starterMessageId: messageId, guildId },
      };
    }
    const author = coords.authorId ?? 'unknown';
    return {
      key: `channel:${channelId}:${author}`,
      kind: 'channel',
      address: { channelId, guildId, ...(coords.authorId ? { userId: coords.authorId } : {}) },
    };
  }
  return { key: `thread:${channelId}`, kind: 'thread', address: { channelId, guildId } };
}

/** Thread for a `/support` ticket: opened by the connector on the first reply, keyed by the interaction. */
export function resolveTicketThread(input: {
  interactionId: string;
  interactionToken: string;
  applicationId: string;
  userId: string;
  parentChannelId: string;
  guildId?: string;
}): ThreadRef {
  return {
    key: `ticket:${input.interactionId}`,
    kind: 'thread',
    address: {
      parentChannelId: input.parentChannelId,
      openForUserId: input.userId,
      applicationId: input.applicationId,
      // Valid for 15 minutes; used once, to replace the deferred "thinking…" reply with a link to the ticket.
      interactionToken: input.interactionToken,
      ...(input.guildId ? { guildId: input.guildId } : {}),
    },
  };
}
