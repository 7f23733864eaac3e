import { analyzeTerms } from '../../rag/text/analyze-terms.ts';
import { matchHumanOnlyTopic } from '../bot/decide/match-human-only-topic.ts';
import { normalizeForMatching } from '../bot/decide/detect-human-request.ts';
import type { RoutingReason, RoutingSource } from './routing-types.ts';

/** Where a topic was found, for the dry run's explanation. */
export type TopicEvidence = 'reason' | 'message' | 'source';

function phraseOrAllTerms(haystack: string, topic: string): boolean {
  const text = normalizeForMatching(haystack);
  const phrase = normalizeForMatching(topic);
  if (!phrase) return false;
  if (text.includes(phrase)) return true;
  const wanted = analyzeTerms(phrase);
  if (wanted.length === 0) return false;
  const terms = new Set(analyzeTerms(text));
  return wanted.every((term) => terms.has(term));
}

/**
 * Whether a hand-off is about `topic`: the agent's reason names it (a
 * human-only topic), the customer's message mentions it (as a phrase, or all
 * its stemmed terms), or a knowledge-base source the agent drew on is about it
 * (title or section heading).
 */
export function matchTopic(
  topic: string,
  facts: { text: string; reason?: RoutingReason; sources?: readonly RoutingSource[] },
): TopicEvidence | undefined {
  const wanted = normalizeForMatching(topic);
  if (
    facts.reason?.code === 'human_only_topic' &&
    facts.reason.detail &&
    normalizeForMatching(facts.reason.detail) === wanted
  ) {
    return 'reason';
  }
  if (matchHumanOnlyTopic(facts.text, [topic])) return 'message';
  if (facts.sources?.some((source) => phraseOrAllTerms(`${source.title} ${source.heading ?? ''}`, topic)))
    return 'source';
  return undefined;
}
