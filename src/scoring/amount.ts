/**
 * Deal amounts, read exactly: integer cents, never floating point, with the currency they are
 * in. `/log` and the form both read amounts here, so both apply the same rules and cap.
 */

// The ceiling is the database's (config checks MAX_DEAL_AMOUNT against it too); read here with the amounts.
export { AMOUNT_CEILING } from '../db/schema.js';

export type AmountProblem = 'unreadable' | 'sub_cent' | 'over_cap';
export type AmountReading =
  | {
      ok: true;
      cents: number;
      /** The ISO code written with the amount (as a sign or a code), or null when none was. */
      currency: string | null;
    }
  | { ok: false; problem: AmountProblem };

/**
 * The currencies a deal may be written in, as ISO 4217 codes. A short list rather than every
 * code Intl knows: several codes are English words a rep may type ("all", "top", "try").
 */
export const CURRENCIES: ReadonlySet<string> = new Set([
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'NZD',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'INR',
  'SGD',
  'HKD',
  'JPY',
  'ZAR',
  'BRL',
  'MXN',
  'AED',
  'ILS',
]);
/** The currency signs read as one currency; "$" is the US dollar (other dollars by their code). */
const SIGNS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };
/** The currency an organisation's amounts are in until an admin sets one. */
export const DEFAULT_CURRENCY = 'USD';

/** The ISO code a word names ("eur", "USD"), if it is one of CURRENCIES. */
export function currencyCode(word: string): string | undefined {
  const code = word.toUpperCase();
  return CURRENCIES.has(code) ? code : undefined;
}

const symbols = new Map<string, string>();

/** The sign a currency is written with in front of an amount: "$", "€", "CA$", "CHF ". */
export function currencySign(code: string): string {
  let sign = symbols.get(code);
  if (sign === undefined) {
    const part = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).formatToParts(0).find((p) => p.type === 'currency');
    sign = part?.value ?? code;
    // A sign ending in a letter ("CHF") is kept apart from the digits, as Intl writes it.
    if (/\p{L}$/u.test(sign)) sign += ' ';
    symbols.set(code, sign);
  }
  return sign;
}

/**
 * An optional code, an optional sign, whole units (with or without thousands commas), an
 * optional decimal part, an optional k or m, and an optional code after it.
 */
const AMOUNT = /^([a-z]{3})?([$€£])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([km])?([a-z]{3})?$/i;
const SCALE_DIGITS: Record<string, number> = { k: 3, m: 6 };

/**
 * Reads a deal amount as integer cents and its currency: "12500", "12,500.10", "$12,500",
 * "12.5k", "€1.2m", "eur12k", "12500usd". The digits are read as text into a BigInt, so no
 * amount, however long, passes through a float; an amount over `maxDealAmount` (major units)
 * or finer than a cent is refused, and so is one naming two currencies or a code not known.
 */
export function readAmount(text: string, maxDealAmount: number): AmountReading {
  const m = AMOUNT.exec(text.trim());
  if (!m) return { ok: false, problem: 'unreadable' };
  const named = [m[1], m[6]].filter((c) => c !== undefined).map((c) => currencyCode(c));
  if (m[2]) named.push(SIGNS[m[2]]);
  if (named.includes(undefined) || new Set(named).size > 1) return { ok: false, problem: 'unreadable' };
  const whole = m[3]!.replace(/,/g, '');
  const fraction = m[4] ?? '';
  // Digits after the point that still count whole cents: 2, or 5 with k, 8 with m.
  const centDigits = 2 + (m[5] ? SCALE_DIGITS[m[5].toLowerCase()]! : 0);
  if (/[^0]/.test(fraction.slice(centDigits))) return { ok: false, problem: 'sub_cent' };
  const cents = BigInt(whole + fraction.slice(0, centDigits).padEnd(centDigits, '0'));
  if (cents > BigInt(maxDealAmount) * 100n) return { ok: false, problem: 'over_cap' };
  return { ok: true, cents: Number(cents), currency: named[0] ?? null };
}

/** Whether text is written as an amount, whatever its size: readAmount does not find it unreadable. */
export function isAmount(text: string): boolean {
  const reading = readAmount(text, Number.MAX_SAFE_INTEGER);
  return reading.ok || reading.problem !== 'unreadable';
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
