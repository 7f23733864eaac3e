/**
 * Delivers an agent/AI reply to Teams through the Bot Connector: a markdown
 * text message when the reply fits one message and has no table, otherwise an
 * Adaptive Card (see build-adaptive-card.ts) rather than a string of split
 * messages. In channels the reply goes into the customer's thread
 * (`POST /v3/conversations/{id}/activities/{rootId}`); elsewhere it is posted
 * to the conversation. Images are attached by URL; other files as links.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-send-and-receive-messages
 */
import { OmniloomError } from '../../plugin/errors.ts';
import type { OutboundMessage, ThreadRef } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, ConnectorDeps, SendResult } from '../core/connector.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, buildAdaptiveCards, hasTable } from './build-adaptive-card.ts';
import { callBotConnector } from './call-bot-connector.ts';
import { teamsMessageId } from './parse-teams-activity.ts';
import { renderForTeams } from './render-for-teams.ts';

/** Bytes of text sent as a plain message; beyond it (or with a table) the reply becomes a card. */
export const TEAMS_TEXT_BYTES = 24_000;

interface Route {
  serviceUrl: string;
  conversationId: string;
  path: string;
  envelope: Record<string, unknown>;
}

function routeOf(thread: ThreadRef): Route {
  const { serviceUrl, conversationId, botId, replyToId, conversationType, tenantId } = thread.address;
  if (!serviceUrl || !conversationId) {
    throw new OmniloomError(`Teams thread ${thread.key} has no serviceUrl/conversationId to send to`, {
      code: 'bad_request',
      connector: 'teams',
    });
  }
  const conversation = encodeURIComponent(conversationId);
  const inThread = conversationType === 'channel' && replyToId;
  return {
    serviceUrl,
    conversationId,
    path: inThread
      ? `v3/conversations/${conversation}/activities/${encodeURIComponent(replyToId)}`
      : `v3/conversations/${conversation}/activities`,
    envelope: {
      conversation: { id: conversationId, ...(tenantId ? { tenantId } : {}) },
      ...(botId ? { from: { id: botId } } : {}),
      ...(inThread ? { replyToId } : {}),
    },
  };
}

/** The message activities (without envelope) a markdown reply becomes. */
export function planTeamsActivities(markdown: string): Array<Record<string, unknown>> {
  const parts = renderForTeams(markdown);
  if (parts.length === 0) return [];
  const [only] = parts;
  if (
    parts.length === 1 &&
    only !== undefined &&
    Buffer.byteLength(only, 'utf8') <= TEAMS_TEXT_BYTES &&
    !hasTable(markdown)
  ) {
    return [{ type: 'message', text: only, textFormat: 'markdown' }];
  }
  return buildAdaptiveCards(markdown).map((card) => ({
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  }));
}

function attachmentActivities(message: OutboundMessage): Array<Record<string, unknown>> {
  const images = message.attachments.filter((attachment) => attachment.kind === 'image');
  const others = message.attachments.filter((attachment) => attachment.kind !== 'image');
  const activities: Array<Record<string, unknown>> = [];
  if (images.length > 0) {
    activities.push({
      type: 'message',
      attachments: images.map((image) => ({
        contentType: image.contentType ?? 'image/*',
        contentUrl: image.url,
        ...(image.fileName ? { name: image.fileName } : {}),
      })),
    });
  }
  if (others.length > 0) {
    // Bots can only push files into Teams through OneDrive consent flows; a link works everywhere.
    const links = others.map((file) => `- [${(file.fileName ?? 'file').replace(/[[\]]/g, '')}](${file.url})`);
    activities.push({ type: 'message', text: links.join('\n'), textFormat: 'markdown' });
  }
  return activities;
}

/** Sends one outbound message; see the module comment. */
export async function sendTeamsMessage(
  message: OutboundMessage,
  account: ConnectorAccount,
  _deps: ConnectorDeps,
): Promise<SendResult> {
  const route = routeOf(message.thread);
  const ids: string[] = [];
  for (const activity of [...planTeamsActivities(message.text), ...attachmentActivities(message)]) {
    const answer = (await callBotConnector(account, {
      method: 'POST',
      serviceUrl: route.serviceUrl,
      path: route.path,
      body: { ...activity, ...route.envelope },
    })) as { id?: unknown };
    if (typeof answer.id === 'string' && answer.id) ids.push(teamsMessageId(route.conversationId, answer.id));
  }
  return { channelMessageIds: ids };
}

/** Shows "… is typing" in the conversation for a few seconds. */
export async function sendTeamsTyping(thread: ThreadRef, account: ConnectorAccount): Promise<void> {
  const route = routeOf(thread);
  await callBotConnector(account, {
    method: 'POST',
    serviceUrl: route.serviceUrl,
    path: `v3/conversations/${encodeURIComponent(route.conversationId)}/activities`,
    body: { type: 'typing', ...route.envelope },
  });
}
