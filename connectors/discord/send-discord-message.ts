/**
 * Delivers an agent/AI reply to Discord: posts the text in parts of at most
 * 2000 characters with mentions disabled, and uploads attachments. A
 * support-channel thread is started from the customer's message on the first
 * reply; a `/support` ticket thread must have been opened by the connector's
 * `threadOpener` (open-ticket-thread.ts) before.
 * https://discord.com/developers/docs/resources/message#create-message
 */
import { Routes, type APIMessage } from 'discord-api-types/v10';
import { OmniloomError } from '../../plugin/errors.ts';
import type { OutboundMessage, ThreadRef } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, ConnectorDeps, SendResult } from '../core/connector.ts';
import { callDiscord, getDiscordRest } from './call-discord-api.ts';
import { downloadDiscordFile } from './download-discord-file.ts';
import { TICKET_NAME, discordTicketOpener } from './open-ticket-thread.ts';
import { renderForDiscord } from './render-for-discord.ts';

type Rest = ReturnType<typeof getDiscordRest>;

/** Discord's JSON error code for a channel (here: a thread not opened yet) that does not exist. */
const UNKNOWN_CHANNEL = 10003;
/** A thread was already started from this message (a previous, partly failed send opened it). */
const THREAD_ALREADY_CREATED = 160004;

/** No reply in our output may ping anyone: agents write free text and AI output is untrusted. */
const NO_MENTIONS = { parse: [] as string[] };

function isDiscordCode(error: unknown, code: number): boolean {
  return error instanceof OmniloomError && error.details?.discordCode === code;
}

/** Starts the support-channel thread from the customer's message; its id becomes the message id. */
async function startThreadFromMessage(rest: Rest, address: Record<string, string>): Promise<void> {
  const { parentChannelId, starterMessageId } = address;
  if (!parentChannelId || !starterMessageId) return;
  try {
    await callDiscord('start a thread on the customer message', () =>
      rest.post(Routes.threads(parentChannelId, starterMessageId), {
        body: { name: TICKET_NAME, auto_archive_duration: 1440 },
      }),
    );
  } catch (error) {
    if (!isDiscordCode(error, THREAD_ALREADY_CREATED)) throw error;
  }
}

interface OutgoingFile {
  name: string;
  data: Buffer;
  contentType: string;
}

async function postParts(
  rest: Rest,
  channelId: string,
  parts: string[],
  files: OutgoingFile[],
  replyTo: string | undefined,
): Promise<string[]> {
  const ids: string[] = [];
  // Files ride on the last part; with no text at all they go alone.
  const bodies = parts.length > 0 ? parts : [''];
  for (const [index, content] of bodies.entries()) {
    const isFirst = index === 0;
    const isLast = index === bodies.length - 1;
    const attach = isLast ? files : [];
    const body: Record<string, unknown> = { content, allowed_mentions: NO_MENTIONS };
    if (isFirst && replyTo) body.message_reference = { message_id: replyTo, fail_if_not_exists: false };
    if (attach.length > 0) body.attachments = attach.map((file, id) => ({ id, filename: file.name }));
    const sent = await callDiscord<APIMessage>('post a message', () =>
      rest.post(Routes.channelMessages(channelId), {
        body,
        ...(attach.length > 0
          ? {
              files: attach.map((file) => ({
                name: file.name,
                data: file.data,
                contentType: file.contentType,
              })),
            }
          : {}),
      }),
    );
    ids.push(sent.id);
  }
  return ids;
}

/** Sends one outbound message; see the module comment. */
export async function sendDiscordMessage(
  message: OutboundMessage,
  account: ConnectorAccount,
  deps: ConnectorDeps,
): Promise<SendResult> {
  if (discordTicketOpener.isPending(message.thread)) {
    throw new OmniloomError(
      `Discord ticket ${message.thread.key} is not opened yet: open it with the connector's threadOpener before sending`,
      { code: 'bad_request', connector: 'discord' },
    );
  }
  const rest = getDiscordRest(account);
  const parts = renderForDiscord(message.text);
  const files: OutgoingFile[] = [];
  for (const attachment of message.attachments) {
    const file = await downloadDiscordFile(attachment.url, deps.maxAttachmentBytes, {
      fileName: attachment.fileName,
      contentType: attachment.contentType,
    });
    files.push({ name: file.fileName, data: file.data, contentType: file.contentType });
  }
  if (parts.length === 0 && files.length === 0) return { channelMessageIds: [] };

  const address = message.thread.address;
  const channelId = address.channelId;
  if (!channelId) {
    throw new OmniloomError(`Discord thread ${message.thread.key} has no channelId to send to`, {
      code: 'bad_request',
      connector: 'discord',
    });
  }

  let ids: string[];
  try {
    ids = await postParts(rest, channelId, parts, files, message.replyToChannelMessageId);
  } catch (error) {
    // First reply in a support-channel ticket: the thread is opened lazily, from the customer's message.
    if (!isDiscordCode(error, UNKNOWN_CHANNEL) || !address.starterMessageId) throw error;
    await startThreadFromMessage(rest, address);
    ids = await postParts(rest, channelId, parts, files, undefined);
  }
  return { channelMessageIds: ids };
}

/** Shows "Bot is typing…" in the conversation's channel for ~10 s. */
export async function sendDiscordTyping(thread: ThreadRef, account: ConnectorAccount): Promise<void> {
  const channelId = thread.address.channelId;
  if (!channelId) return;
  const rest = getDiscordRest(account);
  try {
    await callDiscord('show typing', () => rest.post(Routes.channelTyping(channelId)));
  } catch (error) {
    // The ticket thread may not be opened yet; typing is cosmetic.
    if (!isDiscordCode(error, UNKNOWN_CHANNEL)) throw error;
  }
}
