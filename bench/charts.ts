/**
 * Drawing the team chart for a team of 60: the first chart of the process (which also loads the
 * font), a chart drawn anew (a fresh cache each time), and one the cache already holds. Part of
 * `npm run bench`; also runs alone: `tsc -p tsconfig.bench.json && node dist/bench/charts.js`.
 */
import { pathToFileURL } from 'node:url';
import { ChartCache } from '../src/charts/cache.js';
import { teamWeekChart, type TeamChartData } from '../src/charts/charts.js';

/** Timed runs of each kind; the table gives the median. */
const RUNS = Number(process.env.BENCH_CHART_RUNS ?? 20);
const REPS = 60;

/** A team of 60 as the digest orders it: furthest behind first, the last four without a goal. */
function team(): TeamChartData {
  return {
    weekStart: '2026-11-16',
    reps: Array.from({ length: REPS }, (_, i) => ({
      label: `Rep ${i + 1} Surname`,
      total: 100 + i * 12,
      goal: i >= REPS - 4 ? null : 500,
    })),
  };
}

/** Milliseconds until `f` settles, and of those the ones spent before it returned (the event loop held). */
async function time(f: () => Promise<unknown>): Promise<{ total: number; held: number }> {
  const t0 = performance.now();
  const pending = f();
  const held = performance.now() - t0;
  await pending;
  return { total: performance.now() - t0, held };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => x.toFixed(x < 1 ? 3 : 1);
const ms = (xs: Array<{ total: number; held: number }>) => `${fmt(median(xs.map((x) => x.total)))} (${fmt(median(xs.map((x) => x.held)))})`;

/** The section's lines, as Markdown. */
export async function chartsReport(): Promise<string[]> {
  const data = team();
  const first = await time(() => teamWeekChart(data, new ChartCache()));
  const drawn = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) drawn.push(await time(async () => (bytes = (await teamWeekChart(data, new ChartCache())).png.length)));
  const cache = new ChartCache();
  await teamWeekChart(data, cache);
  const cached = [];
  for (let i = 0; i < RUNS; i++) cached.push(await time(() => teamWeekChart(data, cache)));
  return [
    `The team chart of a ${REPS}-rep team (1600×2900 px PNG, ${Math.round(bytes / 1024)} kB); medians of ${RUNS} runs, in milliseconds until the PNG is ready, and in brackets of those the ones the event loop is held (drawing; the PNG is encoded off the main thread).`,
    '',
    '| first chart of the process (loads the font) | drawn (not cached) | cached (same data) |',
    '| ---: | ---: | ---: |',
    `| ${ms([first])} | ${ms(drawn)} | ${ms(cached)} |`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${(await chartsReport()).join('\n')}\n`);
}
