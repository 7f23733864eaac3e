import { DateTime } from 'luxon';
import { HANDOFF_REASON_CODES } from '../../install/installation-settings.ts';
import type { DryRunInput } from '../dry-run-routing.ts';

/** The dry-run form as typed. */
export interface DryRunFormValues {
  conversationId: string;
  channel: string;
  inboxId: string;
  language: string;
  text: string;
  contactAttributes: string;
  labels: string;
  reason: string;
  /** `datetime-local` value, read in the installation's time zone. */
  at: string;
}

const FIELDS: ReadonlyArray<keyof DryRunFormValues> = [
  'conversationId',
  'channel',
  'inboxId',
  'language',
  'text',
  'contactAttributes',
  'labels',
  'reason',
  'at',
];

export function readDryRunForm(body: unknown): DryRunFormValues {
  const form = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    FIELDS.map((name) => [name, typeof form[name] === 'string' ? (form[name] as string) : '']),
  ) as unknown as DryRunFormValues;
}

/** Form values → the dry-run body (the same the API takes), or a message for the admin. */
export function dryRunInputOf(
  values: DryRunFormValues,
  timezone: string,
): { input?: DryRunInput; error?: string } {
  const input: DryRunInput = { conversation: {} };
  const conversation = input.conversation!;
  const id = values.conversationId.trim();
  if (id) {
    if (!/^\d+$/.test(id)) return { error: 'The conversation id is a number, e.g. 118.' };
    input.conversationId = Number(id);
  }
  const inbox = values.inboxId.trim();
  if (inbox) {
    if (!/^\d+$/.test(inbox)) return { error: 'The inbox id is a number, e.g. 3.' };
    conversation.inboxId = Number(inbox);
  }
  if (values.channel.trim()) conversation.channel = values.channel.trim();
  if (values.language.trim()) conversation.language = values.language.trim();
  if (values.text.trim() || !id) conversation.text = values.text;
  const attributes: Record<string, string> = {};
  for (const [index, raw] of values.contactAttributes.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) return { error: `Contact attributes, line ${index + 1}: write key=value.` };
    attributes[line.slice(0, equals).trim()] = line.slice(equals + 1).trim();
  }
  if (Object.keys(attributes).length || !id) conversation.contactAttributes = attributes;
  const labels = values.labels.split(/[,\s]+/).filter(Boolean);
  if (labels.length || !id) conversation.labels = labels;
  if (values.reason) {
    if (!(HANDOFF_REASON_CODES as readonly string[]).includes(values.reason))
      return { error: 'Pick a hand-off reason from the list.' };
    input.reason = { code: values.reason as (typeof HANDOFF_REASON_CODES)[number] };
  }
  if (values.at.trim()) {
    const at = DateTime.fromISO(values.at.trim(), { zone: timezone });
    if (!at.isValid) return { error: 'Enter the time as date and time, e.g. 2025-03-03T09:30.' };
    input.at = at.toUTC().toISO() as string;
  }
  return { input };
}
