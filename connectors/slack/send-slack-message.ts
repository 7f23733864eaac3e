/**
 * Delivers an agent/AI reply to Slack: `chat.postMessage` into the
 * conversation's thread (or IM), in mrkdwn parts of at most ~4000
 * characters, then files through the SDK's `files.uploadV2`
 * (getUploadURLExternal → upload → completeUploadExternal).
 * https://docs.slack.dev/reference/methods/chat.postMessage
 */
import { OmniloomError } from '../../plugin/errors.ts';
import type { OutboundMessage } from '../../plugin/messages/normalized-message.ts';
import type { ConnectorAccount, ConnectorDeps, SendResult } from '../core/connector.ts';
import { callSlack, getSlackClient } from './call-slack-api.ts';
import { downloadSlackFile } from './download-slack-file.ts';
import { slackMessageId } from './parse-slack-payload.ts';
import { renderForSlack } from './render-for-slack.ts';

/** Sends one outbound message; see the module comment. */
export async function sendSlackMessage(
  message: OutboundMessage,
  account: ConnectorAccount,
  deps: ConnectorDeps,
): Promise<SendResult> {
  const { channel, threadTs } = message.thread.address;
  if (!channel) {
    throw new OmniloomError(`Slack thread ${message.thread.key} has no channel to send to`, {
      code: 'bad_request',
      connector: 'slack',
    });
  }
  const client = getSlackClient(account, deps.logger);
  const inThread = message.thread.kind !== 'direct' && threadTs ? { thread_ts: threadTs } : {};
  const ids: string[] = [];
  for (const text of renderForSlack(message.text)) {
    const result = await callSlack('chat.postMessage', () =>
      client.chat.postMessage({ channel, text, mrkdwn: true, unfurl_links: false, ...inThread }),
    );
    if (result.ts) ids.push(slackMessageId(result.channel ?? channel, result.ts));
  }
  for (const attachment of message.attachments) {
    const file = await downloadSlackFile(attachment.url, deps.maxAttachmentBytes, {
      fileName: attachment.fileName,
      contentType: attachment.contentType,
    });
    await callSlack('files.uploadV2', () =>
      client.filesUploadV2({ channel_id: channel, file: file.data, filename: file.fileName, ...inThread }),
    );
  }
  return { channelMessageIds: ids };
}
