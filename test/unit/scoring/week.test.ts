import { describe, expect, it } from 'vitest';
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  addDays,
  isoWeekday,
  isValidDay,
  localDay,
  shortDay,
  weekLabel,
  weekOf,
  weekStartOf,
  workingDaysLeft,
} from '../../../src/scoring/week.js';

describe('weekOf: Monday-to-Sunday weeks in the rep’s own zone', () => {
  it.each([
    // Sunday 23:59 local is still the old week; Monday 00:00 local starts the new one.
    ['2026-11-22T23:59:00Z', 'UTC', '2026-11-16'],
    ['2026-11-23T00:00:00Z', 'UTC', '2026-11-23'],
    // New York (UTC-5 in November): Sunday 23:59 local is Monday 04:59 UTC.
    ['2026-11-23T04:59:00Z', 'America/New_York', '2026-11-16'],
    ['2026-11-23T05:00:00Z', 'America/New_York', '2026-11-23'],
    // Auckland (UTC+13 in November): Monday 00:00 local is Sunday 11:00 UTC.
    ['2026-11-22T10:59:00Z', 'Pacific/Auckland', '2026-11-16'],
    ['2026-11-22T11:00:00Z', 'Pacific/Auckland', '2026-11-23'],
    // Kolkata (UTC+5:30), a half-hour zone.
    ['2026-11-22T18:29:00Z', 'Asia/Kolkata', '2026-11-16'],
    ['2026-11-22T18:30:00Z', 'Asia/Kolkata', '2026-11-23'],
    // The same instant is in different weeks on either side of UTC.
    ['2026-11-22T20:00:00Z', 'America/Los_Angeles', '2026-11-16'],
    ['2026-11-22T20:00:00Z', 'Asia/Tokyo', '2026-11-23'],
  ])('%s in %s is the week of %s', (iso, zone, monday) => {
    expect(weekOf(new Date(iso), zone)).toBe(monday);
  });

  it('keeps the boundaries of a week with a DST change (US fall back, 1 Nov 2026)', () => {
    // The week of 26 Oct – 1 Nov 2026 has 169 hours in New York: DST ends on Sunday 1 Nov.
    expect(weekOf(new Date('2026-10-26T03:59:00Z'), 'America/New_York')).toBe('2026-10-19'); // Sun 25 Oct 23:59 EDT
    expect(weekOf(new Date('2026-10-26T04:00:00Z'), 'America/New_York')).toBe('2026-10-26'); // Mon 26 Oct 00:00 EDT
    expect(weekOf(new Date('2026-11-02T04:59:00Z'), 'America/New_York')).toBe('2026-10-26'); // Sun 1 Nov 23:59 EST
    expect(weekOf(new Date('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02'); // Mon 2 Nov 00:00 EST
  });

  it('keeps the boundaries of a week with a spring-forward change (Europe, 29 Mar 2026)', () => {
    expect(weekOf(new Date('2026-03-29T21:59:00Z'), 'Europe/Berlin')).toBe('2026-03-23'); // Sun 23:59 CEST
    expect(weekOf(new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30'); // Mon 00:00 CEST
    expect(weekOf(new Date('2026-03-22T22:59:00Z'), 'Europe/Berlin')).toBe('2026-03-16'); // Sun 23:59 CET
    expect(weekOf(new Date('2026-03-22T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-23'); // Mon 00:00 CET
  });
});

describe('calendar days', () => {
  it('finds the Monday of any day, across months and years', () => {
    expect(weekStartOf('2026-11-18')).toBe('2026-11-16');
    expect(weekStartOf('2026-11-16')).toBe('2026-11-16');
    expect(weekStartOf('2026-11-22')).toBe('2026-11-16');
    expect(weekStartOf('2027-01-01')).toBe('2026-12-28');
  });

  it('adds days on the calendar, not in 24-hour steps', () => {
    expect(addDays('2026-10-26', 7)).toBe('2026-11-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('reads the local day of an instant', () => {
    expect(localDay(new Date('2026-11-18T23:30:00Z'), 'UTC')).toBe('2026-11-18');
    expect(localDay(new Date('2026-11-18T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-19');
  });

  it('counts working days left, today included', () => {
    expect(workingDaysLeft('2026-11-16')).toBe(5); // Monday
    expect(workingDaysLeft('2026-11-18')).toBe(3); // Wednesday
    expect(workingDaysLeft('2026-11-20')).toBe(1); // Friday
    expect(workingDaysLeft('2026-11-21')).toBe(0); // Saturday
    expect(workingDaysLeft('2026-11-22')).toBe(0); // Sunday
  });

  it('knows real dates from impossible ones', () => {
    expect(isValidDay('2028-02-29')).toBe(true);
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2026-13-01')).toBe(false);
    expect(isValidDay('20261101')).toBe(false);
  });

  it('labels weeks for people', () => {
    expect(weekLabel('2026-11-16')).toBe('16–22 Nov 2026');
    expect(weekLabel('2026-11-30')).toBe('30 Nov – 6 Dec 2026');
    expect(weekLabel('2026-12-28')).toBe('28 Dec 2026 – 3 Jan 2027');
  });

  it('writes every day and every week of six years as date-fns formats them', () => {
    const utc = { in: tz('UTC') };
    const noon = (day: string) => new Date(`${day}T12:00:00Z`);
    const dateFnsWeek = (monday: string) => {
      const [start, end] = [noon(monday), noon(addDays(monday, 6))];
      if (start.getUTCMonth() === end.getUTCMonth()) return `${format(start, 'd', utc)}–${format(end, 'd MMM yyyy', utc)}`;
      if (start.getUTCFullYear() === end.getUTCFullYear()) return `${format(start, 'd MMM', utc)} – ${format(end, 'd MMM yyyy', utc)}`;
      return `${format(start, 'd MMM yyyy', utc)} – ${format(end, 'd MMM yyyy', utc)}`;
    };
    const differ: string[] = [];
    let days = 0;
    for (let day = '2024-01-01'; day < '2030-01-01'; day = addDays(day, 1)) {
      days += 1;
      if (shortDay(day) !== format(noon(day), 'EEE d MMM', utc)) differ.push(`${day}: ${shortDay(day)}`);
      if (isoWeekday(day) === 1 && weekLabel(day) !== dateFnsWeek(day)) differ.push(`week ${day}: ${weekLabel(day)}`);
    }
    expect(days).toBe(2192);
    expect(differ).toEqual([]);
    expect(shortDay('2026-11-16')).toBe('Mon 16 Nov');
    expect(shortDay('2027-01-03')).toBe('Sun 3 Jan');
  });
});
