import { describe, expect, it } from 'vitest';
import { dayOfPhrase, latestUpTo, readMonthDay, trailingMonthDay } from '../../../../src/scoring/parse/days.js';

const words = (text: string) => text.split(' ');

describe('readMonthDay: the month-and-day grammar /log and /points share', () => {
  it.each([
    ['nov 19', { month: 11, date: 19, year: undefined, length: 2, ambiguous: false }],
    ['Nov. 4th', { month: 11, date: 4, year: undefined, length: 2, ambiguous: false }],
    ['november 19th 2026', { month: 11, date: 19, year: 2026, length: 3, ambiguous: false }],
    ['march 3, 2025', { month: 3, date: 3, year: 2025, length: 3, ambiguous: false }],
    ['19 nov', { month: 11, date: 19, year: undefined, length: 2, ambiguous: false }],
    ['9th November 2025', { month: 11, date: 9, year: 2025, length: 3, ambiguous: false }],
    ['feb 30', { month: 2, date: 30, year: undefined, length: 2, ambiguous: false }],
    // The 2nd of November, or the 19th? The reader says so; /log asks, /points reads "nov 19".
    ['2 nov 19', { month: 11, date: 2, year: undefined, length: 2, ambiguous: true }],
    ['2 nov, 19', { month: 11, date: 2, year: undefined, length: 2, ambiguous: false }],
  ])('reads %j', (text, expected) => {
    expect(readMonthDay(words(text), 0)).toEqual(expected);
  });

  it.each(['calls 30', 'nov', 'nov 32', '0 nov', 'nov calls', '19 calls', '2026-11-19', 'friday'])('finds no day in %j', (text) => {
    expect(readMonthDay(words(text), 0)).toBeUndefined();
  });

  it('reads from any position in the words', () => {
    expect(readMonthDay(words('30 calls 17 nov'), 2)).toMatchObject({ month: 11, date: 17, length: 2 });
  });
});

describe('trailingMonthDay: a phrase that ends the words', () => {
  it.each([
    ['team nov 4', 'nov 4'],
    ['<@U0REP1> 9th nov', '9th nov'],
    ['march 3, 2025', 'march 3, 2025'],
    ['9 nov 19', 'nov 19'],
    // Where a word boundary is: right after a mention's closing bracket.
    ['<@U0REP1>nov 4', 'nov 4'],
  ])('finds it in %j: %j', (text, phrase) => {
    const found = trailingMonthDay(words(text));
    expect(found && text.slice(found.at)).toBe(phrase);
  });

  it.each(['nov 4 team', 'team 9', 'team', 'x_nov 4'])('finds none in %j', (text) => {
    expect(trailingMonthDay(words(text))).toBeUndefined();
  });
});

describe('dayOfPhrase: the year, given or chosen', () => {
  const nov4 = readMonthDay(words('nov 4'), 0)!;
  const dec30 = readMonthDay(words('dec 30'), 0)!;

  it('takes the year written in the phrase over any choice', () => {
    expect(dayOfPhrase(readMonthDay(words('nov 4 2025'), 0)!, latestUpTo('2026-11-22'))).toBe('2025-11-04');
  });

  it('without a year, takes the latest such day up to a limit', () => {
    expect(dayOfPhrase(nov4, latestUpTo('2026-11-22'))).toBe('2026-11-04');
    expect(dayOfPhrase(dec30, latestUpTo('2026-11-22'))).toBe('2025-12-30');
    expect(dayOfPhrase(dec30, latestUpTo('2027-01-03'))).toBe('2026-12-30');
  });

  it('names a day that does not exist as it is written, for the caller to refuse', () => {
    expect(dayOfPhrase(readMonthDay(words('feb 30'), 0)!, latestUpTo('2026-11-22'))).toBe('2026-02-30');
  });
});
