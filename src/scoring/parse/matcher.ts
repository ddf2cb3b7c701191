/**
 * The fuzzy matcher: which catalogue activity a run of words names, exactly, partly or with a
 * typo, and the answer that explains why when it names none or several.
 */
import type { CatalogueItem } from '../catalogue.js';
import { catalogueByKey } from '../catalogue.js';
import { quote } from '../../mrkdwn.js';
import { ParseError, SuggestionError } from './error.js';
import { canonicalStream, canonicalWords, spelledStream, SYNONYMS } from './vocabulary.js';

const keyOf = (words: string[]): string => [...words].sort().join(' ');

function tally(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** Lookup structures built once per catalogue. */
export class Matcher {
  private readonly exact = new Map<string, Set<string>>();
  private readonly sets: Array<{ words: Set<string>; key: string }> = [];
  readonly vocabulary = new Set<string>();
  /** The canonical words the catalogue's phrases are made of. */
  readonly phraseWords = new Set<string>();
  /** The most canonical words one phrase has: more distinct words than this name no activity. */
  readonly longestPhrase: number = 0;
  readonly byKey: ReadonlyMap<string, CatalogueItem>;
  /**
   * Per activity, how often one of its phrases spells each word (spelledStream): a segment
   * spelling one more often names the activity twice ("calls calls", "demo demo self-led").
   */
  private readonly said = new Map<string, Map<string, number>>();

  constructor(catalogue: CatalogueItem[]) {
    this.byKey = catalogueByKey(catalogue);
    for (const item of catalogue) {
      for (const phrase of [item.shorthand, item.label, item.key.replace(/_/g, ' '), ...item.aliases]) {
        const words = canonicalWords(phrase);
        if (words.length === 0) continue;
        const said = this.said.get(item.key) ?? new Map<string, number>();
        for (const [w, times] of tally(spelledStream(phrase))) said.set(w, Math.max(said.get(w) ?? 0, times));
        this.said.set(item.key, said);
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

  /** The first word a spelledStream says more often than any phrase of the activity does. */
  saidTooOften(key: string, stream: string[]): string | undefined {
    const said = this.said.get(key);
    for (const [w, times] of tally(stream)) if (times > Math.max(1, said?.get(w) ?? 0)) return w;
    return undefined;
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

/**
 * Optimal-string-alignment distance (a swap of neighbours counts once), stopping past `limit`.
 * Kept here rather than taken from a package: the Levenshtein packages (leven,
 * fastest-levenshtein, js-levenshtein) count a swap as two edits, which puts "dmeo" out of a
 * four-letter word's reach, and damerau-levenshtein's own shortcuts (a fixed 64-character
 * matrix, an early return once the diagonal passes 4) do not give these distances.
 */
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

/** The matcher for a catalogue list, built on its first use and kept as long as the list is. */
export function matcherFor(catalogue: CatalogueItem[]): Matcher {
  let m = matchers.get(catalogue);
  if (!m) {
    m = new Matcher(catalogue);
    matchers.set(catalogue, m);
  }
  return m;
}

const describe = (item: CatalogueItem) => `*${item.shorthand}* (${item.points} ${item.points === 1 ? 'pt' : 'pts'})`;

function listOr(items: CatalogueItem[]): string {
  const parts = items.map(describe);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

/** Finds the one activity a list of words names, or explains why it can't. */
export function matchActivity(words: string[], original: string, m: Matcher): CatalogueItem {
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
    if (options.length === 1) throw new SuggestionError(`Did you mean ${describe(options[0]!)}?`, options[0]!);
    throw new ParseError(`Which one did you mean by ${quote(original)}: ${listOr(options)}?`);
  }
  const fixed = correctedWords(canonical, m);
  if (fixed) {
    const guess = m.exactMatch(fixed);
    const options = (guess.length > 0 ? guess : m.widerMatches(fixed)).map((k) => m.byKey.get(k)!);
    if (options.length === 1) {
      throw new SuggestionError(`I don't know ${quote(original)}. Did you mean ${describe(options[0]!)}?`, options[0]!);
    }
    if (options.length > 1) throw new ParseError(`I don't know ${quote(original)}. Did you mean ${listOr(options)}?`);
  }
  const named = activityBesideOtherWords(words, m);
  if (named) {
    throw new ParseError(
      `I read ${describe(named.item)} in ${quote(original)}, but not ${quote(named.rest)}. A note goes in quotes: \`/log demo self-led "Acme kickoff"\`.`,
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
 * The one activity a segment's first (or last) words name when the others name none (often a
 * note without its quotes), and those others, to name back. The longest such run of words
 * wins, the first words on a tie.
 */
function activityBesideOtherWords(words: string[], m: Matcher): { item: CatalogueItem; rest: string } | undefined {
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
  // Each of `raw` stands for one of `words`: "decision maker" keeps its two places.
  const [run, rest] = first.length >= last.length ? [first, words.slice(first.length)] : [last, words.slice(0, n - last.length)];
  return run.item && { item: run.item, rest: rest.join(' ') };
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
