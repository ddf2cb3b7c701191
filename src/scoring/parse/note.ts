/** The note on a `/log` line: whatever follows `note:`, or what sits between quotes of any kind. */
import { ParseError } from './error.js';

/** The longest note a line may carry, in characters; a longer one is refused, never cut. */
export const MAX_NOTE_CHARS = 500;

/** Double quotation marks: one closes a note opened with any other of them. */
const DOUBLE = new Set(['"', '“', '”', '„', '‟', '«', '»', '＂', '〝', '〞', '「', '」', '『', '』']);
/** Single quotation marks, which are also apostrophes inside a word ("Acme's", "Acme’s"). */
const SINGLE = new Set(["'", '‘', '’', '‚', '‛', '‹', '›', '＇']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

const isWordChar = (ch: string | undefined) => ch !== undefined && LETTER_OR_DIGIT.test(ch);

/**
 * Takes the note out of a line, in one pass: the text left (the note replaced by a space) and
 * the note, or null. A single quote opens a note only at the start of a word and closes it only
 * at the end of one, so an apostrophe inside a word is neither. Refuses an unclosed quote, a
 * second note, and a note over MAX_NOTE_CHARS, saying how long it is.
 */
export function takeNote(line: string): { rest: string; note: string | null } {
  let rest = '';
  let note: string | undefined;
  const found = (text: string) => {
    if (note !== undefined) throw new ParseError('A line takes one note. Put it all in one pair of quotes.');
    note = text;
  };
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if ((ch === 'n' || ch === 'N') && !isWordChar(line[i - 1]) && /^note:/i.test(line.slice(i, i + 5))) {
      found(unquoted(line.slice(i + 5).trim()));
      rest += ' ';
      break;
    }
    const family = DOUBLE.has(ch) ? DOUBLE : SINGLE.has(ch) && !isWordChar(line[i - 1]) ? SINGLE : undefined;
    if (!family) {
      rest += ch;
      i += 1;
      continue;
    }
    const close = closingQuote(line, i + 1, family);
    if (close < 0) throw new ParseError('A note needs a closing quote: `/log demo self-led "Acme kickoff"`.');
    found(line.slice(i + 1, close));
    rest += ' ';
    i = close + 1;
  }
  const text = (note ?? '').trim();
  const length = [...text].length;
  if (length > MAX_NOTE_CHARS) {
    throw new ParseError(`That note is ${length} characters; a note can be up to ${MAX_NOTE_CHARS}. Shorten it and log again.`);
  }
  return { rest, note: text || null };
}

/** Where the quote opened just before `from` closes, or -1. */
function closingQuote(line: string, from: number, family: ReadonlySet<string>): number {
  for (let j = from; j < line.length; j++) {
    if (family.has(line[j]!) && (family === DOUBLE || !isWordChar(line[j + 1]))) return j;
  }
  return -1;
}

/** `note: "Acme kickoff"` is the note `Acme kickoff`: quotes around the whole of it are not part of it. */
function unquoted(tail: string): string {
  const [first, last] = [tail[0], tail.at(-1)];
  if (tail.length < 2 || first === undefined || last === undefined) return tail;
  for (const family of [DOUBLE, SINGLE]) {
    if (family.has(first) && family.has(last) && closingQuote(tail, 1, family) === tail.length - 1) return tail.slice(1, -1);
  }
  return tail;
}

/** A note written back into a line so that the line reads it again as this note. */
export function noteAsTyped(note: string): string {
  return [...note].some((ch) => DOUBLE.has(ch)) ? `note: ${note}` : `"${note}"`;
}
