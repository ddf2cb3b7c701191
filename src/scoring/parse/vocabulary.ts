/**
 * The words the readers know: activity spellings and filler words, counts written as words,
 * weekdays, relative days and months, and the words that ask for help or an undo.
 */
import { WEEKDAYS as WEEKDAY_NAMES } from '../week.js';

/** Spellings folded into one canonical word before matching; `''` drops a filler word. */
export const SYNONYMS: Record<string, string> = {
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
export const NUMBER_WORDS: Record<string, number> = Object.fromEntries([
  ...UNITS.map((w, i) => [w, i + 1]),
  ...TEENS.map((w, i) => [w, i + 10]),
  ...TENS.flatMap((tens, t) => [[tens, 20 + 10 * t], ...UNITS.map((unit, u) => [`${tens}-${unit}`, 21 + 10 * t + u])]),
  ['dozen', 12],
]);

/** Short forms reps write beyond the first three letters that scoring/week.ts already reads. */
const WEEKDAY_SHORT_FORMS: Record<string, number> = { tues: 2, weds: 3, thur: 4, thurs: 4 };

/** Weekday names and their short forms, to ISO weekday numbers (Monday is 1). */
export const WEEKDAYS: Record<string, number> = {
  ...Object.fromEntries(
    WEEKDAY_NAMES.flatMap((name, i) => [
      [name.toLowerCase(), i + 1],
      [name.slice(0, 3).toLowerCase(), i + 1],
    ]),
  ),
  ...WEEKDAY_SHORT_FORMS,
};
/** Days named from today, to how many days from today they are. */
export const RELATIVE_DAYS: Record<string, number> = { today: 0, tod: 0, yesterday: -1, yday: -1, yest: -1 };

/** What asks a command for its help: `/log help`, `/points ?`. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['help', '?', '-h', '--help', 'h', 'commands', 'list', 'activities']);
/** What asks `/log` to take back the rep's last entry. */
export const UNDO_WORDS = new Set(['undo', 'undo last', 'oops', 'remove last', 'delete last']);

/** A phrase folded for reading: lower case, one spelling of the multi-word names, no punctuation. */
function folded(phrase: string): string[] {
  return (
    phrase
      .toLowerCase()
      .normalize('NFKC')
      .replace(/decision[\s_-]*makers?/g, ' dm ')
      .replace(/e-mail/g, 'email')
      // "w/" is "with"; a lone "w" or "x" is no word, and is named back to the rep.
      .replace(/\bw\//g, ' with ')
      .replace(/(self|mentor)[\s_-]+led/g, '$1led')
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
  );
}

/** A phrase as canonical words in order (hyphens, case and plurals folded, filler words dropped), repeats kept. */
export function canonicalStream(phrase: string): string[] {
  const words: string[] = [];
  for (const raw of folded(phrase)) {
    if (!raw) continue;
    const word = Object.hasOwn(SYNONYMS, raw) ? SYNONYMS[raw]! : raw;
    if (word) words.push(word);
  }
  return words;
}

/**
 * A phrase's words as spelled, a plural "s" and filler words aside: "phone call" says "call"
 * once where its canonical words say it twice, "calls calls" twice.
 */
export function spelledStream(phrase: string): string[] {
  const words: string[] = [];
  for (const raw of folded(phrase)) {
    if (!raw || SYNONYMS[raw] === '') continue;
    words.push(raw.length > 3 && raw.endsWith('s') ? raw.slice(0, -1) : raw);
  }
  return words;
}

/** Splits a phrase into its canonical words, each once, in order of first appearance. */
export function canonicalWords(phrase: string): string[] {
  const words = canonicalStream(phrase);
  // A Set, not `includes`: a long line of distinct words would make the check quadratic.
  return words.length < 2 ? words : [...new Set(words)];
}

/** Month names and their short forms, to month numbers (January is 1). */
export const MONTHS: Record<string, number> = {
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
