import { DateTime } from 'luxon';
import { BadRequestError } from '../errors.ts';

/** A report's time range with its local days. */
export interface ReportRange {
  /** Inclusive start (ISO instant). */
  from: string;
  /** Exclusive end (ISO instant). */
  to: string;
  timezone: string;
  /** Local dates (`YYYY-MM-DD`) the range touches, in order. */
  days: string[];
  /** Bucket edges of those days: `from`, each local midnight inside the range, `to` (one more than `days`). */
  dayEdges: string[];
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 3 * 366;

function parseBound(value: string, zone: string, name: string, endOfDay: boolean): DateTime {
  const parsed = DATE_ONLY.test(value)
    ? DateTime.fromISO(value, { zone })
    : DateTime.fromISO(value, { zone, setZone: false });
  if (!parsed.isValid)
    throw new BadRequestError(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 time, got "${value}".`);
  return DATE_ONLY.test(value) && endOfDay ? parsed.plus({ days: 1 }).startOf('day') : parsed;
}

/**
 * Reads `from`/`to` of a report. Dates are local calendar days in the
 * installation's time zone, both included (`from=2025-03-03&to=2025-03-09`
 * is that week); ISO times are taken as given, `to` excluded. Without them,
 * the last 30 days up to today.
 *
 * @throws BadRequestError for unreadable or reversed bounds and ranges over three years.
 */
export function readReportRange(
  query: { from?: unknown; to?: unknown },
  timezone: string,
  now: Date,
): ReportRange {
  const zone = DateTime.now().setZone(timezone).isValid ? timezone : 'UTC';
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const toText = text(query.to);
  const fromText = text(query.from);
  const to = toText ? parseBound(toText, zone, 'to', true) : today.plus({ days: 1 });
  const from = fromText ? parseBound(fromText, zone, 'from', false) : to.minus({ days: 30 }).startOf('day');
  if (!(to > from)) throw new BadRequestError('from must be before to.');
  if (to.diff(from, 'days').days > MAX_DAYS)
    throw new BadRequestError(`A report covers at most ${MAX_DAYS} days.`);

  const days: string[] = [];
  const dayEdges: string[] = [];
  for (let start = from.setZone(zone); start < to; start = start.plus({ days: 1 }).startOf('day')) {
    days.push(start.toFormat('yyyy-LL-dd'));
    dayEdges.push(start.toUTC().toISO() as string);
  }
  dayEdges.push(to.toUTC().toISO() as string);
  return {
    from: from.toUTC().toISO() as string,
    to: to.toUTC().toISO() as string,
    timezone: zone,
    days,
    dayEdges,
  };
}
