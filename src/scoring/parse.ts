import { isAmount, overCapMessage, readAmount, type AmountProblem } from './amount.js';
import { catalogueByKey, type CatalogueItem } from './catalogue.js';
import { quote } from '../views/format.js';
import { addDays, calendarDate, isValidDay, isoWeekday, type LocalDay, shortDay, weekStartOf } from './week.js';

/** One activity a line asks to record. */
export interface ParsedItem {
  activityKey: string;
  count: number;
  amountCents: number | null;
}

export type ParseResult =
  | { kind: 'form' }
  | { kind: 'help' }
  | { kind: 'undo' }
  | { kind: 'log'; items: ParsedItem[]; day: LocalDay; note: string | null }
  | { kind: 'error'; message: string; showHelp: boolean };

export interface ParseContext {
  catalogue: CatalogueItem[];
  /** The rep's local day now. */
  today: LocalDay;
  /** Days before the current week a rep may still log for. */
  backdateDays: number;
  /** The largest count one activity may have in one line. */
  maxCount: number;
  /** The largest deal amount one entry may carry, in major units (10,000,000 is ten million). */
  maxDealAmount: number;
}

/** Spellings folded into one canonical word before matching; `''` drops a filler word. */
const SYNONYMS: Record<string, string> = {
  calls: 'call',
  dial: 'call',
  dials: 'call',
  dialed: 'call',
  dialled: 'call',
  phone: 'call',
  phoned: 'call',
  called: 'call',
  calling: 'call',
  cc: 'call',
  emails: 'email',
  mail: 'email',
  mails: 'email',
  emailed: 'email',
  emailing: 'email',
  em: 'email',
  convo: 'convo',
  convos: 'convo',
  conversation: 'convo',
  conversations: 'convo',
  conv: 'convo',
  talk: 'convo',
  talked: 'convo',
  spoke: 'convo',
  chat: 'convo',
  chats: 'convo',
  dm: 'dm',
  dms: 'dm',
  connect: 'connect',
  connects: 'connect',
  connection: 'connect',
  connections: 'connect',
  connected: 'connect',
  linkedin: 'linkedin',
  li: 'linkedin',
  social: 'linkedin',
  meeting: 'meeting',
  meetings: 'meeting',
  mtg: 'meeting',
  mtgs: 'meeting',
  appointment: 'meeting',
  appt: 'meeting',
  booked: 'booked',
  book: 'booked',
  set: 'booked',
  scheduled: 'booked',
  discovery: 'discovery',
  disco: 'discovery',
  discos: 'discovery',
  discoveries: 'discovery',
  demo: 'demo',
  demos: 'demo',
  demoed: 'demo',
  self: 'self',
  selfled: 'self',
  solo: 'self',
  mentor: 'mentor',
  mentorled: 'mentor',
  mentored: 'mentor',
  shadow: 'shadow',
  shadowed: 'shadow',
  shadowing: 'shadow',
  shadows: 'shadow',
  peer: 'shadow',
  closed: 'won',
  close: 'won',
  won: 'won',
  win: 'won',
  closedwon: 'won',
  cw: 'won',
  deal: 'won',
  deals: 'won',
  led: '',
  a: '',
  an: '',
  the: '',
  with: '',
  to: '',
  for: '',
  of: '',
  my: '',
  i: '',
  did: '',
  had: '',
  made: '',
  outbound: '',
  cold: '',
  new: '',
  just: '',
  or: '',
  on: '',
  x: '',
  w: '',
  prospect: '',
  prospects: '',
  leads: '',
  pts: '',
  points: '',
};

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Counts written as words, one to ninety-nine ("twenty-five" with its hyphen), and a dozen. */
const NUMBER_WORDS: Record<string, number> = Object.fromEntries([
  ...UNITS.map((w, i) => [w, i + 1]),
  ...TEENS.map((w, i) => [w, i + 10]),
  ...TENS.flatMap((tens, t) => [[tens, 20 + 10 * t], ...UNITS.map((unit, u) => [`${tens}-${unit}`, 21 + 10 * t + u])]),
  ['dozen', 12],
]);

const WEEKDAYS: Record<string, number> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};
const RELATIVE_DAYS: Record<string, number> = { today: 0, tod: 0, yesterday: -1, yday: -1, yest: -1 };

/** What asks a command for its help: `/log help`, `/points ?`. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['help', '?', '-h', '--help', 'h', 'commands', 'list', 'activities']);
const UNDO_WORDS = new Set(['undo', 'undo last', 'oops', 'remove last', 'delete last']);

/** A phrase as canonical words in order (hyphens, case and plurals folded, filler words dropped), repeats kept. */
function canonicalStream(phrase: string): string[] {
  const folded = phrase
    .toLowerCase()
    .normalize('NFKC')
    .replace(/decision[\s_-]*makers?/g, ' dm ')
    .replace(/e-mail/g, 'email')
    .replace(/(self|mentor)[\s_-]+led/g, '$1led')
    .replace(/[^a-z0-9]+/g, ' ');
  const words: string[] = [];
  for (const raw of folded.split(' ')) {
    if (!raw) continue;
    const word = Object.hasOwn(SYNONYMS, raw) ? SYNONYMS[raw]! : raw;
    if (word) words.push(word);
  }
  return words;
}

/** Splits a phrase into its canonical words, each once, in order of first appearance. */
function canonicalWords(phrase: string): string[] {
  const words = canonicalStream(phrase);
  // A Set, not `includes`: a long line of distinct words would make the check quadratic.
  return words.length < 2 ? words : [...new Set(words)];
}

const keyOf = (words: string[]): string => [...words].sort().join(' ');

/** Lookup structures built once per catalogue. */
class Matcher {
  private readonly exact = new Map<string, Set<string>>();
  private readonly sets: Array<{ words: Set<string>; key: string }> = [];
  readonly vocabulary = new Set<string>();
  /** The canonical words the catalogue's phrases are made of. */
  readonly phraseWords = new Set<string>();
  /** The most canonical words one phrase has: more distinct words than this name no activity. */
  readonly longestPhrase: number = 0;
  readonly byKey: ReadonlyMap<string, CatalogueItem>;

  constructor(catalogue: CatalogueItem[]) {
    this.byKey = catalogueByKey(catalogue);
    for (const item of catalogue) {
      for (const phrase of [item.shorthand, item.label, item.key.replace(/_/g, ' '), ...item.aliases]) {
        const words = canonicalWords(phrase);
        if (words.length === 0) continue;
        const k = keyOf(words);
        const keys = this.exact.get(k) ?? new Set<string>();
        keys.add(item.key);
        this.exact.set(k, keys);
        this.sets.push({ words: new Set(words), key: item.key });
        this.longestPhrase = Math.max(this.longestPhrase, words.length);
        for (const w of words) {
          this.vocabulary.add(w);
          this.phraseWords.add(w);
        }
      }
    }
    for (const [spelling, word] of Object.entries(SYNONYMS)) if (word) this.vocabulary.add(spelling);
  }

  exactMatch(words: string[]): string[] {
    if (words.length > this.longestPhrase) return [];
    return [...(this.exact.get(keyOf(words)) ?? [])];
  }

  /** Activities one of whose phrases contains every word given: what a partial phrase could mean. */
  widerMatches(words: string[]): string[] {
    const found = new Set<string>();
    for (const s of this.sets) if (words.every((w) => s.words.has(w))) found.add(s.key);
    return [...found];
  }

  /** The closest known word within a typo's reach, when exactly one is closest. */
  correct(word: string): string | undefined {
    const reach = word.length <= 2 ? 0 : word.length <= 5 ? 1 : 2;
    let best: string[] = [];
    let bestDistance = reach + 1;
    for (const known of this.vocabulary) {
      const d = editDistance(word, known, bestDistance);
      if (d < bestDistance) {
        best = [known];
        bestDistance = d;
      } else if (d === bestDistance && d <= reach) {
        best.push(known);
      }
    }
    const canonical = new Set(best.map((b) => (Object.hasOwn(SYNONYMS, b) ? SYNONYMS[b]! : b)));
    return canonical.size === 1 ? [...canonical][0] : undefined;
  }
}

/** Optimal-string-alignment distance (a swap of neighbours counts once), stopping past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

const matchers = new WeakMap<CatalogueItem[], Matcher>();
function matcherFor(catalogue: CatalogueItem[]): Matcher {
  let m = matchers.get(catalogue);
  if (!m) {
    m = new Matcher(catalogue);
    matchers.set(catalogue, m);
  }
  return m;
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly showHelp = false,
  ) {
    super(message);
  }
}

const describe = (item: CatalogueItem) => `*${item.shorthand}* (${item.points} ${item.points === 1 ? 'pt' : 'pts'})`;

function listOr(items: CatalogueItem[]): string {
  const parts = items.map(describe);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

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

/** Finds the one activity a list of words names, or explains why it can't. */
function matchActivity(words: string[], original: string, m: Matcher): CatalogueItem {
  const canonical = canonicalWords(words.join(' '));
  if (canonical.length === 0) throw new ParseError(`I couldn't find an activity in ${quote(original)}.`, true);
  const exact = m.exactMatch(canonical);
  if (exact.length === 1) return m.byKey.get(exact[0]!)!;
  if (exact.length > 1) {
    throw new ParseError(`${quote(original)} could be ${listOr(exact.map((k) => m.byKey.get(k)!))}. Which one?`);
  }
  const wider = m.widerMatches(canonical);
  if (wider.length > 0) {
    const options = wider.map((k) => m.byKey.get(k)!);
    throw new ParseError(
      options.length === 1
        ? `Did you mean ${describe(options[0]!)}? Try \`/log ${options[0]!.shorthand}\`.`
        : `Which one did you mean by ${quote(original)}: ${listOr(options)}?`,
    );
  }
  const fixed = correctedWords(canonical, m);
  if (fixed) {
    const guess = m.exactMatch(fixed);
    const options = (guess.length > 0 ? guess : m.widerMatches(fixed)).map((k) => m.byKey.get(k)!);
    if (options.length === 1) {
      throw new ParseError(
        `I don't know ${quote(original)}. Did you mean ${describe(options[0]!)}? Try \`/log ${options[0]!.shorthand}\`.`,
      );
    }
    if (options.length > 1) throw new ParseError(`I don't know ${quote(original)}. Did you mean ${listOr(options)}?`);
  }
  const named = activityBesideOtherWords(words, m);
  if (named) {
    throw new ParseError(
      `I read ${describe(named)} in ${quote(original)}, but not the rest. A note goes in quotes: \`/log demo self-led "Acme kickoff"\`.`,
    );
  }
  throw new ParseError(`I don't know the activity ${quote(original)}.`, true);
}

/**
 * The words with their typos corrected, when at least one was corrected and the result could
 * still name an activity; otherwise undefined. Stops at the first word that cannot (a word no
 * phrase has, or more distinct words than any phrase), so a long line costs no more than the
 * corrections of its first few words.
 */
function correctedWords(canonical: string[], m: Matcher): string[] | undefined {
  const distinct = new Set<string>();
  let changed = false;
  for (const word of canonical) {
    const fixed = m.vocabulary.has(word) ? word : m.correct(word);
    if (fixed === undefined || !m.phraseWords.has(fixed)) return undefined;
    changed ||= fixed !== word;
    distinct.add(fixed);
    if (distinct.size > m.longestPhrase) return undefined;
  }
  return changed ? canonicalWords([...distinct].join(' ')) : undefined;
}

/** Stands for each further word "decision maker" takes, so that every word keeps its place. */
const DM_MORE = '\u0002';

/**
 * The one activity a segment's first (or last) words name when the others name none: often a
 * note without its quotes. The longest such run of words wins, the first words on a tie.
 */
function activityBesideOtherWords(words: string[], m: Matcher): CatalogueItem | undefined {
  // Each word on its own, except "decision maker" over two words: "dm", as canonicalWords
  // reads it, with a run that ends between the two naming nothing.
  const raw = words
    .join(' ')
    .toLowerCase()
    .normalize('NFKC')
    .replaceAll(DM_MORE, '-')
    .replace(/decision[\s_-]*makers?/g, (phrase) => `-dm-${phrase.replace(/\S+/g, '').replace(/\s/g, ` ${DM_MORE}`)}`)
    .split(/\s+/);
  const n = raw.length;
  const first = longestNamingRun(n, m, (k) => ({ words: canonicalStream(raw[k]!), canEnd: !raw[k + 1]?.startsWith(DM_MORE) }));
  const last = longestNamingRun(n, m, (k) => ({ words: canonicalStream(raw[n - 1 - k]!), canEnd: !raw[n - 1 - k]!.startsWith(DM_MORE) }));
  return first.length >= last.length ? first.item : last.item;
}

/**
 * The activity named exactly by the longest run of the first of `count` words, short of all of
 * them (`word(k)`: the k-th word's canonical words, and whether a run may end there). One pass
 * that reads only as far as it must: a run only gains words, so once it holds a word no phrase
 * has, or more distinct words than the longest phrase, no longer run can name one.
 */
function longestNamingRun(
  count: number,
  m: Matcher,
  word: (k: number) => { words: string[]; canEnd: boolean },
): { length: number; item?: CatalogueItem } {
  const seen = new Set<string>();
  let best: { length: number; item?: CatalogueItem } = { length: 0 };
  for (let i = 0; i < count - 1; i++) {
    const { words, canEnd } = word(i);
    for (const w of words) {
      if (!m.phraseWords.has(w)) return best;
      seen.add(w);
    }
    if (seen.size > m.longestPhrase) return best;
    if (!canEnd || seen.size === 0) continue;
    const exact = m.exactMatch([...seen]);
    if (exact.length === 1) best = { length: i + 1, item: m.byKey.get(exact[0]!) };
  }
  return best;
}

/** Parses one comma-separated piece ("30 calls", "closed won $12k") into an item. */
function parseSegment(segment: string, ctx: ParseContext, m: Matcher): ParsedItem {
  const tokens = segment
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => readToken(raw));
  const words = tokens.flatMap((t) => (t.kind === 'word' ? [t.text] : []));
  const item = matchActivity(words, segment, m);
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

/** Why `/log` refuses a deal's amount, naming the cap when it is over it. */
function amountRefusal(problem: AmountProblem, segment: string, maxDealAmount: number): string {
  if (problem === 'over_cap') return `${overCapMessage(maxDealAmount)} ${quote(segment)} is more; check the number.`;
  if (problem === 'sub_cent') return `${quote(segment)} goes past the cent. Give the amount to the cent, like \`$12,500.10\`.`;
  return `I couldn't read the amount in ${quote(segment)}. Write it like \`$12,500\` or \`12.5k\`.`;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

/** A month's number from its name or short name ("nov", "November"), if the word is one. */
export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  return Object.hasOwn(MONTHS, w) ? MONTHS[w] : undefined;
}

/** A count written as a word ("two", "twenty-five", "a dozen" without its "a"), if the word is one. */
export function numberWord(word: string): number | undefined {
  const w = word.toLowerCase();
  return Object.hasOwn(NUMBER_WORDS, w) ? NUMBER_WORDS[w] : undefined;
}

/** A word as the day reader sees it: lower case, without a trailing full stop or comma. */
const dayWord = (raw: string | undefined): string => (raw ?? '').toLowerCase().replace(/[.,]$/, '');

/** "19" or "19th" as a day of the month. */
function dayOfMonth(word: string): number | undefined {
  const m = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(word);
  return m && Number(m[1]) >= 1 && Number(m[1]) <= 31 ? Number(m[1]) : undefined;
}

/** The day a month and day of the month name, in `year`; without one, this year's or, when that is still to come, last year's. */
function calendarDay(month: number, day: number, year: number | undefined, phrase: string, ctx: ParseContext): LocalDay {
  const on = (y: number) => calendarDate(y, month, day);
  const thisYear = Number(ctx.today.slice(0, 4));
  const candidate = on(year ?? thisYear);
  if (!isValidDay(candidate)) throw new ParseError(`${quote(phrase)} isn't a real date. Use YYYY-MM-DD, like \`${ctx.today}\`.`);
  if (year !== undefined || candidate <= ctx.today) return candidate;
  // Still to come this year: last year's, if that one can be logged ("dec 30" on 2 January).
  const lastYear = on(thisYear - 1);
  return dayProblem(lastYear, ctx) ? candidate : lastYear;
}

/**
 * Reads a day phrase starting at `words[i]`: how many words it takes and the day it names, or
 * nothing when the words there are not a day. Refuses a phrase it cannot pin to one day.
 */
function readDay(words: string[], i: number, ctx: ParseContext): { length: number; day: LocalDay | null } | undefined {
  const w = dayWord(words[i]);
  if (Object.hasOwn(RELATIVE_DAYS, w)) return { length: 1, day: addDays(ctx.today, RELATIVE_DAYS[w]!) };
  if (w === 'tomorrow') throw new ParseError("Tomorrow hasn't happened yet. Log activities once they're done.");
  if (Object.hasOwn(WEEKDAYS, w)) {
    // A bare weekday is the latest one up to today.
    return { length: 1, day: addDays(ctx.today, -((isoWeekday(ctx.today) - WEEKDAYS[w]! + 7) % 7)) };
  }
  if (w === 'this' || w === 'last' || w === 'next') return relativeWeekDay(w, dayWord(words[i + 1]), ctx);
  if (/^\d{4}-\d{2}-\d{2}$/.test(w)) {
    if (!isValidDay(w)) throw new ParseError(`${quote(w)} isn't a real date. Use YYYY-MM-DD, like \`${ctx.today}\`.`);
    return { length: 1, day: w };
  }
  if (/^\d{1,2}\/\d{1,2}(?:\/\d{2,4})?$/.test(w)) {
    throw new ParseError(`I can't tell which day ${quote(w)} is. Write the date as YYYY-MM-DD, like \`${ctx.today}\`.`);
  }
  // "nov 19", "november 19th 2026", "19 nov", "19 november 2026". Most words stop here.
  const monthFirst = monthNumber(w) !== undefined;
  if (!monthFirst && dayOfMonth(w) === undefined) return undefined;
  const next = dayWord(words[i + 1]);
  const month = monthNumber(monthFirst ? w : next);
  const date = dayOfMonth(monthFirst ? next : w);
  if (month === undefined || date === undefined) return undefined;
  const after = dayWord(words[i + 2]);
  // "calls 2 nov 19": the 2nd or the 19th? Ask (unless a comma ends the date: "2 nov, 19 calls").
  if (!monthFirst && dayOfMonth(after) !== undefined && !words[i + 1]!.endsWith(',')) {
    throw new ParseError(
      `I can't tell which day ${quote(words.slice(i, i + 3).join(' '))} is. Write the date as YYYY-MM-DD, like \`${ctx.today}\`.`,
    );
  }
  const year = /^\d{4}$/.test(after) ? Number(after) : undefined;
  const length = year === undefined ? 2 : 3;
  return { length, day: calendarDay(month, date, year, words.slice(i, i + length).join(' '), ctx) };
}

/** "this monday", "last friday", "next friday", "this week", "last week": the day they name, or nothing when `next` is no weekday. */
function relativeWeekDay(
  w: 'this' | 'last' | 'next',
  next: string,
  ctx: ParseContext,
): { length: number; day: LocalDay | null } | undefined {
  if (!Object.hasOwn(WEEKDAYS, next) && next !== 'week') return undefined;
  const phrase = `${w} ${next}`;
  const monday = weekStartOf(ctx.today);
  if (w === 'next') throw new ParseError(`${quote(phrase)} hasn't happened yet. Log activities once they're done.`);
  if (next === 'week') {
    if (w === 'this') return { length: 2, day: null };
    throw new ParseError(`Which day last week? Give its date, like \`${addDays(monday, -3)}\` for last Friday.`);
  }
  const inThisWeek = addDays(monday, WEEKDAYS[next]! - 1);
  if (w === 'this') return { length: 2, day: inThisWeek };
  const inLastWeek = addDays(inThisWeek, -7);
  // Earlier this week, "last friday" could mean either week's: ask rather than guess.
  if (inThisWeek < ctx.today) {
    throw new ParseError(
      `${quote(phrase)} could be ${shortDay(inThisWeek)} or ${shortDay(inLastWeek)}. Write \`${next}\` for ${shortDay(inThisWeek)}, or the date \`${inLastWeek}\`.`,
    );
  }
  return { length: 2, day: inLastWeek };
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
function takeDay(words: string[], ctx: ParseContext): { rest: string[]; day: LocalDay } {
  const days = new Set<LocalDay>();
  const rest: string[] = [];
  for (let i = 0; i < words.length;) {
    const found = readDay(words, i, ctx);
    if (!found) {
      rest.push(words[i]!);
      i += 1;
      continue;
    }
    if (found.day !== null) days.add(found.day);
    i += found.length;
    // "30 calls yesterday, 5 emails": the comma still separates the activities.
    if (words[i - 1]!.endsWith(',')) rest.push(',');
  }
  if (days.size > 1) throw new ParseError('One line can only be for one day. Log each day on its own line.');
  const day = [...days][0] ?? ctx.today;
  const problem = dayProblem(day, ctx);
  if (problem) throw new ParseError(problem);
  return { rest, day };
}

/** The earliest day a rep may log for: the current week's Monday or `backdateDays` ago, whichever is earlier. */
export function earliestDay(ctx: Pick<ParseContext, 'today' | 'backdateDays'>): LocalDay {
  return [weekStartOf(ctx.today), addDays(ctx.today, -ctx.backdateDays)].sort()[0]!;
}

/** Why a day cannot be logged for (in the future or too far back), or undefined when it can. */
export function dayProblem(day: LocalDay, ctx: Pick<ParseContext, 'today' | 'backdateDays'>): string | undefined {
  // Today is always inside the window; only other days need the week arithmetic.
  if (day === ctx.today) return undefined;
  if (day > ctx.today) return `${shortDay(day)} hasn't happened yet. Log activities once they're done.`;
  const earliest = earliestDay(ctx);
  if (day < earliest) {
    return `${shortDay(day)} is too far back: you can log this week and up to ${ctx.backdateDays} days before today (from ${shortDay(earliest)}).`;
  }
  return undefined;
}

/** What the `/log` form sends, as text straight from Slack's inputs. */
export interface LogFormInput {
  activityKey: string | null | undefined;
  count: string | null | undefined;
  day: string | null | undefined;
  amount: string | null | undefined;
  note: string | null | undefined;
}

export type LogFormResult =
  { ok: true; item: ParsedItem; day: LocalDay; note: string | null } | { ok: false; errors: Partial<Record<keyof LogFormInput, string>> };

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
  const amountText = (input.amount ?? '').trim();
  if (amountText !== '') {
    if (item && !item.takesAmount) errors.amount = `Only a closed-won deal takes an amount; leave this empty for ${item.shorthand}.`;
    else {
      const reading = readAmount(amountText, ctx.maxDealAmount);
      if (reading.ok) amountCents = reading.cents;
      else errors.amount = FORM_AMOUNT_REFUSALS[reading.problem](ctx.maxDealAmount);
    }
  }
  if (!item || Object.keys(errors).length > 0) return { ok: false, errors };
  const note = (input.note ?? '').trim().slice(0, 500) || null;
  return { ok: true, item: { activityKey: item.key, count, amountCents }, day, note };
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
  count ??= 1;
  // A deal's number may be its amount, and a count out of bounds is an error: readLine's to say.
  if (item.takesAmount || count === 0 || count > ctx.maxCount) return undefined;
  return { kind: 'log', items: [{ activityKey: item.key, count, amountCents: null }], day: ctx.today, note: null };
}

/** Reads any line: several activities, days, amounts, notes, and the errors for what it cannot read. */
export function readLine(trimmed: string, ctx: ParseContext): ParseResult {
  try {
    let note: string | null = null;
    const withoutNote = trimmed.replace(/["“”]([^"“”]*)["“”]|\bnote:\s*(.*)$/i, (_, quoted?: string, tail?: string) => {
      note = (quoted ?? tail ?? '').trim().slice(0, 500) || null;
      return ' ';
    });
    if (/["“”]/.test(withoutNote)) throw new ParseError('A note needs a closing quote: `/log demo self-led "Acme kickoff"`.');
    // "12,500" is one number; other commas separate activities.
    const unthousanded = withoutNote.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
    const { rest, day } = takeDay(unthousanded.split(/\s+/).filter(Boolean), ctx);
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
    const items = segments.flatMap((s) => parseItems(s.replace(/^on\s+/i, ''), ctx, m));
    if (items.length > 12) throw new ParseError(tooMany);
    const keys = items.map((i) => i.activityKey);
    const repeated = keys.find((k, i) => keys.indexOf(k) !== i);
    if (repeated) {
      throw new ParseError(`${m.byKey.get(repeated)!.shorthand} appears twice in that line. Add the counts up and log it once.`);
    }
    return { kind: 'log', items, day, note };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'error', message: err.message, showHelp: err.showHelp };
    throw err;
  }
}
