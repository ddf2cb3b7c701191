/**
 * Deal amounts, read exactly: integer cents of the organisation's currency, never floating
 * point. `/log` and the form both read amounts here, so both apply the same rules and cap.
 */

// The ceiling is the database's (config checks MAX_DEAL_AMOUNT against it too); read here with the amounts.
export { AMOUNT_CEILING } from '../db/schema.js';

export type AmountProblem = 'unreadable' | 'sub_cent' | 'over_cap';
export type AmountReading = { ok: true; cents: number } | { ok: false; problem: AmountProblem };

/**
 * An optional currency symbol, whole units (with or without thousands commas), an optional
 * decimal part, and an optional k or m.
 */
const AMOUNT = /^[$€£]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([km])?$/i;
const SCALE_DIGITS: Record<string, number> = { k: 3, m: 6 };

/**
 * Reads a deal amount as integer cents: "12500", "12,500.10", "$12,500", "12.5k", "€1.2m".
 * The digits are read as text into a BigInt, so no amount, however long, passes through a
 * float; an amount over `maxDealAmount` (major units) or finer than a cent is refused.
 */
export function readAmount(text: string, maxDealAmount: number): AmountReading {
  const m = AMOUNT.exec(text.trim());
  if (!m) return { ok: false, problem: 'unreadable' };
  const whole = m[1]!.replace(/,/g, '');
  const fraction = m[2] ?? '';
  // Digits after the point that still count whole cents: 2, or 5 with k, 8 with m.
  const centDigits = 2 + (m[3] ? SCALE_DIGITS[m[3].toLowerCase()]! : 0);
  if (/[^0]/.test(fraction.slice(centDigits))) return { ok: false, problem: 'sub_cent' };
  const cents = BigInt(whole + fraction.slice(0, centDigits).padEnd(centDigits, '0'));
  if (cents > BigInt(maxDealAmount) * 100n) return { ok: false, problem: 'over_cap' };
  return { ok: true, cents: Number(cents) };
}

/** Whether text is written as an amount, whatever its size: readAmount does not find it unreadable. */
export function isAmount(text: string): boolean {
  return AMOUNT.test(text.trim());
}

/** What a rep is told when an amount is over the cap: "A deal amount can be at most 10,000,000." */
export function overCapMessage(maxDealAmount: number): string {
  return `A deal amount can be at most ${maxDealAmount.toLocaleString('en-US')}.`;
}

/** Integer cents as a plain decimal, "12500.10", written from the integer's digits (for CSV). */
export function centsToDecimal(cents: number): string {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
