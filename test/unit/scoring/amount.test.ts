import { describe, expect, it } from 'vitest';
import { AMOUNT_CEILING, centsToDecimal, readAmount } from '../../../src/scoring/amount.js';

const CAP = 10_000_000;

describe('readAmount', () => {
  it.each([
    ['12500', 1_250_000],
    ['12,500', 1_250_000],
    ['$12,500', 1_250_000],
    ['$12,500.10', 1_250_010],
    ['12500.5', 1_250_050],
    ['0.01', 1],
    ['12.5k', 1_250_000],
    ['12.5K', 1_250_000],
    ['1.15k', 115_000],
    ['€1.2m', 120_000_000],
    ['£0.00000001m', 1],
    ['1.2345678m', 123_456_780],
    ['1.23450k', 123_450],
    ['007', 700],
    ['0', 0],
    // The cap itself is allowed; a cent more is not.
    ['10,000,000', 1_000_000_000],
    ['10m', 1_000_000_000],
  ])('reads %s as %i cents, a whole number', (text, cents) => {
    const reading = readAmount(text, CAP);
    expect(reading).toEqual({ ok: true, cents, currency: /^[$€£]/.test(text) ? { $: 'USD', '€': 'EUR', '£': 'GBP' }[text[0]!] : null });
    expect(reading.ok && Number.isSafeInteger(reading.cents)).toBe(true);
  });

  it.each([
    ['10,000,000.01', 'over_cap'],
    ['10.000001m', 'over_cap'],
    ['99999999999999999999999', 'over_cap'],
    ['$99999999999999999999999.99', 'over_cap'],
    ['9'.repeat(4000), 'over_cap'],
    ['12.345', 'sub_cent'],
    ['1.234567891m', 'sub_cent'],
    ['lots', 'unreadable'],
    ['', 'unreadable'],
    ['-5', 'unreadable'],
    ['1e25', 'unreadable'],
    ['12.5.5', 'unreadable'],
    ['1,2,3', 'unreadable'],
    ['12,5000', 'unreadable'],
    ['.5', 'unreadable'],
    ['5.', 'unreadable'],
    ['Infinity', 'unreadable'],
    ['0x10', 'unreadable'],
    ['$$5', 'unreadable'],
    ['5kk', 'unreadable'],
    ['$5eur', 'unreadable'],
    ['usd5gbp', 'unreadable'],
    ['5abc', 'unreadable'],
    ['xyz5', 'unreadable'],
  ])('refuses %s (%s)', (text, problem) => {
    expect(readAmount(text, CAP)).toEqual({ ok: false, problem });
  });

  it('takes the cap it is given', () => {
    expect(readAmount('50,000', 50_000)).toEqual({ ok: true, cents: 5_000_000, currency: null });
    expect(readAmount('50,000.01', 50_000)).toEqual({ ok: false, problem: 'over_cap' });
    expect(readAmount('1,000,000,000', AMOUNT_CEILING)).toEqual({ ok: true, cents: 100_000_000_000, currency: null });
  });

  it.each([
    ['eur12k', 1_200_000, 'EUR'],
    ['12500usd', 1_250_000, 'USD'],
    ['GBP9,500.50', 950_050, 'GBP'],
    ['7.5kCHF', 750_000, 'CHF'],
    ['$12k', 1_200_000, 'USD'],
    ['usd$12k', 1_200_000, 'USD'],
  ])('reads the currency written with %s', (text, cents, currency) => {
    expect(readAmount(text, CAP)).toEqual({ ok: true, cents, currency });
  });
});

describe('centsToDecimal', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [1_250_010, '12500.10'],
    [100_000_000_000, '1000000000.00'],
    // Beyond what float division by 100 writes exactly.
    [8_005_066_647_665_896, '80050666476658.96'],
  ])('writes %i cents as %s', (cents, text) => {
    expect(centsToDecimal(cents)).toBe(text);
  });
});
