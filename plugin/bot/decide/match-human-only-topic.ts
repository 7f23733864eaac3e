import { analyzeTerms } from '../../../rag/text/analyze-terms.ts';
import { normalizeForMatching } from './detect-human-request.ts';

/**
 * The first of the installation's human-only topics (settings.ai.humanOnlyTopics)
 * the message is about, or undefined. A topic matches when the message
 * contains it as a phrase, or contains every one of its terms (stemmed, so
 * "refunds" matches "refund" and "legal action" matches "a legal question about action").
 */
export function matchHumanOnlyTopic(text: string, topics: readonly string[]): string | undefined {
  const normalized = normalizeForMatching(text);
  const terms = new Set(analyzeTerms(normalized));
  for (const topic of topics) {
    const phrase = normalizeForMatching(topic);
    if (!phrase) continue;
    if (normalized.includes(phrase)) return topic;
    const wanted = analyzeTerms(phrase);
    if (wanted.length > 0 && wanted.every((term) => terms.has(term))) return topic;
  }
  return undefined;
}
