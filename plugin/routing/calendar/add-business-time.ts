import type { BusinessCalendar } from './business-calendar.ts';
import { listOpenIntervals } from './list-open-intervals.ts';

const DAY_MS = 86_400_000;
/** Look this far ahead before deciding the calendar has no open time at all. */
const HORIZON_DAYS = 400;
const STEP_DAYS = 14;

/**
 * The instant when `durationMs` of open business time has passed since
 * `start` (time outside the windows and on holidays does not count). With a
 * calendar that is never open within a year, undefined.
 */
export function addBusinessTime(
  calendar: BusinessCalendar,
  start: Date,
  durationMs: number,
): Date | undefined {
  let remaining = Math.max(0, durationMs);
  for (
    let from = start.getTime(), step = 0;
    step * STEP_DAYS < HORIZON_DAYS;
    step++, from += STEP_DAYS * DAY_MS
  ) {
    for (const interval of listOpenIntervals(calendar, from, from + STEP_DAYS * DAY_MS)) {
      const available = interval.end - interval.start;
      if (remaining <= available) return new Date(interval.start + remaining);
      remaining -= available;
    }
  }
  return undefined;
}
