import { describe, expect, it } from 'vitest';
import {
  BACKDATED_MIN,
  BURST_UNITS,
  backdatedIn,
  burstIn,
  largeAmounts,
  NORM_MIN_COUNT,
  NORM_MIN_WEEKS,
  offNorm,
  type WeekEntry,
} from '../../../src/digest/flags.js';

const T0 = Date.parse('2026-11-20T14:58:00Z');
const entry = (over: Partial<WeekEntry> = {}): WeekEntry => ({
  activityKey: 'call',
  count: 1,
  day: '2026-11-20',
  loggedAt: T0,
  loggedDay: '2026-11-20',
  amountCents: null,
  currency: null,
  ...over,
});
const week = (pairs: Record<string, number>) => new Map(Object.entries(pairs));

describe('anomaly flag rules', () => {
  it('a burst: 200 activities within one minute, and not 199, nor 200 spread over more than a minute', () => {
    const burst = burstIn([entry({ count: 150 }), entry({ count: 50, activityKey: 'email', loggedAt: T0 + 59_000 })]);
    expect(BURST_UNITS).toBe(200);
    expect(burst?.units).toBe(200);
    expect(burst?.from).toBe(T0);
    expect(burstIn([entry({ count: 150 }), entry({ count: 49, loggedAt: T0 + 30_000 })])).toBeUndefined();
    expect(burstIn([entry({ count: 150 }), entry({ count: 50, loggedAt: T0 + 60_000 })])).toBeUndefined();
  });

  it('far outside the own norm: 3× the average of the active weeks before, at least 30, with 4 such weeks', () => {
    const before = [week({ meeting: 10 }), week({ meeting: 10 }), week({ meeting: 10 }), week({ meeting: 10 }), week({})];
    expect(offNorm(week({ meeting: 40 }), before)).toEqual([
      { kind: 'off_norm', activityKey: 'meeting', count: 40, average: 10, weeks: 4 },
    ]);
    expect(offNorm(week({ meeting: 29 }), before)).toEqual([]);
    // 29 is under 3× 10; and 30 but only 3 weeks of history says nothing.
    expect(offNorm(week({ meeting: NORM_MIN_COUNT }), before.slice(0, NORM_MIN_WEEKS - 1))).toEqual([]);
    expect(offNorm(week({ call: 30 }), before)).toEqual([{ kind: 'off_norm', activityKey: 'call', count: 30, average: 0, weeks: 4 }]);
  });

  it('many backdated: 5 entries and half the week’s', () => {
    const back = Array.from({ length: BACKDATED_MIN }, () => entry({ day: '2026-11-17', loggedDay: '2026-11-18' }));
    expect(backdatedIn([...back, ...Array.from({ length: 5 }, () => entry())])).toEqual({ kind: 'backdated', backdated: 5, of: 10 });
    expect(backdatedIn([...back, ...Array.from({ length: 6 }, () => entry())])).toBeUndefined();
    expect(backdatedIn(back.slice(1))).toBeUndefined();
  });

  it('an amount 3× the team’s largest in its currency; none without a largest to compare with', () => {
    const deal = entry({ activityKey: 'closed_won', amountCents: 3_000_000, currency: 'USD' });
    const eur = entry({ activityKey: 'closed_won', amountCents: 9_000_000, currency: 'EUR' });
    expect(largeAmounts([deal, eur], new Map([['USD', 1_000_000]]))).toEqual([
      {
        kind: 'large_amount',
        activityKey: 'closed_won',
        cents: 3_000_000,
        currency: 'USD',
        day: '2026-11-20',
        teamLargestCents: 1_000_000,
      },
    ]);
    expect(largeAmounts([deal], new Map([['USD', 1_000_001]]))).toEqual([]);
  });
});
