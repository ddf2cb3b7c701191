import { describe, expect, it } from 'vitest';
import { digestSlot, dueWeek, describeSchedule, parseSchedule } from '../../../src/digest/schedule.js';

const friday3pm = { digestWeekday: 5, digestTime: '15:00' };

describe('digest schedule', () => {
  it.each([
    ['America/New_York', '2026-11-20T20:00:00.000Z'],
    ['Asia/Tokyo', '2026-11-20T06:00:00.000Z'],
    ['Europe/London', '2026-11-20T15:00:00.000Z'],
    ['Asia/Kolkata', '2026-11-20T09:30:00.000Z'],
  ])('Friday 15:00 in %s is %s', (zone, iso) => {
    expect(digestSlot('2026-11-16', zone, friday3pm).toISOString()).toBe(iso);
  });

  it('keeps 15:00 local across a DST change (New York, week of 2 Nov 2026 is EST)', () => {
    expect(digestSlot('2026-10-26', 'America/New_York', friday3pm).toISOString()).toBe('2026-10-30T19:00:00.000Z');
    expect(digestSlot('2026-11-02', 'America/New_York', friday3pm).toISOString()).toBe('2026-11-06T20:00:00.000Z');
  });

  it('is due from the slot until the end of that week, not before and not into the next', () => {
    expect(dueWeek(new Date('2026-11-20T19:59:59Z'), 'America/New_York', friday3pm)).toBeNull();
    expect(dueWeek(new Date('2026-11-20T20:00:00Z'), 'America/New_York', friday3pm)).toBe('2026-11-16');
    // Sunday 23:59 in New York: still that week.
    expect(dueWeek(new Date('2026-11-23T04:59:00Z'), 'America/New_York', friday3pm)).toBe('2026-11-16');
    // Monday 00:00 in New York: a new week whose digest is not due yet.
    expect(dueWeek(new Date('2026-11-23T05:00:00Z'), 'America/New_York', friday3pm)).toBeNull();
  });
});

describe('the digest schedule as an admin writes it and a message says it', () => {
  it.each([
    ['friday 15:00', 'Friday at 15:00'],
    ['fri 3pm', 'Friday at 15:00'],
    ['MON 9:30 am', 'Monday at 09:30'],
    ['sunday 0', 'Sunday at 00:00'],
  ])('%s reads as %s', (text, said) => {
    const schedule = parseSchedule(text);
    expect(schedule && describeSchedule(schedule)).toBe(said);
  });

  it.each(['someday 15:00', 'friday', 'friday 25:00', 'friday 13pm', ''])('%s is no schedule', (text) => {
    expect(parseSchedule(text)).toBeUndefined();
  });
});
