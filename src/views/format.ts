import type { Absence, DayOff } from '../scoring/absence.js';
import { currencySign } from '../scoring/amount.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import { isoWeekday, weekdayName } from '../scoring/week.js';
import { literalMrkdwn } from '../mrkdwn.js';

/** "▰▰▰▱▱▱▱▱▱▱" for a share of the goal, full at or past it and only then. */
export function progressBar(total: number, goal: number, width = 10): string {
  const ratio = goal > 0 ? Math.min(1, Math.max(0, total / goal)) : 0;
  // Rounded to the nearest segment, except the last: 480 / 500 must not read as the goal met.
  const filled = goal > 0 && total >= goal ? width : Math.min(width - 1, Math.round(ratio * width));
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

/** Whole percentage of the goal, not capped (a rep can pass 100%). */
export function percent(total: number, goal: number): number {
  return goal > 0 ? Math.floor((Math.max(0, total) * 100) / goal) : 0;
}

/**
 * "12,500": a number with thousands separators, as en-US writes it. toLocaleString takes far
 * longer than the numbers under a thousand most answers show need.
 */
export function thousands(n: number): string {
  return Number.isInteger(n) && n > -1000 && n < 1000 ? String(n) : n.toLocaleString('en-US');
}

export function pts(n: number): string {
  return `${thousands(n)} ${Math.abs(n) === 1 ? 'pt' : 'pts'}`;
}

/**
 * A deal amount without its currency: "12,500" or "12,500.50" (moneyIn adds the sign).
 * Written from the integer cents (units and cents apart), never from cents / 100: that float
 * loses the last digits of a large team's total.
 */
export function money(cents: number): string {
  const abs = Math.abs(cents);
  const fraction = abs % 100;
  // Exact: (abs - fraction) is a whole number of hundreds, so the division leaves no remainder to round.
  const units = thousands((abs - fraction) / 100);
  return `${cents < 0 ? '-' : ''}${units}${fraction === 0 ? '' : `.${String(fraction).padStart(2, '0')}`}`;
}

/** A deal amount with its currency's sign: "$12,500", "€10,000.50", "CHF 9,000". */
export function moneyIn(cents: number, currency: string): string {
  const sign = currencySign(currency);
  return cents < 0 ? `-${sign}${money(-cents)}` : `${sign}${money(cents)}`;
}

/** Amounts in several currencies, each apart and never added up: "$12,500 and £10,000". */
export function amountsText(amounts: ReadonlyArray<{ currency: string; cents: number }>): string {
  return joinAnd(amounts.map((a) => moneyIn(a.cents, a.currency)));
}

/**
 * "30 calls", "1 self-led demo": a count in the catalogue's own nouns. An activity without
 * them (or one no longer in the catalogue) reads "3 × its label".
 */
export function countOf(item: Pick<CatalogueItem, 'label'> & Partial<Pick<CatalogueItem, 'noun' | 'nounPlural'>>, count: number): string {
  if (!item.noun || !item.nounPlural) return `${thousands(count)} × ${item.label}`;
  return `${thousands(count)} ${count === 1 ? item.noun : item.nounPlural}`;
}

/** "a, b and c" */
export function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** Points with their sign, as a correction reads: "+15 pts", "−20 pts" (a true minus sign). */
export function signedPts(n: number): string {
  return `${n < 0 ? '−' : '+'}${pts(Math.abs(n))}`;
}

/** Why a week has days off, as one phrase: "Thanksgiving, away Fri". */
export function offReasons(off: readonly DayOff[]): string {
  const holidays = [...new Set(off.flatMap((o) => (o.holiday ? [o.holiday] : [])))].map(literalMrkdwn);
  const away = off.filter((o) => !o.holiday).map((o) => weekdayName(isoWeekday(o.day)).slice(0, 3));
  return [...holidays, ...(away.length > 0 ? [`away ${away.join(', ')}`] : [])].join(', ');
}

/** "goal 400: away Fri", or "away all week" (with the holidays that made it so). */
export function goalNote(absence: Absence, goal: number | null): string {
  if (absence.allWeek) {
    const holidays = absence.off.some((o) => o.holiday) ? ` (${offReasons(absence.off)})` : '';
    return `away all week${holidays}`;
  }
  return `goal ${thousands(goal ?? 0)}: ${offReasons(absence.off)}`;
}
