import type { z } from 'zod';
import {
  businessHoursOf,
  installationSettingsSchema,
  slaOf,
  type BusinessHoursSettings,
  type InstallationSettings,
  type SlaSettings,
} from '../../install/installation-settings.ts';
import { formatBusinessHoursText, parseBusinessHoursText } from './business-hours-text.ts';

/** The routing and SLA form as typed, so a rejected form comes back verbatim. */
export interface RoutingFormValues {
  timezone: string;
  businessWeek: string;
  holidays: string;
  rules: string;
  slaTargets: string;
  warnBeforeMinutes: string;
  businessHoursOnly: boolean;
  warnNote: boolean;
  warnRaisePriority: boolean;
  warnReassign: boolean;
  noteOnBreach: boolean;
}

export type RoutingFormErrors = Partial<Record<keyof RoutingFormValues, string>>;

/** The saved settings as form values. */
export function presentRoutingForm(settings: InstallationSettings): RoutingFormValues {
  const hours = formatBusinessHoursText(businessHoursOf(settings));
  const sla = slaOf(settings);
  return {
    timezone: settings.routing.timezone,
    businessWeek: hours.week,
    holidays: hours.holidays,
    rules: JSON.stringify(settings.routing.rules, null, 2),
    slaTargets: JSON.stringify(sla.targets, null, 2),
    warnBeforeMinutes: String(sla.warnBeforeMinutes),
    businessHoursOnly: sla.businessHoursOnly,
    warnNote: sla.onWarning.note,
    warnRaisePriority: sla.onWarning.raisePriority,
    warnReassign: sla.onWarning.reassign,
    noteOnBreach: sla.noteOnBreach,
  };
}

/** Reads the posted form (urlencoded). */
export function readRoutingForm(body: unknown): RoutingFormValues {
  const form = (body ?? {}) as Record<string, unknown>;
  const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const checked = (name: string) => text(name) !== '';
  return {
    timezone: text('timezone'),
    businessWeek: text('businessWeek'),
    holidays: text('holidays'),
    rules: text('rules'),
    slaTargets: text('slaTargets'),
    warnBeforeMinutes: text('warnBeforeMinutes'),
    businessHoursOnly: checked('businessHoursOnly'),
    warnNote: checked('warnNote'),
    warnRaisePriority: checked('warnRaisePriority'),
    warnReassign: checked('warnReassign'),
    noteOnBreach: checked('noteOnBreach'),
  };
}

export type RoutingFormResult =
  | {
      ok: true;
      sections: {
        routing: InstallationSettings['routing'];
        businessHours: BusinessHoursSettings;
        sla: SlaSettings;
      };
    }
  | { ok: false; errors: RoutingFormErrors };

function parseJsonList(text: string, what: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return { value: [] };
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? { value } : { error: `${what} must be a JSON list: [ … ].` };
  } catch (error) {
    return { error: `${what} are not valid JSON: ${(error as Error).message}.` };
  }
}

function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `["routing", "rules", 2, "then", "priority"]` → `Rule 3, then.priority: …` */
function describe(issue: z.core.$ZodIssue): { field: keyof RoutingFormValues; message: string } {
  const [section, key, index, ...rest] = issue.path;
  const where = (noun: string) =>
    typeof index === 'number'
      ? `${noun} ${index + 1}${rest.length ? `, ${rest.map(String).join('.')}` : ''}: `
      : '';
  if (section === 'routing')
    return key === 'timezone'
      ? { field: 'timezone', message: issue.message }
      : { field: 'rules', message: `${where('Rule')}${issue.message}` };
  if (section === 'businessHours') {
    return key === 'holidays'
      ? { field: 'holidays', message: `${where('Holiday')}${issue.message}` }
      : { field: 'businessWeek', message: `${where('Line')}${issue.message}` };
  }
  if (section === 'sla' && key === 'targets')
    return { field: 'slaTargets', message: `${where('Target')}${issue.message}` };
  if (section === 'sla' && key === 'warnBeforeMinutes')
    return { field: 'warnBeforeMinutes', message: 'Enter minutes between 0 and 1440.' };
  return { field: 'rules', message: `${issue.path.map(String).join('.')}: ${issue.message}` };
}

/**
 * Validates the form with the installation settings schema (plus the time
 * zone) and returns the three sections it owns: routing, businessHours, sla.
 */
export function validateRoutingForm(values: RoutingFormValues): RoutingFormResult {
  const errors: RoutingFormErrors = {};
  const hours = parseBusinessHoursText(values.businessWeek, values.holidays);
  if (hours.errors.week) errors.businessWeek = hours.errors.week;
  if (hours.errors.holidays) errors.holidays = hours.errors.holidays;
  const rules = parseJsonList(values.rules, 'Rules');
  if (rules.error) errors.rules = rules.error;
  const targets = parseJsonList(values.slaTargets, 'Targets');
  if (targets.error) errors.slaTargets = targets.error;
  const zone = values.timezone.trim();
  if (!isTimeZone(zone))
    errors.timezone = 'Use an IANA time zone such as UTC, Europe/Berlin or America/New_York.';
  const warnBefore = values.warnBeforeMinutes.trim() === '' ? Number.NaN : Number(values.warnBeforeMinutes);

  const parsed = installationSettingsSchema.safeParse({
    routing: { timezone: zone, rules: rules.value ?? [] },
    businessHours: hours.value ?? { week: [], holidays: [] },
    sla: {
      targets: targets.value ?? [],
      businessHoursOnly: values.businessHoursOnly,
      warnBeforeMinutes: warnBefore,
      onWarning: {
        note: values.warnNote,
        raisePriority: values.warnRaisePriority,
        reassign: values.warnReassign,
      },
      noteOnBreach: values.noteOnBreach,
    },
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { field, message } = describe(issue);
      errors[field] ??= message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return {
    ok: true,
    sections: {
      routing: parsed.data.routing,
      businessHours: parsed.data.businessHours!,
      sla: parsed.data.sla!,
    },
  };
}
