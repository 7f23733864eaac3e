import type { BusinessCalendar } from './business-calendar.ts';
import { listOpenIntervals } from './list-open-intervals.ts';

/** True when `at` falls inside an opening window of `calendar` (and not on a holiday). */
export function isWithinBusinessHours(calendar: BusinessCalendar, at: Date): boolean {
  const ms = at.getTime();
  return listOpenIntervals(calendar, ms, ms + 1).length > 0;
}
