import {
  businessHoursOf,
  type InstallationSettings,
  type Weekday,
} from '../../install/installation-settings.ts';

/** One opening window: the weekdays it starts on and its local start and end (`HH:MM`, end may be `24:00`). */
export interface OpeningWindow {
  days: readonly Weekday[];
  from: string;
  to: string;
}

/**
 * When an installation is open: weekly windows in an IANA time zone, and
 * holidays (`YYYY-MM-DD`, or `MM-DD` every year) closed all day.
 */
export interface BusinessCalendar {
  timezone: string;
  week: readonly OpeningWindow[];
  holidays: ReadonlyArray<{ date: string; name?: string }>;
}

/** The calendar of an installation: routing.timezone with its business hours (Mon–Fri 09:00–17:00 by default). */
export function businessCalendarOf(settings: InstallationSettings): BusinessCalendar {
  const hours = businessHoursOf(settings);
  return { timezone: settings.routing.timezone, week: hours.week, holidays: hours.holidays };
}
