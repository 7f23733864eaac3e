import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BadRequestError } from '../../errors.ts';
import type { InboundEvent } from '../../messages/normalized-message.ts';
import { connectorLookup } from '../../service/assemble-features.ts';
import { printJson } from '../open-cli-runtime.ts';

/** What `omniloom parse` prints per event: enough to debug a channel without sending anything. */
export function describeEvent(event: InboundEvent) {
  const base = { kind: event.kind, dedupeKey: event.dedupeKey, occurredAt: event.occurredAt };
  switch (event.kind) {
    case 'message':
    case 'edit':
      return {
        ...base,
        channelMessageId: event.channelMessageId,
        thread: event.thread,
        text: event.text,
        attachments: event.kind === 'message' ? event.attachments : [],
        ...(event.kind === 'message' && event.replyToChannelMessageId ? { replyToChannelMessageId: event.replyToChannelMessageId } : {}),
        sender: event.sender,
      };
    case 'reaction':
      return { ...base, channelMessageId: event.channelMessageId, text: event.emoji, removed: event.removed, attachments: [], sender: event.sender };
    case 'delete':
      return { ...base, channelMessageId: event.channelMessageId, text: '', attachments: [] };
    case 'status':
      return { ...base, channelMessageId: event.channelMessageId, status: event.status, text: event.error ?? '', attachments: [] };
    case 'ignored':
      return { ...base, eventType: event.eventType, reason: event.reason, text: '', attachments: [] };
  }
}

export function registerParseCommand(program: Command): void {
  program
    .command('parse <channel> <payloadFile>')
    .description('Print, as JSON, what a connector makes of one raw payload (nothing is sent)')
    .action(async (channel: string, payloadFile: string) => {
      const connector = connectorLookup()(channel);
      if (!connector) throw new BadRequestError(`Unknown channel "${channel}".`);
      const events = connector.parse(await readFile(payloadFile));
      printJson(events.map(describeEvent));
    });
}
