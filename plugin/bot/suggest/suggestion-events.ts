import type { SuggestionRecord } from '../../store/store.ts';

/**
 * socket.io event emitted when a suggested reply is ready for a conversation.
 * Documented in plugin/bot/README.md ("Realtime contract").
 */
export const SUGGESTION_NEW_EVENT = 'suggestion:new';

/** The room of one conversation's dashboard views. */
export function conversationRoom(installationId: string, conversationId: number): string {
  return `installation:${installationId}:conversation:${conversationId}`;
}

/** Payload of `suggestion:new`. */
export interface SuggestionNewPayload {
  installationId: string;
  conversationId: number;
  /** The stored suggestion, as `SuggestionStore.get` returns it. */
  suggestion: SuggestionRecord;
  /** Earlier pending suggestions of the conversation this one replaces (now `superseded`). */
  supersededIds: string[];
  /** ISO 639-1 language of the text. */
  language: string;
  /** True for the offline answer quoted from the knowledge base (no model wrote it). */
  extractive: boolean;
}

/** The part of a socket.io server the agent emits through (a worker process emits via the Redis adapter). */
export interface RealtimeEmitter {
  to(room: string): { emit(event: string, payload: SuggestionNewPayload): unknown };
}
