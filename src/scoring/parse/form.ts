/** The `/log` form's fields, checked with the same rules as the command line. */
import { overCapMessage, readAmount, type AmountProblem } from '../amount.js';
import { isValidDay, type LocalDay } from '../week.js';
import { dayProblem } from './days.js';
import { MAX_ACCOUNT_CHARS } from './log-line.js';
import type { ParseContext, ParsedItem } from './types.js';

/** What the `/log` form sends, as text straight from Slack's inputs. */
export interface LogFormInput {
  activityKey: string | null | undefined;
  count: string | null | undefined;
  day: string | null | undefined;
  amount: string | null | undefined;
  note: string | null | undefined;
  /** Optional: forms opened before the Account field existed do not send it. */
  account?: string | null | undefined;
}

export type LogFormResult =
  | { ok: true; item: ParsedItem; day: LocalDay; note: string | null; account?: string }
  | { ok: false; errors: Partial<Record<keyof LogFormInput, string>> };

/** Why the form refuses an amount, beside its field. */
const FORM_AMOUNT_REFUSALS: Record<AmountProblem, (maxDealAmount: number) => string> = {
  unreadable: () => 'Enter the amount as a number, like 12500.',
  sub_cent: () => 'Give the amount to the cent, with at most two decimals.',
  over_cap: overCapMessage,
};

/** Checks the form's fields with the same rules as the command line; errors are per field. */
export function parseLogForm(input: LogFormInput, ctx: ParseContext): LogFormResult {
  const errors: Partial<Record<keyof LogFormInput, string>> = {};
  const item = ctx.catalogue.find((c) => c.key === input.activityKey);
  if (!item) errors.activityKey = 'Choose an activity from the list.';
  const countText = (input.count ?? '').trim();
  const count = Number(countText);
  if (!/^\d+$/.test(countText)) errors.count = 'Enter a whole number, like 1 or 30.';
  else if (count === 0) errors.count = 'A count of zero logs nothing.';
  else if (count > ctx.maxCount) errors.count = `At most ${ctx.maxCount} at once. If that's real, log it in parts.`;
  const day = (input.day ?? '').trim() || ctx.today;
  if (!isValidDay(day)) errors.day = 'Pick a day from the calendar.';
  else {
    const problem = dayProblem(day, ctx);
    if (problem) errors.day = problem;
  }
  let amountCents: number | null = null;
  let currency: string | null = null;
  const amountText = (input.amount ?? '').trim();
  if (amountText !== '') {
    if (item && !item.takesAmount) errors.amount = `Only a closed-won deal takes an amount; leave this empty for ${item.shorthand}.`;
    else {
      const reading = readAmount(amountText, ctx.maxDealAmount);
      if (reading.ok) {
        amountCents = reading.cents;
        currency = reading.currency ?? ctx.currency;
      } else errors.amount = FORM_AMOUNT_REFUSALS[reading.problem](ctx.maxDealAmount);
    }
  }
  const account = (input.account ?? '').trim();
  // The account as compared (scoring/accounts.ts): a name of punctuation alone names none.
  if (account !== '' && !/[\p{L}\p{N}]/u.test(account)) errors.account = 'An account name needs a letter or a digit.';
  else if (account.length > MAX_ACCOUNT_CHARS) errors.account = `Up to ${MAX_ACCOUNT_CHARS} characters.`;
  if (!item || Object.keys(errors).length > 0) return { ok: false, errors };
  const note = (input.note ?? '').trim().slice(0, 500) || null;
  return { ok: true, item: { activityKey: item.key, count, amountCents, currency }, day, note, ...(account ? { account } : {}) };
}
