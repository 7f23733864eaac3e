import { normalizeForMatching } from '../bot/decide/detect-human-request.ts';
import type { RoutingRule } from '../install/installation-settings.ts';
import type { BusinessCalendar } from './calendar/business-calendar.ts';
import { isWithinBusinessHours } from './calendar/is-within-business-hours.ts';
import { matchTopic } from './match-topic.ts';
import type { RoutingReason, RoutingSource } from './routing-types.ts';

/** Everything a rule's `when` can look at. */
export interface RoutingFacts {
  channel: string;
  inboxId: number;
  /** ISO 639-1 code, when known. */
  language?: string;
  text: string;
  contactAttributes: Record<string, unknown>;
  reason?: RoutingReason;
  sources?: readonly RoutingSource[];
  /** The moment of the hand-off (business hours are judged at it). */
  at: Date;
  calendar: BusinessCalendar;
}

export type RuleCondition = keyof RoutingRule['when'];

/** One condition of one rule: whether it held, and what was compared. */
export interface ConditionResult {
  condition: RuleCondition;
  matched: boolean;
  detail: string;
}

export interface RuleEvaluation {
  name: string;
  index: number;
  matched: boolean;
  conditions: ConditionResult[];
}

export interface RulesEvaluation {
  /** The first rule whose conditions all hold. */
  hit?: { rule: RoutingRule; index: number };
  /** Every rule, in order, with each condition's result (for the dry run). */
  evaluations: RuleEvaluation[];
}

const baseLanguage = (code: string) => code.toLowerCase().split(/[-_]/)[0] ?? '';
const text = (value: unknown) =>
  (value === undefined || value === null ? '' : String(value)).trim().toLowerCase();

function checkCondition(
  condition: RuleCondition,
  when: RoutingRule['when'],
  facts: RoutingFacts,
): ConditionResult | undefined {
  const result = (matched: boolean, detail: string): ConditionResult => ({ condition, matched, detail });
  switch (condition) {
    case 'channels': {
      if (!when.channels?.length) return undefined;
      const matched = when.channels.some((channel) => channel.toLowerCase() === facts.channel.toLowerCase());
      return result(matched, `channel is ${facts.channel}`);
    }
    case 'inboxIds':
      if (!when.inboxIds?.length) return undefined;
      return result(when.inboxIds.includes(facts.inboxId), `inbox is ${facts.inboxId}`);
    case 'languages': {
      if (!when.languages?.length) return undefined;
      if (!facts.language) return result(false, 'language unknown');
      const language = baseLanguage(facts.language);
      return result(
        when.languages.some((code) => baseLanguage(code) === language),
        `language is ${language}`,
      );
    }
    case 'keywords': {
      if (!when.keywords?.length) return undefined;
      const message = normalizeForMatching(facts.text);
      const found = when.keywords.find((keyword) => {
        const wanted = normalizeForMatching(keyword);
        return wanted !== '' && message.includes(wanted);
      });
      return result(
        found !== undefined,
        found !== undefined ? `message mentions "${found}"` : 'no keyword in the message',
      );
    }
    case 'topics': {
      if (!when.topics?.length) return undefined;
      for (const topic of when.topics) {
        const evidence = matchTopic(topic, facts);
        if (evidence)
          return result(
            true,
            `topic "${topic}" (${evidence === 'reason' ? 'hand-off reason' : evidence === 'message' ? 'in the message' : 'knowledge-base source'})`,
          );
      }
      return result(false, 'no topic in the reason, message or sources');
    }
    case 'contactAttributes': {
      const wanted = Object.entries(when.contactAttributes ?? {});
      if (wanted.length === 0) return undefined;
      for (const [key, expected] of wanted) {
        const actual = text(facts.contactAttributes[key]);
        const options = (Array.isArray(expected) ? expected : [expected]).map(text);
        if (!options.includes(actual))
          return result(false, `contact ${key} is ${actual === '' ? 'not set' : `"${actual}"`}`);
      }
      return result(true, `contact ${wanted.map(([key]) => key).join(', ')} match`);
    }
    case 'businessHours': {
      if (!when.businessHours) return undefined;
      const inside = isWithinBusinessHours(facts.calendar, facts.at);
      return result(
        (when.businessHours === 'inside') === inside,
        inside ? 'inside business hours' : 'outside business hours',
      );
    }
    case 'reasons':
      if (!when.reasons?.length) return undefined;
      return result(
        facts.reason !== undefined && (when.reasons as readonly string[]).includes(facts.reason.code),
        facts.reason ? `reason is ${facts.reason.code}` : 'no hand-off reason',
      );
  }
}

const CONDITIONS: readonly RuleCondition[] = [
  'channels',
  'inboxIds',
  'languages',
  'keywords',
  'topics',
  'contactAttributes',
  'businessHours',
  'reasons',
];

/**
 * Checks every rule against the facts, in order. The first rule whose
 * conditions all hold (a rule without conditions always does) is the hit;
 * the other evaluations explain the dry run.
 */
export function evaluateRoutingRules(rules: readonly RoutingRule[], facts: RoutingFacts): RulesEvaluation {
  const evaluations: RuleEvaluation[] = [];
  let hit: RulesEvaluation['hit'];
  rules.forEach((rule, index) => {
    const conditions = CONDITIONS.flatMap((condition) => checkCondition(condition, rule.when, facts) ?? []);
    const matched = conditions.every((condition) => condition.matched);
    evaluations.push({ name: rule.name, index, matched, conditions });
    if (matched && !hit) hit = { rule, index };
  });
  return { ...(hit ? { hit } : {}), evaluations };
}
