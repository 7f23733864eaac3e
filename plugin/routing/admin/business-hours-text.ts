import { WEEKDAYS, type BusinessHoursSettings, type Weekday } from '../../install/installation-settings.ts';

const DAY_ALIASES: Record<string, Weekday> = {
  mon: 'mon',
  monday: 'mon',
  tue: 'tue',
  tues: 'tue',
  tuesday: 'tue',
  wed: 'wed',
  wednesday: 'wed',
  thu: 'thu',
  thur: 'thu',
  thurs: 'thu',
  thursday: 'thu',
  fri: 'fri',
  friday: 'fri',
  sat: 'sat',
  saturday: 'sat',
  sun: 'sun',
  sunday: 'sun',
};

function parseDays(text: string): Weekday[] | string {
  const spec = text.toLowerCase();
  if (spec === 'daily' || spec === 'every-day' || spec === 'everyday') return [...WEEKDAYS];
  const days = new Set<Weekday>();
  for (const part of spec.split(',')) {
    const [first, last] = part.split('-').map((name) => DAY_ALIASES[name.trim()]);
    if (!first || (part.includes('-') && !last))
      return `"${part}" is not a day (use mon, tue, … sun, ranges like mon-fri, or daily)`;
    if (!last) {
      days.add(first);
      continue;
    }
    // A range may wrap the week: fri-mon is fri, sat, sun, mon.
    for (let i = WEEKDAYS.indexOf(first); ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i]!);
      if (WEEKDAYS[i] === last) break;
    }
  }
  return WEEKDAYS.filter((day) => days.has(day));
}

/**
 * Reads opening hours typed one window per line, `mon-fri 09:00-17:00`,
 * `sat,sun 10:00-14:00`, `daily 22:00-06:00` (overnight), and holidays one
 * per line, `2025-12-25 Christmas Day` or `12-25` (every year). Returns the
 * settings shape, or a message per bad line; times are checked by the schema.
 */
export function parseBusinessHoursText(
  weekText: string,
  holidayText: string,
): { value?: BusinessHoursSettings; errors: { week?: string; holidays?: string } } {
  const errors: { week?: string; holidays?: string } = {};
  const week: BusinessHoursSettings['week'] = [];
  weekText.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || errors.week) return;
    const match = /^(\S+)\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(line);
    if (!match) {
      errors.week = `Line ${index + 1}: write days and hours like "mon-fri 09:00-17:00".`;
      return;
    }
    const days = parseDays(match[1]!);
    if (typeof days === 'string') {
      errors.week = `Line ${index + 1}: ${days}.`;
      return;
    }
    const pad = (time: string) => time.padStart(5, '0');
    week.push({ days, from: pad(match[2]!), to: pad(match[3]!) });
  });
  const holidays: BusinessHoursSettings['holidays'] = [];
  holidayText.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || errors.holidays) return;
    const match = /^((?:\d{4}-)?\d{2}-\d{2})(?:\s+(.+))?$/.exec(line);
    if (!match) {
      errors.holidays = `Line ${index + 1}: start with a date, YYYY-MM-DD or MM-DD for every year, e.g. "2025-12-25 Christmas".`;
      return;
    }
    holidays.push({ date: match[1]!, ...(match[2] ? { name: match[2].trim() } : {}) });
  });
  return errors.week || errors.holidays ? { errors } : { value: { week, holidays }, errors };
}

/** Consecutive days as ranges: [mon, tue, wed, fri] → "mon-wed,fri". */
function formatDays(days: readonly Weekday[]): string {
  if (days.length === 7) return 'daily';
  const indexes = [...new Set(days.map((day) => WEEKDAYS.indexOf(day)))].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < indexes.length;) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    const first = WEEKDAYS[indexes[i]!]!;
    const last = WEEKDAYS[indexes[j]!]!;
    parts.push(j === i ? first : j === i + 1 ? `${first},${last}` : `${first}-${last}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The settings as the admin types them (see {@link parseBusinessHoursText}). */
export function formatBusinessHoursText(hours: BusinessHoursSettings): { week: string; holidays: string } {
  return {
    week: hours.week.map((window) => `${formatDays(window.days)} ${window.from}-${window.to}`).join('\n'),
    holidays: hours.holidays
      .map((holiday) => `${holiday.date}${holiday.name ? ` ${holiday.name}` : ''}`)
      .join('\n'),
  };
}
