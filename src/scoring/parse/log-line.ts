/** The `/log` line reader: a fast path for the common line, and the full reader behind it. */
import { currencyCode, isAmount, overCapMessage, readAmount, type AmountProblem } from '../amount.js';
import { quote } from '../../mrkdwn.js';
import type { CatalogueItem } from '../catalogue.js';
import type { LocalDay } from '../week.js';
import { dayProblem, readDay } from './days.js';
import { ParseError, SuggestionError } from './error.js';
import { noteAsTyped, takeNote } from './note.js';
import {
  canonicalWords,
  spelledStream,
  HELP_WORDS,
  MONTHS,
  NUMBER_WORDS,
  numberWord,
  RELATIVE_DAYS,
  SYNONYMS,
  UNDO_WORDS,
  WEEKDAYS,
} from './vocabulary.js';
import { matchActivity, matcherFor, type Matcher } from './matcher.js';
import type { ParsedItem, ParseContext, ParseResult } from './types.js';

/**
 * A count keeps its digits as typed: on a closed-won deal a plain number may be the amount,
 * read exactly. `grouped` marks thousands separators ("12,500"): a count on any other activity,
 * plainly an amount on a deal.
 */
type Token =
  | { kind: 'word'; text: string }
  | { kind: 'count'; value: number; digits: string; grouped: boolean }
  | { kind: 'amount'; text: string; bare: boolean };

/** Stands for a thousands separator inside a number, so that the comma does not split the line there. */
const GROUP = '\u0001';

/** Reads one piece of a segment as a number, an amount or a word; refuses a bad number. */
function readToken(raw: string): Token {
  const lower = raw.toLowerCase();
  if (/^\d{1,3}(?:\u0001\d{3})+$/.test(raw)) {
    const digits = raw.replaceAll(GROUP, '');
    return { kind: 'count', value: Number(digits), digits, grouped: true };
  }
  // "9,500.50": thousands and cents, an amount on any activity.
  if (/^\d{1,3}(?:\u0001\d{3})+\.\d+$/.test(raw)) return { kind: 'amount', text: raw.replaceAll(GROUP, ','), bare: false };
  const shown = lower.replaceAll(GROUP, ',');
  if (/^(?:[a-z]{3})?[$€£]/.test(shown) || /^\d[\d,]*(?:\.\d+)?(?:[km]|[km]?[a-z]{3})$/.test(shown) || /^[a-z]{3}\d/.test(shown)) {
    if (!isAmount(shown)) {
      // "usd12" is an amount; "b2b" or "q4" are words.
      if (/^[a-z]/.test(shown) && !currencyCode(shown.slice(0, 3))) return { kind: 'word', text: raw };
      if (/^\d/.test(shown) && /[a-z]{3}$/.test(shown) && !currencyCode(shown.slice(-3))) return { kind: 'word', text: raw };
      throw new ParseError(`I couldn't read the amount ${quote(raw.replaceAll(GROUP, ','))}. Write it like \`$12,500\` or \`12.5k\`.`);
    }
    return { kind: 'amount', text: shown, bare: false };
  }
  if (/^-\d/.test(raw)) throw new ParseError(`A count can't be negative (${quote(raw)}). To take back an entry, use \`/log undo\`.`);
  const count = /^(?:x|×)?(\d+)(?:x|×)?$/.exec(raw);
  if (count) return { kind: 'count', value: Number(count[1]), digits: count[1]!, grouped: false };
  if (/^\d+\.\d+$/.test(raw)) return { kind: 'amount', text: raw, bare: true };
  const word = numberWord(lower);
  if (word !== undefined) return { kind: 'count', value: word, digits: String(word), grouped: false };
  return { kind: 'word', text: raw };
}

/** A token with the pieces of the segment it was read from, as typed ("10000 eur" for one amount). */
type ReadToken = Token & { raw: string };

/**
 * The segment's tokens, a currency code written apart ("10000 eur", "GBP 9,500") joined to
 * the number beside it as one amount.
 */
function readTokens(segment: string): ReadToken[] {
  const tokens = segment
    .split(/\s+/)
    .filter(Boolean)
    .map((raw): ReadToken => ({ ...readToken(raw), raw }));
  const joined: ReadToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const code = t.kind === 'word' ? currencyCode(t.text) : undefined;
    const next = tokens[i + 1];
    const prev = joined.at(-1);
    // A number that names no currency yet: "10000", "9,500.50", "7.5k".
    const number = (n: Token | undefined) =>
      n?.kind === 'count' ? n.digits : n?.kind === 'amount' && /^[\d,.]+[km]?$/.test(n.text) ? n.text : undefined;
    if (code && number(prev) !== undefined)
      joined[joined.length - 1] = {
        kind: 'amount',
        text: `${number(prev)}${code}`.toLowerCase(),
        bare: false,
        raw: `${prev!.raw} ${t.raw}`,
      };
    else if (code && number(next) !== undefined) {
      joined.push({ kind: 'amount', text: `${code}${number(next)}`.toLowerCase(), bare: false, raw: `${t.raw} ${next!.raw}` });
      i += 1;
    } else joined.push(t);
  }
  return joined;
}

/** The answers a rep gave to the questions a line raised, taken in the order the line raises them. */
interface Answers {
  given: string;
  next: number;
}

/** A question the line raises, asked instead of a guess; the rep's answer is a one-letter code. */
export type Question =
  | {
      kind: 'amount_or_count';
      /** The number as typed, its amount in cents and the currency it would be in. */
      value: number;
      cents: number;
      currency: string;
      /** False when so many deals would be over the cap: only the amount is offered. */
      countAllowed: boolean;
      maxDealsPerLine: number;
    }
  | { kind: 'total_or_each'; count: number; cents: number; currency: string };

/** What each answer code means, per question. */
export const ANSWERS = { amount: 'a', count: 'c', total: 't', each: 'e' } as const;

/** Thrown where a line needs the rep's answer; not a ParseError, so no fallback reading swallows it. */
class Ask {
  constructor(
    readonly question: Question,
    /** How many answers were taken before it. */
    readonly at: number,
  ) {}
}

/** The rep's answer to the question at hand, or an Ask when they have not given it yet. */
function answer(answers: Answers, question: Question): string {
  const given = answers.given[answers.next];
  if (given === undefined) throw new Ask(question, answers.next);
  answers.next += 1;
  return given;
}

/** Parses one comma-separated piece ("30 calls", "closed won $12k") into its items. */
function parseSegment(segment: string, ctx: ParseContext, m: Matcher, answers: Answers): ParsedItem[] {
  const tokens = readTokens(segment);
  const words = tokens.flatMap((t) => (t.kind === 'word' ? [t.text] : []));
  const shown = segment.replaceAll(GROUP, ',');
  let item: CatalogueItem;
  try {
    item = matchActivity(words, shown, m);
  } catch (err) {
    if (!(err instanceof SuggestionError)) throw err;
    // The segment as meant: its words replaced by the activity's name, its numbers and amounts kept in place.
    const firstWord = tokens.findIndex((t) => t.kind === 'word');
    const meant = tokens.flatMap((t, i) => (i === firstWord ? [err.meant.shorthand] : t.kind === 'word' ? [] : [t.raw]));
    throw new SegmentSuggestion(err.message, segment, meant.join(' '));
  }
  const twice = m.saidTooOften(item.key, spelledStream(words.join(' ')));
  if (twice !== undefined) {
    const alone = m.exactMatch(canonicalWords(twice));
    throw new ParseError(
      alone.length === 1 && alone[0] === item.key
        ? namedTwice(item)
        : `${quote(twice)} appears twice in ${quote(shown)}. Write each activity once, with its count.`,
    );
  }
  if (item.takesAmount) return parseDeal(shown, tokens, ctx, answers, item);
  let count: number | undefined;
  for (const t of tokens) {
    if (t.kind === 'word') continue;
    if (t.kind === 'amount') {
      throw new ParseError(
        t.bare ? `A count must be a whole number (${quote(shown)}).` : `Only a closed-won deal takes an amount; ${quote(shown)} has one.`,
      );
    }
    if (count !== undefined) throw new ParseError(`${quote(shown)} has two counts. Write one number per activity.`);
    count = t.value;
  }
  return [checkedCount(item, count ?? 1, shown, ctx)];
}

/** An item of `count`, refused when the count is zero or over the per-line cap. */
function checkedCount(item: { key: string; shorthand: string }, count: number, segment: string, ctx: ParseContext): ParsedItem {
  if (count === 0) throw new ParseError(`A count of zero logs nothing (${quote(segment)}).`);
  if (count > ctx.maxCount) {
    throw new ParseError(
      `${count} ${item.shorthand} in one go is more than the ${ctx.maxCount} allowed per line. If that's real, log it in parts.`,
    );
  }
  return { activityKey: item.key, count, amountCents: null, currency: null };
}

/**
 * A deal's count and amount. A number before the words is the count ("2 closed won"); one
 * with a sign, a code, a k or m or thousands separators is the amount; a bare number after
 * the words could be either, so the rep is asked. One amount for several deals is asked
 * about too: their total, or each one's (then each deal is an item of its own).
 */
function parseDeal(
  segment: string,
  tokens: Token[],
  ctx: ParseContext,
  answers: Answers,
  item: { key: string; shorthand: string },
): ParsedItem[] {
  const firstWord = tokens.findIndex((t) => t.kind === 'word');
  let count: number | undefined;
  let amount: { cents: number; currency: string } | undefined;
  let bare: { value: number; digits: string } | undefined;
  const setAmount = (text: string) => {
    if (amount !== undefined) throw new ParseError(`${quote(segment)} has two amounts. Give one per deal.`);
    const reading = readAmount(text, ctx.maxDealAmount);
    if (!reading.ok) throw new ParseError(amountRefusal(reading.problem, segment, ctx.maxDealAmount));
    amount = { cents: reading.cents, currency: reading.currency ?? ctx.currency };
  };
  const setCount = (value: number) => {
    if (count !== undefined) throw new ParseError(`${quote(segment)} has two counts. Write one number per activity.`);
    count = value;
  };
  tokens.forEach((t, i) => {
    if (t.kind === 'word') return;
    if (t.kind === 'amount') return setAmount(t.text);
    if (t.grouped) return setAmount(t.digits);
    if (i < firstWord) return setCount(t.value);
    if (bare !== undefined) throw new ParseError(`${quote(segment)} has two counts. Write one number per activity.`);
    bare = { value: t.value, digits: t.digits };
  });
  if (bare !== undefined) {
    // A zero is no deal's amount worth asking about: refused as a count of zero.
    if (amount !== undefined || bare.value === 0) setCount(bare.value);
    else if (count !== undefined) setAmount(bare.digits);
    else {
      const reading = readAmount(bare.digits, ctx.maxDealAmount);
      const countAllowed = bare.value > 0 && bare.value <= ctx.maxDealsPerLine;
      // Neither reading can be logged: the amount's refusal says the most.
      if (!reading.ok) throw new ParseError(amountRefusal(reading.problem, segment, ctx.maxDealAmount));
      const question: Question = {
        kind: 'amount_or_count',
        value: bare.value,
        cents: reading.cents,
        currency: ctx.currency,
        countAllowed,
        maxDealsPerLine: ctx.maxDealsPerLine,
      };
      const choice = answer(answers, question);
      if (choice === ANSWERS.count && countAllowed) count = bare.value;
      else if (choice === ANSWERS.amount) amount = { cents: reading.cents, currency: ctx.currency };
      else throw new ParseError('That answer no longer fits the line. Log it again.');
    }
  }
  const deals = checkedCount(item, count ?? 1, segment, ctx);
  if (deals.count > ctx.maxDealsPerLine) throw new ParseError(tooManyDeals(deals.count, ctx));
  if (amount === undefined) return [deals];
  if (deals.count === 1) return [{ ...deals, amountCents: amount.cents, currency: amount.currency }];
  const choice = answer(answers, { kind: 'total_or_each', count: deals.count, cents: amount.cents, currency: amount.currency });
  if (choice === ANSWERS.total) return [{ ...deals, amountCents: amount.cents, currency: amount.currency }];
  if (choice !== ANSWERS.each) throw new ParseError('That answer no longer fits the line. Log it again.');
  return Array.from({ length: deals.count }, () => ({ ...deals, count: 1, amountCents: amount!.cents, currency: amount!.currency }));
}

/** Why `/log` refuses more deals in a line than the cap: far likelier an amount typed without its sign. */
function tooManyDeals(deals: number, ctx: ParseContext): string {
  return `${deals} closed-won deals in one line is more than the ${ctx.maxDealsPerLine} allowed. If that's real, log them in parts; for an amount, write it with its currency, like \`$${deals}\`.`;
}

/** An activity named twice in a line, however it was: the same rule for "calls calls" and "calls 5, calls 6". */
const namedTwice = (item: CatalogueItem) => `*${item.shorthand}* appears twice in that line. Add the counts up and log it once.`;

/** A segment that names an activity only once corrected, with the segment corrected. */
class SegmentSuggestion extends ParseError {
  constructor(
    message: string,
    readonly segment: string,
    readonly corrected: string,
  ) {
    super(message);
  }
}

/** "30calls" and "calls30": a count written against its activity, taken apart. */
function unglued(segment: string): string {
  return segment
    .split(' ')
    .map((w) => w.replace(/^(\d+)(?!st$|nd$|rd$|th$)(\p{L}{2,})$/iu, '$1 $2').replace(/^(\p{L}{2,})(\d+)$/iu, '$1 $2'))
    .join(' ');
}

/**
 * The segment corrected so that it reads ("12 emials" becomes "12 emails", "30calls" "30 calls"),
 * or undefined. One pass per part corrected, and a segment has at most a few parts: bounded.
 */
function correctedSegment(segment: string, ctx: ParseContext, m: Matcher): string | undefined {
  let text = unglued(segment);
  for (let pass = 0; pass <= 12; pass++) {
    try {
      // Answers are not the correction's business: a deal that would raise a question reads.
      parseItems(text, ctx, m, { given: '', next: 0 });
      return text === segment ? undefined : text;
    } catch (err) {
      if (err instanceof Ask) return text === segment ? undefined : text;
      if (!(err instanceof SegmentSuggestion)) return undefined;
      const next = text.replace(err.segment, () => err.corrected);
      if (next === text) return undefined;
      text = next;
    }
  }
  return undefined;
}

/** Why `/log` refuses a deal's amount, naming the cap when it is over it. */
function amountRefusal(problem: AmountProblem, segment: string, maxDealAmount: number): string {
  if (problem === 'over_cap') return `${overCapMessage(maxDealAmount)} ${quote(segment)} is more; check the number.`;
  if (problem === 'sub_cent') return `${quote(segment)} goes past the cent. Give the amount to the cent, like \`$12,500.10\`.`;
  return `I couldn't read the amount in ${quote(segment)}. Write it like \`$12,500\` or \`12.5k\`.`;
}

/**
 * "10 calls 5 emails" or "calls 10 emails 5", written without commas: the segment cut before
 * each count (or after each, when it ends with one), when every part is words with one count.
 */
function splitAtCounts(segment: string): string[] | undefined {
  const raw = segment.split(/\s+/).filter(Boolean);
  const isCount = raw.map((r) => {
    try {
      return readToken(r).kind === 'count';
    } catch {
      return false;
    }
  });
  if (isCount.filter(Boolean).length < 2) return undefined;
  const countFirst = isCount[0]!;
  if (!countFirst && !isCount.at(-1)) return undefined;
  const parts: string[][] = [];
  let current: string[] = [];
  raw.forEach((word, i) => {
    if (countFirst && isCount[i] && current.length > 0) {
      parts.push(current);
      current = [];
    }
    current.push(word);
    if (!countFirst && isCount[i]) {
      parts.push(current);
      current = [];
    }
  });
  if (current.length > 0) parts.push(current);
  return parts.every((part) => part.length >= 2) ? parts.map((part) => part.join(' ')) : undefined;
}

/** One segment's items: one activity, or several written without commas ("10 calls 5 emails"). */
function parseItems(segment: string, ctx: ParseContext, m: Matcher, answers: Answers): ParsedItem[] {
  const answered = answers.next;
  try {
    return parseSegment(segment, ctx, m, answers);
  } catch (err) {
    const parts = err instanceof ParseError ? splitAtCounts(segment) : undefined;
    if (!parts) throw err;
    // The parts are read afresh: an answer the failed reading took is theirs again.
    answers.next = answered;
    return parts.flatMap((part) => parseSegment(part, ctx, m, answers));
  }
}

/**
 * Picks out the day phrases ("yesterday", "friday", "last friday", "19 nov", "2026-11-20")
 * and returns the day they name.
 */
function takeDay(words: string[], ctx: ParseContext): { rest: string[]; day: LocalDay; dayWords: string[] } {
  const days = new Set<LocalDay>();
  const rest: string[] = [];
  const dayWords: string[] = [];
  for (let i = 0; i < words.length;) {
    const found = readDay(words, i, ctx);
    if (!found) {
      rest.push(words[i]!);
      i += 1;
      continue;
    }
    if (found.day !== null) days.add(found.day);
    for (let k = i; k < i + found.length; k++) dayWords.push(words[k]!.replace(/,+$/, ''));
    i += found.length;
    // "30 calls yesterday, 5 emails": the comma still separates the activities.
    if (words[i - 1]!.endsWith(',')) rest.push(',');
  }
  if (days.size > 1) throw new ParseError('One line can only be for one day. Log each day on its own line.');
  const day = [...days][0] ?? ctx.today;
  const problem = dayProblem(day, ctx);
  if (problem) throw new ParseError(problem);
  return { rest, day, dayWords };
}

/**
 * The longest `/log` line read, in characters: several activities, a day and a 500-character
 * note in quotes fit with room to spare. A longer line is refused before it is read.
 */
export const MAX_LINE_CHARS = 1_000;

/**
 * Reads what a rep typed after `/log`: one or more activities with counts, an optional day,
 * a deal amount and a quoted note. Never guesses: anything unclear comes back as an error
 * with a suggestion or the help.
 */
export function parseLog(text: string, ctx: ParseContext): ParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'form' };
  if (trimmed.length > MAX_LINE_CHARS) {
    const [length, limit] = [trimmed.length, MAX_LINE_CHARS].map((n) => n.toLocaleString('en-US'));
    return {
      kind: 'error',
      message: `That line is ${length} characters long; /log takes up to ${limit}. Split it into several /log lines.`,
      showHelp: false,
    };
  }
  const lower = trimmed.toLowerCase().replace(/\s+/g, ' ');
  if (HELP_WORDS.has(lower)) return { kind: 'help' };
  if (UNDO_WORDS.has(lower)) return { kind: 'undo' };
  const away = /^(away|back)(?: (undo|back)\b)?(?: (.*))?$/.exec(lower);
  if (away) return { kind: 'away', back: away[1] === 'back' || away[2] !== undefined, days: away[3] ?? '' };
  const history = /^history(?: (.+))?$/.exec(lower);
  if (history) return { kind: 'history', week: history[1] ?? '' };
  const deal = DEAL_LINE.exec(trimmed);
  if (deal) return readDealLine(deal[1]!.toLowerCase().startsWith('pipeline') ? 'pipeline' : 'lost', deal[2] ?? '', ctx);
  return readCommonLine(lower, ctx) ?? readLine(trimmed, ctx);
}

/** `pipeline …` and `closed lost …`: words no catalogue activity is named by, so no line that logged before reads as one. */
const DEAL_LINE = /^(pipeline|closed[ -]?lost)(?:\s+([\s\S]*))?$/i;

/** The longest account name, in characters. */
export const MAX_ACCOUNT_CHARS = 100;

/** The example a deal line's refusals show. */
const DEAL_EXAMPLE = { pipeline: '`/log pipeline $40k Acme`', lost: '`/log closed lost Acme`' } as const;

/**
 * `/log pipeline $40k Acme` or `/log closed lost Acme`: the account is every word that is not
 * the amount (any case: nothing else is read there), a leading `@` or `for` left out.
 */
function readDealLine(event: 'pipeline' | 'lost', rest: string, ctx: ParseContext): ParseResult {
  try {
    const tokens = readTokens(rest.replace(/(\d),(?=\d{3}(?!\d))/g, `$1${GROUP}`));
    let amount: { cents: number; currency: string } | undefined;
    const words: string[] = [];
    for (const t of tokens) {
      if (t.kind === 'word') {
        words.push(t.raw.replaceAll(GROUP, ','));
        continue;
      }
      if (event === 'lost') throw new ParseError(`A lost deal takes no amount: ${DEAL_EXAMPLE.lost}.`);
      if (amount !== undefined) throw new ParseError(`Give one amount: ${DEAL_EXAMPLE.pipeline}.`);
      const reading = readAmount(t.kind === 'amount' ? t.text : t.digits, ctx.maxDealAmount);
      if (!reading.ok) throw new ParseError(amountRefusal(reading.problem, rest.replaceAll(GROUP, ','), ctx.maxDealAmount));
      amount = { cents: reading.cents, currency: reading.currency ?? ctx.currency };
    }
    if (/^(?:for|@)$/i.test(words[0] ?? '')) words.shift();
    const account = words.join(' ').replace(/^@/, '').trim();
    if (account === '') throw new ParseError(`Name the account: ${DEAL_EXAMPLE[event]}.`);
    if (account.length > MAX_ACCOUNT_CHARS) throw new ParseError(`An account name can be up to ${MAX_ACCOUNT_CHARS} characters.`);
    if (event === 'pipeline' && amount === undefined) throw new ParseError(`Give the opportunity's amount: ${DEAL_EXAMPLE.pipeline}.`);
    return { kind: 'deal', event, account, amountCents: amount?.cents ?? null, currency: amount?.currency ?? null, day: ctx.today };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'error', message: err.message, showHelp: false };
    throw err;
  }
}

/**
 * A word that may be part of an account's name at the end of a line: capitalised, and neither a
 * word the reader knows (activity, filler, count, currency) nor a typo of one ("Emials").
 */
function nameWord(word: string, m: Matcher): boolean {
  if (!/^\p{Lu}/u.test(word)) return false;
  const lower = word.toLowerCase();
  if (currencyCode(lower) || numberWord(lower) !== undefined || lower in SYNONYMS) return false;
  const canonical = canonicalWords(lower);
  if (canonical.length === 0 || canonical.every((w) => m.vocabulary.has(w))) return false;
  return m.correct(lower) === undefined;
}

/**
 * The account a line names, and the line without it: `@Acme` or `@ Acme Corp` at its end (any
 * case), or a run of capitalised words the reader does not know at its end, straight after the
 * activity, its count, amount or day ("demo self-led Acme", "closed won $12,500 Acme Corp").
 * After a filler word ("demo self-led for Acme") it is not one: that line stays the error it was.
 */
function accountTail(trimmed: string, ctx: ParseContext): { line: string; account: string } | undefined {
  let taken: { rest: string; note: string | null };
  let dated: { rest: string[]; dayWords: string[] };
  try {
    taken = takeNote(trimmed);
    const words = taken.rest
      .replace(/(\d),(?=\d{3}(?!\d))/g, `$1${GROUP}`)
      .split(/\s+/)
      .filter(Boolean);
    dated = takeDay(words, ctx);
  } catch {
    return undefined;
  }
  const rest = dated.rest;
  let at = rest.length - 1;
  while (at > 0 && !rest[at]!.startsWith('@')) at -= 1;
  let from = rest.length;
  if (at > 0) from = at;
  else {
    const m = matcherFor(ctx.catalogue);
    while (from > 1 && nameWord(rest[from - 1]!, m)) from -= 1;
    if (from === rest.length || SYNONYMS[rest[from - 1]!.toLowerCase()] === '') return undefined;
  }
  const account = rest.slice(from).join(' ').replace(/^@\s*/, '').replaceAll(GROUP, ',').trim();
  if (account === '' || account.length > MAX_ACCOUNT_CHARS) return undefined;
  const note = taken.note === null ? [] : [noteAsTyped(taken.note)];
  return { line: [...rest.slice(0, from), ...dated.dayWords, ...note].join(' ').replaceAll(GROUP, ','), account };
}

/** Letters, digits, spaces and hyphens: no note, amount, list, date or punctuation. */
const COMMON_LINE = /^[a-z0-9 -]+$/;
/** What readLine splits a list at, even inside a hyphenated word. */
const LIST_WORD = /\b(?:and|plus)\b/;

/**
 * Words readLine takes as a day or a count before it looks for an activity: a line with one
 * is left to it, even where an admin's alias has the word in it ("friday call").
 */
const NOT_ACTIVITY_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(RELATIVE_DAYS),
  ...Object.keys(WEEKDAYS),
  ...Object.keys(MONTHS),
  ...Object.keys(NUMBER_WORDS),
  ...['tomorrow', 'this', 'last', 'next'],
]);

/**
 * The line reps type most, one activity named exactly with at most one plain count ("calls
 * 30", "30 calls", "demo self-led"), read in one pass. Anything else, including every line
 * that would be an error, is left to readLine (undefined). Where this answers, it answers as
 * readLine does; a test holds the two to that.
 */
export function readCommonLine(lower: string, ctx: ParseContext): ParseResult | undefined {
  if (!COMMON_LINE.test(lower) || LIST_WORD.test(lower)) return undefined;
  let count: number | undefined;
  const words: string[] = [];
  for (const token of lower.split(' ')) {
    if (/^\d+$/.test(token)) {
      if (count !== undefined) return undefined;
      count = Number(token);
    } else if (/\d/.test(token) || NOT_ACTIVITY_WORDS.has(token)) {
      return undefined;
    } else {
      words.push(token);
    }
  }
  const m = matcherFor(ctx.catalogue);
  const exact = m.exactMatch(canonicalWords(words.join(' ')));
  if (exact.length !== 1) return undefined;
  const item = m.byKey.get(exact[0]!)!;
  // "calls calls" names the activity twice: readLine's to refuse. Checked only on a line with
  // a word twice (plurals aside), so the lines reps type most pay nothing for it.
  if (words.length > 1 && new Set(words.map(singular)).size < words.length) return undefined;
  count ??= 1;
  // A deal's number may be its amount, and a count out of bounds is an error: readLine's to say.
  if (item.takesAmount || count === 0 || count > ctx.maxCount) return undefined;
  return { kind: 'log', items: [{ activityKey: item.key, count, amountCents: null, currency: null }], day: ctx.today, note: null };
}

const singular = (w: string) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w);

/**
 * Reads any line: several activities, days, amounts, notes, an account, and the errors for what
 * it cannot read. A line is first read as it always was; only one that does not read is looked at
 * for an account at its end, so no line that logged before means anything else now, and a line
 * without an account costs nothing more.
 */
export function readLine(trimmed: string, ctx: ParseContext): ParseResult {
  const plain = read(trimmed, ctx, true);
  if (plain.kind !== 'error' || plain.suggestion !== undefined) return plain;
  const named = accountTail(trimmed, ctx);
  if (!named) return plain;
  const rest = read(named.line, ctx, true);
  if (rest.kind === 'log') return { ...rest, account: named.account };
  // The question's answer reads the whole line again, and comes back here with the account.
  if (rest.kind === 'ask') return rest;
  return plain;
}

/** readLine, offering the whole line corrected when `suggest` and every part it could not read has a correction. */
function read(trimmed: string, ctx: ParseContext, suggest: boolean): ParseResult {
  try {
    const { rest: withoutNote, note } = takeNote(trimmed);
    // "12,500" is one number (and plainly an amount on a deal); other commas separate activities.
    const unthousanded = withoutNote.replace(/(\d),(?=\d{3}(?!\d))/g, `$1${GROUP}`);
    const { rest, day, dayWords } = takeDay(unthousanded.split(/\s+/).filter(Boolean), ctx);
    const segments = rest
      .join(' ')
      .split(/\s*(?:[,;\n+&]|\band\b|\bplus\b)\s*/i)
      .map((s) => s.trim())
      .filter(Boolean);
    if (segments.length === 0) throw new ParseError(`I couldn't find an activity in ${quote(trimmed)}.`, true);
    const tooMany = 'That is more than 12 activities in one line. Split it into a few.';
    // Checked before reading them (a line of commas costs nothing) and after (a part may hold several).
    if (segments.length > 12) throw new ParseError(tooMany);
    const m = matcherFor(ctx.catalogue);
    const answers: Answers = { given: ctx.answers ?? '', next: 0 };
    const items: ParsedItem[] = [];
    const corrected: string[] = [];
    const wrong: ParseError[] = [];
    for (const s of segments) {
      const segment = s.replace(/^on\s+/i, '');
      const answered = answers.next;
      try {
        items.push(...parseItems(segment, ctx, m, answers));
        corrected.push(segment);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        // A segment that does not read took no answer: the next question is the next segment's.
        answers.next = answered;
        const fixed = suggest ? correctedSegment(segment, ctx, m) : undefined;
        if (fixed === undefined) throw wrong[0] ?? err;
        wrong.push(err);
        corrected.push(fixed);
      }
    }
    if (wrong.length > 0) {
      const day = dayWords.length > 0 ? ` ${dayWords.join(' ')}` : '';
      const line = `${corrected.join(', ')}${day}${note === null ? '' : ` ${noteAsTyped(note)}`}`.replaceAll(GROUP, ',');
      // Offered only when it logs as it reads (or asks its question as /log would): the button sends it back to be read again.
      const again = line.length <= MAX_LINE_CHARS ? read(line, ctx, false).kind : 'error';
      if (again !== 'log' && again !== 'ask') throw wrong[0]!;
      return { kind: 'error', message: wrong.map((e) => e.message).join(' '), showHelp: false, suggestion: line };
    }
    if (items.length > 12) throw new ParseError(tooMany);
    // Deals may repeat, each with its own amount ("closed won $25k, closed won $15k"); other activities add up.
    const keys = items.filter((i) => !m.byKey.get(i.activityKey)?.takesAmount).map((i) => i.activityKey);
    const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
    if (repeated) throw new ParseError(namedTwice(m.byKey.get(repeated)!));
    const deals = items.filter((i) => m.byKey.get(i.activityKey)?.takesAmount).reduce((sum, i) => sum + i.count, 0);
    if (deals > ctx.maxDealsPerLine) throw new ParseError(tooManyDeals(deals, ctx));
    return { kind: 'log', items, day, note };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'error', message: err.message, showHelp: err.showHelp };
    if (err instanceof Ask) return { kind: 'ask', question: err.question, answered: ctx.answers?.slice(0, err.at) ?? '' };
    throw err;
  }
}
