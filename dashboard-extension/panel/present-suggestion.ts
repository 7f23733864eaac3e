import type { ChatwootMessage } from '../../plugin/chatwoot/types.ts';
import type { SuggestionRecord, SuggestionStatus } from '../../plugin/store/store.ts';

/** One suggestion card as the templates read it. */
export interface SuggestionCard {
  id: string;
  status: SuggestionStatus;
  pending: boolean;
  statusLabel: string;
  text: string;
  sentText?: string;
  rejectReason?: string;
  confidence: number;
  confidencePercent: number;
  confidenceLevel: 'high' | 'medium' | 'low';
  createdAt: string;
  /** The customer message it answers, when it could be read. */
  question?: string;
  questionId: number;
  /** Best first; the retrieval score is a fused rank score, not a percentage, so only the order is shown. */
  sources: Array<{ title: string; excerpt: string; snippet: string }>;
}

const STATUS_LABELS: Record<SuggestionStatus, string> = {
  pending: 'Suggested',
  accepted: 'Sent',
  edited: 'Sent after editing',
  rejected: 'Rejected',
  superseded: 'Replaced',
};

/** Confidence bands shown by colour: the bot's own thresholds for replying alone sit in the high band. */
export function confidenceLevel(confidence: number): SuggestionCard['confidenceLevel'] {
  if (confidence >= 0.75) return 'high';
  if (confidence >= 0.5) return 'medium';
  return 'low';
}

function percent(value: number): number {
  return Math.round(Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0)) * 100);
}

/** The start of an excerpt, so sources from one document can be told apart before they are opened. */
function snippetOf(excerpt: string): string {
  const flat = excerpt.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 89).trimEnd()}…` : flat;
}

/** A suggestion record with the customer message it answers, ready for the card template. */
export function presentSuggestion(record: SuggestionRecord, question?: ChatwootMessage): SuggestionCard {
  return {
    id: record.id,
    status: record.status,
    pending: record.status === 'pending',
    statusLabel: STATUS_LABELS[record.status] ?? record.status,
    text: record.text,
    ...(record.sentText !== undefined && record.sentText !== record.text
      ? { sentText: record.sentText }
      : {}),
    ...(record.rejectReason ? { rejectReason: record.rejectReason } : {}),
    confidence: Math.min(1, Math.max(0, record.confidence)),
    confidencePercent: percent(record.confidence),
    confidenceLevel: confidenceLevel(record.confidence),
    createdAt: record.createdAt,
    ...(question?.content ? { question: question.content } : {}),
    questionId: record.chatwootMessageId,
    sources: record.sources.map((source) => ({
      title: source.title || 'Untitled document',
      excerpt: source.excerpt,
      snippet: snippetOf(source.excerpt),
    })),
  };
}
