import type { SourceChunk } from '../generate/answer-generator.ts';
import type { RoutingOutcome } from './apply-handoff-routing.ts';
import { describeHandoffReason, type HandoffReason } from './handoff-reason.ts';

/** What the private note tells the team. */
export interface HandoffNoteInput {
  reason: HandoffReason;
  question: string;
  /** The draft answer (customer-ready text), when there is one. */
  draft?: string;
  confidence?: number;
  threshold: number;
  generator?: 'gemini' | 'extractive';
  /** Cited excerpts, else the best retrieved ones. */
  sources: readonly SourceChunk[];
  routing?: RoutingOutcome;
}

const quote = (text: string): string =>
  text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');

/**
 * The private note the agent leaves on a hand-off: why, what the customer
 * asked, the draft answer with its confidence, and the sources, so the person
 * taking over starts where the bot stopped.
 */
export function formatHandoffNote(input: HandoffNoteInput): string {
  const lines = [
    `**Omniloom handed this conversation to the team:** ${describeHandoffReason(input.reason)}.`,
    '',
  ];
  if (input.question.trim()) lines.push('**Customer asked**', quote(input.question), '');
  if (input.draft?.trim()) {
    const how =
      input.generator === 'extractive' ? 'quoted from the knowledge base' : 'written by the assistant';
    const confidence =
      input.confidence !== undefined
        ? `, confidence ${input.confidence.toFixed(2)} (threshold ${input.threshold.toFixed(2)})`
        : '';
    lines.push(`**Draft answer** (${how}${confidence}, not sent)`, quote(input.draft), '');
  } else {
    lines.push('**Draft answer:** none.', '');
  }
  if (input.sources.length) {
    lines.push('**Sources**');
    input.sources.forEach((source, index) => {
      const where = source.url ? ` — ${source.url}` : '';
      lines.push(
        `${index + 1}. ${source.title}${source.heading ? ` › ${source.heading}` : ''}${where} (score ${source.score.toFixed(3)})`,
      );
    });
    lines.push('');
  }
  const routing = input.routing;
  if (routing?.rule) {
    const applied = [
      routing.teamId !== undefined ? `team ${routing.teamId}` : '',
      routing.assigneeId !== undefined
        ? `agent ${routing.assigneeId}${routing.assignment ? ` (${routing.assignment.replace('_', '-')})` : ''}`
        : '',
      routing.unassigned ? `no agent assigned: ${routing.unassigned}` : '',
      routing.priority ? `priority ${routing.priority}` : '',
      routing.labels?.length ? `labels ${routing.labels.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`**Routing:** rule "${routing.rule}"${applied.length ? ` → ${applied.join(', ')}` : ''}.`);
  }
  return lines.join('\n').trim();
}
