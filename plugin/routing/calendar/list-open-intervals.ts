import { DateTime } from 'luxon';
import type { Weekday } from '../../install/installation-settings.ts';
import type { BusinessCalendar } from './business-calendar.ts';

/** A half-open span of time in epoch milliseconds. */
export interface OpenInterval {
  start: number;
  end: number;
}

/** Luxon's ISO weekday (1 = Monday) → the settings' day name. */
const WEEKDAY_OF: Record<number, Weekday> = {
  1: 'mon',
  2: 'tue',
  3: 'wed',
  4: 'thu',
  5: 'fri',
  6: 'sat',
  7: 'sun',
};

/**
 * A local wall-clock time as an instant. Luxon resolves a time that does not
 * exist (the hour skipped when clocks go forward) by moving it forward, and an
 * ambiguous one (the hour repeated when clocks go back) to its first
 * occurrence, so a window keeps its wall-clock meaning across DST changes.
 */
function localInstant(day: DateTime, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const base = hour === 24 ? day.plus({ days: 1 }) : day;
  const instant = DateTime.fromObject(
    { year: base.year, month: base.month, day: base.day, hour: hour === 24 ? 0 : hour, minute },
    { zone: day.zone },
  );
  // Luxon resolves a repeated wall time to its later occurrence; take the first one.
  const shift = instant.minus({ hours: 3 }).offset - instant.offset;
  if (shift > 0) {
    const earlier = instant.minus({ minutes: shift });
    if (earlier.hour === instant.hour && earlier.minute === instant.minute) return earlier.toMillis();
  }
  return instant.toMillis();
}

function isHoliday(calendar: BusinessCalendar, day: DateTime): boolean {
  const full = day.toFormat('yyyy-MM-dd');
  const yearly = day.toFormat('MM-dd');
  return calendar.holidays.some((holiday) => holiday.date === full || holiday.date === yearly);
}

/**
 * The open intervals of `calendar` that overlap `[from, to)`, clipped to it,
 * sorted and merged. A window belongs to the local day it starts on; one whose
 * end is not after its start ends on the next day. Holidays are closed from
 * local midnight to midnight, including the part of an overnight window that
 * spills into them.
 *
 * @throws RangeError when the time zone is not a valid IANA zone.
 */
export function listOpenIntervals(calendar: BusinessCalendar, from: number, to: number): OpenInterval[] {
  if (!(to > from)) return [];
  const zone = calendar.timezone;
  const first = DateTime.fromMillis(from, { zone });
  if (!first.isValid)
    throw new RangeError(`Unknown time zone "${zone}": use an IANA name such as Europe/Berlin`);
  const last = DateTime.fromMillis(to, { zone }).startOf('day');

  const raw: OpenInterval[] = [];
  const holidays: OpenInterval[] = [];
  // Start a day early: yesterday's overnight window may still be open at `from`.
  for (
    let day = first.startOf('day').minus({ days: 1 }).startOf('day');
    day <= last;
    day = day.plus({ days: 1 }).startOf('day')
  ) {
    const weekday = WEEKDAY_OF[day.weekday];
    if (isHoliday(calendar, day)) {
      holidays.push({
        start: day.startOf('day').toMillis(),
        end: day.plus({ days: 1 }).startOf('day').toMillis(),
      });
    }
    for (const window of calendar.week) {
      if (!weekday || !window.days.includes(weekday)) continue;
      const start = localInstant(day, window.from);
      let end = localInstant(day, window.to);
      if (end <= start) end = localInstant(day.plus({ days: 1 }), window.to);
      raw.push({ start, end });
    }
  }

  let intervals = raw
    .map((interval) => ({ start: Math.max(interval.start, from), end: Math.min(interval.end, to) }))
    .filter((interval) => interval.end > interval.start);
  for (const holiday of holidays) intervals = intervals.flatMap((interval) => subtract(interval, holiday));
  intervals.sort((a, b) => a.start - b.start);
  const merged: OpenInterval[] = [];
  for (const interval of intervals) {
    const previous = merged[merged.length - 1];
    if (previous && interval.start <= previous.end) previous.end = Math.max(previous.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

function subtract(interval: OpenInterval, hole: OpenInterval): OpenInterval[] {
  if (hole.end <= interval.start || hole.start >= interval.end) return [interval];
  const parts: OpenInterval[] = [];
  if (hole.start > interval.start) parts.push({ start: interval.start, end: hole.start });
  if (hole.end < interval.end) parts.push({ start: hole.end, end: interval.end });
  return parts;
}
