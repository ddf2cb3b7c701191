/** The `/log` line reader: a fast path for the common line, and the full reader behind it. */
import { isAmount, overCapMessage, readAmount, type AmountProblem } from '../amount.js';
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
  UNDO_WORDS,
  WEEKDAYS,
} from './vocabulary.js';
import { matchActivity, matcherFor, type Matcher } from './matcher.js';
import type { ParsedItem, ParseContext, ParseResult } from './types.js';

/** A count keeps its digits as typed: on a closed-won deal a plain number may be the amount, read exactly. */
type Token =
  { kind: 'word'; text: string } | { kind: 'count'; value: number; digits: string } | { kind: 'amount'; text: string; bare: boolean };

/** Reads one piece of a segment as a number, an amount or a word; refuses a bad number. */
function readToken(raw: string): Token {
  const lower = raw.toLowerCase();
  if (/^[$€£]/.test(lower) || /^\d+(?:\.\d+)?[km]$/.test(lower)) {
    if (!isAmount(lower)) throw new ParseError(`I couldn't read the amount ${quote(raw)}. Write it like \`$12,500\` or \`12.5k\`.`);
    return { kind: 'amount', text: lower, bare: false };
  }
  if (/^-\d/.test(raw)) throw new ParseError(`A count can't be negative (${quote(raw)}). To take back an entry, use \`/log undo\`.`);
  const count = /^(?:x|×)?(\d+)(?:x|×)?$/.exec(raw);
  if (count) return { kind: 'count', value: Number(count[1]), digits: count[1]! };
  if (/^\d+\.\d+$/.test(raw)) return { kind: 'amount', text: raw, bare: true };
  const word = numberWord(lower);
  if (word !== undefined) return { kind: 'count', value: word, digits: String(word) };
  return { kind: 'word', text: raw };
}

/** Parses one comma-separated piece ("30 calls", "closed won $12k") into an item. */
function parseSegment(segment: string, ctx: ParseContext, m: Matcher): ParsedItem {
  const pieces = segment.split(/\s+/).filter(Boolean);
  const tokens = pieces.map((raw) => readToken(raw));
  const words = tokens.flatMap((t) => (t.kind === 'word' ? [t.text] : []));
  let item: CatalogueItem;
  try {
    item = matchActivity(words, segment, m);
  } catch (err) {
    if (!(err instanceof SuggestionError)) throw err;
    // The segment as meant: its words replaced by the activity's name, its numbers kept in place.
    const firstWord = tokens.findIndex((t) => t.kind === 'word');
    const meant = pieces.flatMap((p, i) => (i === firstWord ? [err.meant.shorthand] : tokens[i]!.kind === 'word' ? [] : [p]));
    throw new SegmentSuggestion(err.message, segment, meant.join(' '));
  }
  const twice = m.saidTooOften(item.key, spelledStream(words.join(' ')));
  if (twice !== undefined) {
    const alone = m.exactMatch(canonicalWords(twice));
    throw new ParseError(
      alone.length === 1 && alone[0] === item.key
        ? namedTwice(item)
        : `${quote(twice)} appears twice in ${quote(segment)}. Write each activity once, with its count.`,
    );
  }
  const firstWord = tokens.findIndex((t) => t.kind === 'word');
  let count: number | undefined;
  let amountCents: number | null = null;
  tokens.forEach((t, i) => {
    if (t.kind === 'word') return;
    // On a closed-won deal a plain number after the words is the deal's amount: "closed won 12000".
    const asAmount = t.kind === 'amount' || (item.takesAmount && i > firstWord && t.value >= 100);
    if (asAmount) {
      if (!item.takesAmount) {
        throw new ParseError(
          t.kind === 'amount' && t.bare
            ? `A count must be a whole number (${quote(segment)}).`
            : `Only a closed-won deal takes an amount; ${quote(segment)} has one.`,
        );
      }
      if (amountCents !== null) throw new ParseError(`${quote(segment)} has two amounts. Give one per deal.`);
      const reading = readAmount(t.kind === 'amount' ? t.text : t.digits, ctx.maxDealAmount);
      if (!reading.ok) throw new ParseError(amountRefusal(reading.problem, segment, ctx.maxDealAmount));
      amountCents = reading.cents;
      return;
    }
    if (count !== undefined) throw new ParseError(`${quote(segment)} has two counts. Write one number per activity.`);
    count = t.value;
  });
  count ??= 1;
  if (count === 0) throw new ParseError(`A count of zero logs nothing (${quote(segment)}).`);
  if (count > ctx.maxCount) {
    throw new ParseError(
      `${count} ${item.shorthand} in one go is more than the ${ctx.maxCount} allowed per line. If that's real, log it in parts.`,
    );
  }
  return { activityKey: item.key, count, amountCents };
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
      parseItems(text, ctx, m);
      return text === segment ? undefined : text;
    } catch (err) {
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
function parseItems(segment: string, ctx: ParseContext, m: Matcher): ParsedItem[] {
  try {
    return [parseSegment(segment, ctx, m)];
  } catch (err) {
    const parts = err instanceof ParseError ? splitAtCounts(segment) : undefined;
    if (!parts) throw err;
    return parts.map((part) => parseSegment(part, ctx, m));
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
  return readCommonLine(lower, ctx) ?? readLine(trimmed, ctx);
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
  return { kind: 'log', items: [{ activityKey: item.key, count, amountCents: null }], day: ctx.today, note: null };
}

const singular = (w: string) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w);

/** Reads any line: several activities, days, amounts, notes, and the errors for what it cannot read. */
export function readLine(trimmed: string, ctx: ParseContext): ParseResult {
  return read(trimmed, ctx, true);
}

/** readLine, offering the whole line corrected when `suggest` and every part it could not read has a correction. */
function read(trimmed: string, ctx: ParseContext, suggest: boolean): ParseResult {
  try {
    const { rest: withoutNote, note } = takeNote(trimmed);
    // "12,500" is one number; other commas separate activities.
    const unthousanded = withoutNote.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
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
    const items: ParsedItem[] = [];
    const corrected: string[] = [];
    const wrong: ParseError[] = [];
    for (const s of segments) {
      const segment = s.replace(/^on\s+/i, '');
      try {
        items.push(...parseItems(segment, ctx, m));
        corrected.push(segment);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        const fixed = suggest ? correctedSegment(segment, ctx, m) : undefined;
        if (fixed === undefined) throw wrong[0] ?? err;
        wrong.push(err);
        corrected.push(fixed);
      }
    }
    if (wrong.length > 0) {
      const day = dayWords.length > 0 ? ` ${dayWords.join(' ')}` : '';
      const line = `${corrected.join(', ')}${day}${note === null ? '' : ` ${noteAsTyped(note)}`}`;
      // Offered only when it logs as it reads: the button sends it back to be read again.
      const reads = line.length <= MAX_LINE_CHARS && read(line, ctx, false).kind === 'log';
      if (!reads) throw wrong[0]!;
      return { kind: 'error', message: wrong.map((e) => e.message).join(' '), showHelp: false, suggestion: line };
    }
    if (items.length > 12) throw new ParseError(tooMany);
    const keys = items.map((i) => i.activityKey);
    const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
    if (repeated) throw new ParseError(namedTwice(m.byKey.get(repeated)!));
    return { kind: 'log', items, day, note };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'error', message: err.message, showHelp: err.showHelp };
    throw err;
  }
}
