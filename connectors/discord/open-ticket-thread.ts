/**
 * Opens the thread of a `/support` ticket, in two steps so that a retried
 * send never opens a second one: (1) create the thread, (2) add the customer
 * and replace the deferred "thinking…" reply with a link to it. Step 1 is the
 * only call that is not safe to repeat, so it returns as soon as Discord has
 * answered and the caller records the new thread id before step 2. While the
 * ticket is pending, its address carries `openForUserId`.
 * https://discord.com/developers/docs/resources/channel#start-thread-without-message
 */
import { ChannelType, Routes, type APIChannel } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { OmniloomError } from '../../plugin/errors.ts';
import type { ThreadRef } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, ConnectorDeps, ThreadOpener } from '../core/connector.ts';
import { callDiscord, getDiscordRest } from './call-discord-api.ts';
import { readDiscordSettings } from './read-discord-account.ts';

type Rest = ReturnType<typeof getDiscordRest>;

/** Thread names are limited to 100 characters. */
export const TICKET_NAME = 'Support ticket';

/** Creates the (private by default) thread; the customer is not in it yet. */
async function createTicketThread(
  rest: Rest,
  address: Record<string, string>,
  isPrivate: boolean,
): Promise<ThreadRef> {
  const parentChannelId = address.parentChannelId;
  if (!parentChannelId) {
    throw new OmniloomError('Discord ticket address lacks parentChannelId', {
      code: 'bad_request',
      connector: 'discord',
    });
  }
  const thread = await callDiscord<APIChannel>('open a ticket thread', () =>
    rest.post(Routes.threads(parentChannelId), {
      body: {
        name: TICKET_NAME,
        type: isPrivate ? ChannelType.PrivateThread : ChannelType.PublicThread,
        auto_archive_duration: 1440,
        ...(isPrivate ? { invitable: false } : {}),
      },
    }),
  );
  return { key: `thread:${thread.id}`, kind: 'thread', address: { ...address, channelId: thread.id } };
}

/** Replaces the deferred "thinking…" reply of `/support` with a link to the ticket; best effort (the token lives 15 min). */
async function answerDeferredCommand(
  rest: Rest,
  address: Record<string, string>,
  threadId: string,
  logger: Logger,
): Promise<void> {
  const { applicationId, interactionToken } = address;
  if (!applicationId || !interactionToken) return;
  try {
    await rest.patch(Routes.webhookMessage(applicationId, interactionToken, '@original'), {
      body: { content: `Your ticket is open: <#${threadId}>`, allowed_mentions: { parse: [] } },
      auth: false,
    });
  } catch (error) {
    logger.warn({ err: error, threadId }, 'Could not update the /support reply (interaction token expired?)');
  }
}

/** Adds the customer (a repeated PUT is harmless) and links the ticket; the thread is then an ordinary one. */
async function welcomeCustomer(
  rest: Rest,
  address: Record<string, string>,
  threadId: string,
  logger: Logger,
): Promise<ThreadRef> {
  const { openForUserId, parentChannelId, guildId } = address;
  if (openForUserId) {
    await callDiscord('add the customer to the ticket thread', () =>
      rest.put(Routes.threadMembers(threadId, openForUserId)),
    );
  }
  await answerDeferredCommand(rest, address, threadId, logger);
  return {
    key: `thread:${threadId}`,
    kind: 'thread',
    address: {
      channelId: threadId,
      ...(parentChannelId ? { parentChannelId } : {}),
      ...(guildId ? { guildId } : {}),
    },
  };
}

/** The Discord connector's `threadOpener`; see the module comment. */
export const discordTicketOpener: ThreadOpener = {
  isPending(thread: ThreadRef): boolean {
    return Boolean(thread.address.openForUserId);
  },
  async advance(thread: ThreadRef, account: ConnectorAccount, deps: ConnectorDeps): Promise<ThreadRef> {
    const rest = getDiscordRest(account);
    const threadId = thread.address.channelId;
    if (!threadId)
      return createTicketThread(rest, thread.address, readDiscordSettings(account).privateTickets);
    return welcomeCustomer(rest, thread.address, threadId, deps.logger);
  },
};
