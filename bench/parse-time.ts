/**
 * Reading a `/log` line against its length: `calls` plus three-letter words, the line a rep could
 * send to stall the bot, timed in this process (no server). Part of `npm run bench`; also runs
 * alone: `tsc -p tsconfig.bench.json && node dist/bench/parse-time.js`.
 */
import { pathToFileURL } from 'node:url';
import { parseLog, readLine } from '../src/scoring/parse/index.js';
import { aeParseContext } from '../test/support/parse-context.js';

/** Lines of about these many characters. */
const LENGTHS = [100, 1_000, 4_000, 10_000, 40_000];
/** Timed runs per line; the table gives the median. */
const RUNS = 5;
/** A line slower than this is run once, and longer lines are left out: they would take minutes. */
const SLOW_MS = 2_000;

/**
 * `calls` and distinct three-letter words of consonants (no day, number, month or activity
 * word among them), up to `length` characters in all.
 */
export function longLine(length: number): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  const words = ['calls'];
  for (let i = 0; 5 + words.length * 4 <= length; i++) {
    const n = i % letters.length ** 3;
    words.push(letters[Math.floor(n / 400)]! + letters[Math.floor(n / 20) % 20]! + letters[n % 20]!);
  }
  return words.join(' ');
}

/** Milliseconds of each run of `f`, fewer when one is slow. */
function time(f: () => unknown): number[] {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
    if (runs[0]! > SLOW_MS) break;
  }
  return runs.sort((a, b) => a - b);
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

/** The section's lines, as Markdown. */
export function parseTimeReport(): string[] {
  // An AE's catalogue, as `/log` reads a line with.
  const ctx = aeParseContext();
  // Warm up: the catalogue's lookup tables are built on the first line, and V8 compiles.
  for (let i = 0; i < 200; i++) parseLog(longLine(100), ctx);
  const out = [
    `\`parseLog\` is what \`/log\` runs (it refuses a line over the limit before reading it); \`readLine\` is the full reader on the same line with no limit. Medians of ${RUNS} runs, in milliseconds; a run over ${SLOW_MS / 1000} s is run once and the longer lines are left out.`,
    '',
    '| characters | words | parseLog ms | readLine ms | answer |',
    '| ---: | ---: | ---: | ---: | --- |',
  ];
  let tooSlow = false;
  for (const length of LENGTHS) {
    const line = longLine(length);
    const words = line.split(' ').length.toLocaleString('en-US');
    const chars = line.length.toLocaleString('en-US');
    if (tooSlow) {
      out.push(`| ${chars} | ${words} | not run | not run | |`);
      continue;
    }
    let answer = '';
    const entry = time(() => {
      const r = parseLog(line, ctx);
      answer = r.kind === 'error' ? r.message : r.kind;
    });
    const reader = time(() => readLine(line, ctx));
    tooSlow = entry[0]! > SLOW_MS || reader[0]! > SLOW_MS;
    const shown = answer.length > 70 ? `${answer.slice(0, 67)}…` : answer;
    out.push(`| ${chars} | ${words} | ${ms(median(entry))} | ${ms(median(reader))} | ${shown.replace(/\|/g, '\\|')} |`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${parseTimeReport().join('\n')}\n`);
}
