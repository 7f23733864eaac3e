import type { z } from 'zod';
import { installationSettingsSchema, type InstallationSettings } from '../install/installation-settings.ts';
import { AUTO_MERGE_KINDS, type SettingsFormValues } from './present-settings-form.ts';

/** A message per form field (and `form` for problems that belong to no field). */
export type SettingsFormErrors = Partial<Record<keyof SettingsFormValues | 'form', string>>;

export type SettingsFormResult =
  { ok: true; settings: InstallationSettings } | { ok: false; errors: SettingsFormErrors };

const INBOX_MODE_FIELD = /^inboxMode\.(\d+)$/;

/** Reads the posted settings form (urlencoded body) into form values, keeping exactly what the admin typed. */
export function readSettingsForm(body: unknown): SettingsFormValues {
  const form = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => {
    const value = form[name];
    return typeof value === 'string' ? value : Array.isArray(value) ? String(value.at(-1) ?? '') : '';
  };
  const inboxModes: Record<string, string> = {};
  for (const key of Object.keys(form)) {
    const match = INBOX_MODE_FIELD.exec(key);
    if (match?.[1]) inboxModes[match[1]] = text(key);
  }
  return {
    defaultMode: text('defaultMode'),
    inboxModes,
    threshold: text('threshold'),
    persona: text('persona'),
    systemPrompt: text('systemPrompt'),
    languages: text('languages'),
    humanOnlyTopics: text('humanOnlyTopics'),
    handoffMessage: text('handoffMessage'),
    defaultRegion: text('defaultRegion'),
    autoMerge: Object.fromEntries(
      AUTO_MERGE_KINDS.map((kind) => [kind, text(`autoMerge.${kind}`) !== '']),
    ) as SettingsFormValues['autoMerge'],
    afterResolved: text('afterResolved'),
    timezone: text('timezone'),
    routingRules: text('routingRules'),
  };
}

/** Validates form values against the installation settings schema and names the field of every problem. */
export function validateSettingsForm(values: SettingsFormValues): SettingsFormResult {
  const errors: SettingsFormErrors = {};
  let rules: unknown = [];
  if (values.routingRules.trim() !== '') {
    try {
      rules = JSON.parse(values.routingRules);
    } catch (error) {
      errors.routingRules = `Routing rules are not valid JSON: ${(error as Error).message}.`;
    }
  }
  if (!isTimeZone(values.timezone.trim())) {
    errors.timezone = 'Use an IANA time zone such as UTC, Europe/Berlin or America/New_York.';
  }
  const threshold = values.threshold.trim() === '' ? Number.NaN : Number(values.threshold);
  const candidate = {
    ai: {
      defaultMode: values.defaultMode,
      inboxModes: Object.fromEntries(Object.entries(values.inboxModes).filter(([, mode]) => mode !== '')),
      threshold,
      persona: values.persona.trim(),
      systemPrompt: values.systemPrompt.trim(),
      languages: splitList(values.languages, /[,\s]+/),
      humanOnlyTopics: splitList(values.humanOnlyTopics, /\r?\n/),
      handoffMessage: values.handoffMessage.trim(),
    },
    identity: { defaultRegion: values.defaultRegion.trim(), autoMerge: values.autoMerge },
    conversations: { afterResolved: values.afterResolved },
    routing: { timezone: values.timezone.trim(), rules },
  };
  const parsed = installationSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      if (field === 'routingRules' && errors.routingRules) continue;
      errors[field] ??= describeIssue(field, issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, settings: parsed.data };
}

function splitList(value: string, separator: RegExp): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function isTimeZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type IssuePath = readonly PropertyKey[];

function fieldOf(path: IssuePath): keyof SettingsFormErrors {
  const [section, key] = path;
  if (section === 'routing') return key === 'rules' ? 'routingRules' : 'timezone';
  if (section === 'identity') return key === 'autoMerge' ? 'autoMerge' : 'defaultRegion';
  if (section === 'conversations') return 'afterResolved';
  if (section === 'ai' && typeof key === 'string' && key in FIELD_HINTS)
    return key as keyof SettingsFormValues;
  return 'form';
}

/** Messages that say what to type rather than what the validator saw. */
const FIELD_HINTS: Partial<Record<keyof SettingsFormValues, string>> = {
  defaultMode: 'Choose off, suggest or auto.',
  inboxModes: 'Choose off, suggest, auto or the default for every inbox.',
  threshold: 'Enter a number between 0 and 1, for example 0.6.',
  persona: 'Keep the persona under 200 characters.',
  systemPrompt: 'Keep the system prompt under 4000 characters.',
  languages: 'List language codes separated by commas, for example en, de, pt-BR.',
  humanOnlyTopics: 'Put one topic per line, each under 100 characters.',
  handoffMessage: 'Keep the hand-off message under 1000 characters.',
  defaultRegion: 'Enter a two-letter country code, for example US or DE.',
  afterResolved: 'Choose to reopen the conversation or start a new one.',
};

function describeIssue(field: keyof SettingsFormErrors, issue: z.core.$ZodIssue): string {
  if (field === 'routingRules') {
    const [, , index, ...rest] = issue.path;
    const where =
      typeof index === 'number'
        ? `Rule ${index + 1}${rest.length > 0 ? `, ${rest.map(String).join('.')}` : ''}: `
        : '';
    return `${where}${issue.message}`;
  }
  if (field === 'form') return `${issue.path.map(String).join('.')}: ${issue.message}`;
  return FIELD_HINTS[field as keyof SettingsFormValues] ?? issue.message;
}
