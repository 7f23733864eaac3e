import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import type { Store, SuggestionRecord, SuggestionSource } from '../../store/store.ts';
import type { SourceChunk } from '../generate/answer-generator.ts';
import type { Draft } from '../prepare-draft.ts';
import {
  conversationRoom,
  SUGGESTION_NEW_EVENT,
  type RealtimeEmitter,
  type SuggestionNewPayload,
} from './suggestion-events.ts';

export interface SuggestionDeps {
  store: Pick<Store, 'suggestions'>;
  logger: Logger;
  realtime?: RealtimeEmitter;
  now: () => Date;
}

const EXCERPT_CHARS = 280;

/** What a suggestion is made of. */
export interface SuggestionContent {
  /** Customer-ready text (answer + sources line). */
  reply: string;
  confidence: number;
  /** Cited excerpts, else the best retrieved ones. */
  sources: readonly SourceChunk[];
  language: string;
  extractive: boolean;
}

/** A draft's suggestion content: its cited sources, or its three best excerpts when it cites none. */
export function suggestionContentOf(draft: Draft): SuggestionContent {
  return {
    reply: draft.reply,
    confidence: draft.confidence,
    sources: draft.sources.length ? draft.sources : draft.chunks.slice(0, 3),
    language: draft.language,
    extractive: draft.answer?.extractive ?? draft.generator === 'extractive',
  };
}

function sourcesOf(content: SuggestionContent): SuggestionSource[] {
  return content.sources.map((chunk) => ({
    chunkId: chunk.id,
    documentId: chunk.documentId,
    title: chunk.title,
    excerpt:
      chunk.text.length > EXCERPT_CHARS ? `${chunk.text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : chunk.text,
    score: Number(chunk.score.toFixed(6)),
  }));
}

/**
 * Stores a suggested reply for a customer message and pushes it to the
 * conversation's dashboard room. Earlier pending suggestions of the same
 * conversation are marked `superseded`: only the newest answers the latest
 * question. Returns undefined when there is no text to suggest.
 */
export async function storeSuggestion(
  deps: SuggestionDeps,
  target: { installationId: string; conversationId: number; messageId: number },
  content: SuggestionContent,
): Promise<SuggestionRecord | undefined> {
  if (!content.reply) return undefined;
  const earlier = await deps.store.suggestions.listForConversation(
    target.installationId,
    target.conversationId,
    50,
  );
  const record = await deps.store.suggestions.create({
    id: randomUUID(),
    installationId: target.installationId,
    conversationId: target.conversationId,
    chatwootMessageId: target.messageId,
    text: content.reply,
    confidence: content.confidence,
    sources: sourcesOf(content),
    status: 'pending',
    createdAt: deps.now().toISOString(),
  });
  const supersededIds: string[] = [];
  for (const previous of earlier) {
    if (previous.status !== 'pending' || previous.id === record.id) continue;
    await deps.store.suggestions.update(target.installationId, previous.id, {
      status: 'superseded',
      resolvedAt: record.createdAt,
    });
    supersededIds.push(previous.id);
  }
  const payload: SuggestionNewPayload = {
    installationId: target.installationId,
    conversationId: target.conversationId,
    suggestion: record,
    supersededIds,
    language: content.language,
    extractive: content.extractive,
  };
  try {
    deps.realtime
      ?.to(conversationRoom(target.installationId, target.conversationId))
      .emit(SUGGESTION_NEW_EVENT, payload);
  } catch (error) {
    deps.logger.warn(
      { err: error, installationId: target.installationId },
      'suggestion stored but not pushed to the dashboard',
    );
  }
  return record;
}
