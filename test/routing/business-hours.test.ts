import assert from 'node:assert/strict';
import type { BusinessCalendar } from '../../plugin/routing/calendar/business-calendar.ts';
import { businessCalendarOf } from '../../plugin/routing/calendar/business-calendar.ts';
import { addBusinessTime } from '../../plugin/routing/calendar/add-business-time.ts';
import { isWithinBusinessHours } from '../../plugin/routing/calendar/is-within-business-hours.ts';
import { listOpenIntervals } from '../../plugin/routing/calendar/list-open-intervals.ts';
import { parseInstallationSettings } from '../../plugin/install/installation-settings.ts';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const calendar = (overrides: Partial<BusinessCalendar>): BusinessCalendar => ({
  timezone: 'UTC',
  week: [{ days: weekdays, from: '09:00', to: '17:00' }],
  holidays: [],
  ...overrides,
});
const inside = (cal: BusinessCalendar, iso: string) => isWithinBusinessHours(cal, new Date(iso));
const hours = (cal: BusinessCalendar, from: string, to: string) =>
  listOpenIntervals(cal, Date.parse(from), Date.parse(to)).map((interval) => [
    new Date(interval.start).toISOString(),
    new Date(interval.end).toISOString(),
  ]);

describe('business hours', function () {
  it('defaults to Mon–Fri 09:00–17:00 in the routing time zone', function () {
    const cal = businessCalendarOf(parseInstallationSettings({ routing: { timezone: 'America/New_York' } }));
    assert.equal(cal.timezone, 'America/New_York');
    // Wednesday 2025-01-15: 09:00 New York is 14:00 UTC (EST, UTC-5).
    assert.equal(inside(cal, '2025-01-15T13:59:59Z'), false);
    assert.equal(inside(cal, '2025-01-15T14:00:00Z'), true);
    assert.equal(inside(cal, '2025-01-15T21:59:59Z'), true);
    assert.equal(inside(cal, '2025-01-15T22:00:00Z'), false);
    // Saturday.
    assert.equal(inside(cal, '2025-01-18T15:00:00Z'), false);
  });

  const table: Array<[string, Partial<BusinessCalendar>, string, boolean]> = [
    // [case, calendar, instant, inside?]
    ['Tokyo has no DST: 09:00 JST = 00:00 UTC', { timezone: 'Asia/Tokyo' }, '2025-07-01T00:00:00Z', true],
    ['Kolkata half-hour offset: 08:59 IST', { timezone: 'Asia/Kolkata' }, '2025-07-01T03:29:00Z', false],
    ['Kolkata half-hour offset: 09:00 IST', { timezone: 'Asia/Kolkata' }, '2025-07-01T03:30:00Z', true],
    ['Berlin winter: 16:59 CET', { timezone: 'Europe/Berlin' }, '2025-01-15T15:59:00Z', true],
    [
      'Berlin summer: 17:00 CEST closes at 15:00 UTC',
      { timezone: 'Europe/Berlin' },
      '2025-07-15T15:00:00Z',
      false,
    ],
    [
      'a fixed-date holiday is closed all day',
      { holidays: [{ date: '2025-12-24' }] },
      '2025-12-24T10:00:00Z',
      false,
    ],
    [
      'a yearly holiday (MM-DD) recurs',
      { holidays: [{ date: '12-25', name: 'Christmas' }] },
      '2026-12-25T10:00:00Z',
      false,
    ],
    ['the day after a holiday is open', { holidays: [{ date: '12-25' }] }, '2025-12-26T10:00:00Z', true],
    [
      'holidays are local dates: 00:30 Berlin on Jan 1 is still Dec 31 in UTC',
      {
        timezone: 'Europe/Berlin',
        week: [{ days: ['wed', 'thu'], from: '00:00', to: '24:00' }],
        holidays: [{ date: '01-01' }],
      },
      '2024-12-31T23:30:00Z',
      false,
    ],
    [
      'overnight window is open after midnight',
      { week: [{ days: ['fri'], from: '22:00', to: '06:00' }] },
      '2025-01-18T05:59:00Z',
      true,
    ],
    [
      'overnight window closes at its end',
      { week: [{ days: ['fri'], from: '22:00', to: '06:00' }] },
      '2025-01-18T06:00:00Z',
      false,
    ],
    [
      'overnight window belongs to the day it starts',
      { week: [{ days: ['fri'], from: '22:00', to: '06:00' }] },
      '2025-01-17T05:00:00Z',
      false,
    ],
    [
      'a holiday closes the spill of an overnight window into it',
      { week: [{ days: ['fri'], from: '22:00', to: '06:00' }], holidays: [{ date: '2025-01-18' }] },
      '2025-01-18T02:00:00Z',
      false,
    ],
    [
      'an overnight window starting on a holiday still opens the next morning',
      { week: [{ days: ['fri'], from: '22:00', to: '06:00' }], holidays: [{ date: '2025-01-17' }] },
      '2025-01-18T02:00:00Z',
      true,
    ],
    [
      '00:00–24:00 is the whole day',
      { week: [{ days: ['sat'], from: '00:00', to: '24:00' }] },
      '2025-01-18T23:59:59Z',
      true,
    ],
  ];
  for (const [name, overrides, instant, expected] of table) {
    it(name, function () {
      assert.equal(inside(calendar(overrides), instant), expected);
    });
  }

  describe('across DST changes', function () {
    it('spring forward: an overnight Berlin window is an hour shorter and keeps its wall-clock ends', function () {
      // 2024-03-31 02:00 CET → 03:00 CEST.
      const cal = calendar({
        timezone: 'Europe/Berlin',
        week: [{ days: ['sat'], from: '22:00', to: '06:00' }],
      });
      assert.deepEqual(hours(cal, '2024-03-30T00:00:00Z', '2024-04-01T00:00:00Z'), [
        ['2024-03-30T21:00:00.000Z', '2024-03-31T04:00:00.000Z'],
      ]);
    });

    it('spring forward: a window starting in the skipped hour opens at 03:00', function () {
      const cal = calendar({
        timezone: 'Europe/Berlin',
        week: [{ days: ['sun'], from: '02:30', to: '04:00' }],
      });
      assert.deepEqual(hours(cal, '2024-03-30T00:00:00Z', '2024-04-01T00:00:00Z'), [
        ['2024-03-31T01:30:00.000Z', '2024-03-31T02:00:00.000Z'],
      ]);
    });

    it('fall back: 01:00–04:00 in New York lasts four hours on the night clocks go back', function () {
      // 2024-11-03 02:00 EDT → 01:00 EST.
      const cal = calendar({
        timezone: 'America/New_York',
        week: [{ days: ['sun'], from: '01:00', to: '04:00' }],
      });
      const [interval] = listOpenIntervals(
        cal,
        Date.parse('2024-11-03T00:00:00Z'),
        Date.parse('2024-11-04T00:00:00Z'),
      );
      assert.ok(interval);
      assert.equal(new Date(interval.start).toISOString(), '2024-11-03T05:00:00.000Z');
      assert.equal((interval.end - interval.start) / 3_600_000, 4);
    });

    it('the same local opening hour maps to different UTC hours before and after the change', function () {
      const cal = calendar({ timezone: 'America/New_York' });
      assert.equal(inside(cal, '2024-03-08T14:00:00Z'), true); // Friday 09:00 EST
      assert.equal(inside(cal, '2024-03-11T13:00:00Z'), true); // Monday 09:00 EDT
      assert.equal(inside(cal, '2024-03-11T12:59:00Z'), false);
    });
  });

  describe('adding business time', function () {
    const cal = calendar({
      timezone: 'Europe/Berlin',
      holidays: [{ date: '2025-04-18', name: 'Good Friday' }],
    });
    const add = (start: string, minutes: number) =>
      addBusinessTime(cal, new Date(start), minutes * 60_000)?.toISOString();

    it('counts only open time, skipping nights, weekends and holidays', function () {
      // Thursday 16:30 CEST + 60 business minutes: 30 min Thursday, Good Friday and the weekend closed, 30 min Monday.
      assert.equal(add('2025-04-17T14:30:00Z', 60), '2025-04-21T07:30:00.000Z');
    });

    it('starts counting at the next opening when started outside hours', function () {
      assert.equal(add('2025-04-22T03:00:00Z', 15), '2025-04-22T07:15:00.000Z');
    });

    it('ends exactly at closing time when the budget runs out there', function () {
      assert.equal(add('2025-04-22T14:00:00Z', 60), '2025-04-22T15:00:00.000Z');
    });

    it('gives up on a calendar that is never open', function () {
      assert.equal(
        addBusinessTime(calendar({ week: [] }), new Date('2025-01-01T00:00:00Z'), 60_000),
        undefined,
      );
    });
  });

  it('rejects an unknown time zone with the setting to fix', function () {
    assert.throws(
      () => listOpenIntervals(calendar({ timezone: 'Mars/Olympus' }), 0, 1000),
      /Unknown time zone "Mars\/Olympus"/,
    );
  });
});
