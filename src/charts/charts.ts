/**
 * The bot's three charts, each a pure function from plain data to a PNG with alt text carrying
 * the same numbers: a rep's last weeks against the goal, a team's week, and the conversion chain.
 * No database and no Slack here: data.ts reads the data, the entry points upload the image.
 */
import type { ChartConfiguration, LegendItem } from 'chart.js';
import { dayMonth, weekLabel, type LocalDay } from '../scoring/week.js';
import { altTextWithin, num } from './alt-text.js';
import { sharedChartCache, type ChartCache, type ChartImage } from './cache.js';
import { barLabels, COLOURS, goalMarks, renderPng, type ChartSize } from './render.js';

export type { ChartImage } from './cache.js';

/** One week of a rep's trend. */
export interface TrendWeek {
  weekStart: LocalDay;
  total: number;
  /** The goal in force that week (prorated by days off); null when the week was not judged. */
  goal: number | null;
  /** When working days off prorated the goal: the full week's goal and how many days were off. */
  prorated?: { fullGoal: number; daysOff: number };
}

/** A rep's weeks, oldest first, and which of them is the rep's current week. */
export interface RepTrendData {
  currentWeek: LocalDay;
  weeks: TrendWeek[];
}

/** One rep's bar in the team chart. */
export interface TeamChartRep {
  /** What the chart calls the rep: their name, or their Slack ID when no name is known. */
  label: string;
  total: number;
  /** The goal that applied; null when the rep is not judged this week. */
  goal: number | null;
}

/** A team's week, the reps in the order the chart draws them top to bottom (the digest's). */
export interface TeamChartData {
  weekStart: LocalDay;
  reps: TeamChartRep[];
}

/** Counts of each step of the chain per week: `steps[s].counts[w]` is step s in `weeks[w]` (week starts, oldest first). */
export interface ConversionChartData {
  weeks: LocalDay[];
  steps: Array<{ label: string; counts: number[] }>;
}

/** 2:1 reads well at the width Slack gives an image in a message and on the Home tab. */
const WIDE: ChartSize = { width: 800, height: 400 };
/** Height per rep in the team chart: a 13 px name with room to breathe. */
const ROW = 22;
/** Title, legend and axis around the team chart's rows. */
const TEAM_FRAME = 130;
/** The team chart grows with the team between these heights, so a team of 60 stays legible and 600 stays bounded. */
const TEAM_MIN_HEIGHT = 300;
const TEAM_MAX_HEIGHT = 1600;
/** Longest rep label drawn; a longer name is cut with an ellipsis (the alt text keeps it whole). */
const LABEL_MAX = 24;

const clip = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

/** The legend's entries, drawn as given instead of one per dataset. */
function legend(items: Array<{ text: string; colour: string; line?: boolean }>) {
  return {
    position: 'top' as const,
    labels: {
      usePointStyle: true,
      generateLabels: (): LegendItem[] =>
        items.map((i) => ({
          text: i.text,
          fillStyle: i.colour,
          strokeStyle: i.colour,
          lineWidth: i.line ? 3 : 0,
          pointStyle: i.line ? 'line' : 'rect',
          hidden: false,
        })),
    },
  };
}

const title = (text: string) => ({ display: true, text, font: { size: 16, weight: 600 }, padding: { top: 4, bottom: 8 } });

/** Room above the highest bar or goal for its label. */
const headroom = (values: number[]) => Math.max(1, ...values) * 1.12;

const daysOff = (n: number) => `${n} ${n === 1 ? 'day' : 'days'} off`;

/** What a week's goal was, for the alt text. */
function trendItem(w: TrendWeek, current: boolean): string {
  const notes = [current ? 'this week' : '', w.prorated ? `goal prorated for ${daysOff(w.prorated.daysOff)}` : '']
    .filter(Boolean)
    .join(', ');
  const figure = w.goal === null ? `${num(w.total)} (no goal${notes ? `, ${notes}` : ''})` : `${num(w.total)} of ${num(w.goal)}`;
  return `${dayMonth(w.weekStart)} ${figure}${w.goal !== null && notes ? ` (${notes})` : ''}`;
}

/**
 * A rep's last weeks as bars against each week's goal (a mark across the bar; none in a week
 * without one), this week in the highlight colour. Each week is labelled by its Monday ("16 Nov").
 */
export function repTrendChart(data: RepTrendData, cache: ChartCache = sharedChartCache): Promise<ChartImage> {
  return cache.get('rep-trend', data, async () => {
    const heading = 'Points per week against the goal';
    const goals = data.weeks.map((w) => w.goal);
    const current = data.weeks.map((w) => w.weekStart === data.currentWeek);
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: data.weeks.map((w, i) => [
          dayMonth(w.weekStart),
          current[i] ? 'this week' : w.goal === null ? 'no goal' : w.prorated ? daysOff(w.prorated.daysOff) : '',
        ]),
        datasets: [
          {
            data: data.weeks.map((w) => w.total),
            backgroundColor: current.map((c) => (c ? COLOURS.current : COLOURS.past)),
            maxBarThickness: 70,
          },
        ],
      },
      options: {
        plugins: {
          title: title(heading),
          legend: legend([
            { text: 'Points', colour: COLOURS.past },
            { text: 'This week', colour: COLOURS.current },
            { text: 'Goal', colour: COLOURS.goal, line: true },
          ]),
        },
        scales: {
          x: { grid: { display: false } },
          y: {
            beginAtZero: true,
            suggestedMax: headroom([...data.weeks.map((w) => w.total), ...goals.map((g) => g ?? 0)]),
            grid: { color: COLOURS.grid },
          },
        },
      },
      plugins: [
        goalMarks(goals),
        barLabels(
          data.weeks.map((w) => num(w.total)),
          goals,
        ),
      ],
    };
    return {
      png: await renderPng(config, WIDE),
      title: heading,
      altText: altTextWithin('', [{ name: heading, items: data.weeks.map((w, i) => trendItem(w, current[i]!)) }]),
    };
  });
}

/** The team chart's height for `reps` rows, within its bounds. */
export function teamChartSize(reps: number): ChartSize {
  return { width: WIDE.width, height: Math.min(TEAM_MAX_HEIGHT, Math.max(TEAM_MIN_HEIGHT, TEAM_FRAME + ROW * reps)) };
}

/**
 * Each rep's week against their goal as horizontal bars, in the order given (the digest's: furthest
 * behind first): at goal in blue, behind in orange, reps the goal does not judge in grey with
 * "no goal" on their row. The chart grows with the team, up to a bound.
 */
export function teamWeekChart(data: TeamChartData, cache: ChartCache = sharedChartCache): Promise<ChartImage> {
  return cache.get('team-week', data, async () => {
    const heading = `Team week of ${weekLabel(data.weekStart)}: points against the goal`;
    const goals = data.reps.map((r) => r.goal);
    const colour = (r: TeamChartRep) => (r.goal === null ? COLOURS.notJudged : r.total >= r.goal ? COLOURS.current : COLOURS.behind);
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: data.reps.map((r) => clip(r.label)),
        datasets: [
          { data: data.reps.map((r) => r.total), backgroundColor: data.reps.map(colour), barPercentage: 0.85, categoryPercentage: 0.9 },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: {
          title: title(heading),
          legend: legend([
            { text: 'At goal', colour: COLOURS.current },
            { text: 'Behind', colour: COLOURS.behind },
            { text: 'No goal', colour: COLOURS.notJudged },
            { text: 'Goal', colour: COLOURS.goal, line: true },
          ]),
        },
        scales: {
          // Every rep is named: the height gives each row room, so no label is skipped.
          y: { ticks: { autoSkip: false }, grid: { display: false } },
          x: {
            beginAtZero: true,
            suggestedMax: headroom([...data.reps.map((r) => r.total), ...goals.map((g) => g ?? 0)]) * 1.1,
            grid: { color: COLOURS.grid },
          },
        },
      },
      plugins: [
        goalMarks(goals),
        barLabels(
          data.reps.map((r) => (r.goal === null ? `${num(r.total)} · no goal` : `${num(r.total)} of ${num(r.goal)}`)),
          goals,
        ),
      ],
    };
    const judged = data.reps.filter((r) => r.goal !== null);
    const atGoal = judged.filter((r) => r.total >= r.goal!);
    const head =
      data.reps.length === 0
        ? `Week of ${weekLabel(data.weekStart)}: no reps on the team.`
        : `Each rep's points against their goal, week of ${weekLabel(data.weekStart)}: ${num(atGoal.length)} of ${num(judged.length)} judged reps at goal.`;
    return {
      png: await renderPng(config, teamChartSize(data.reps.length)),
      title: heading,
      altText: altTextWithin(head, [
        { name: 'Behind', items: judged.filter((r) => r.total < r.goal!).map((r) => `${r.label} ${num(r.total)} of ${num(r.goal!)}`) },
        { name: 'At goal', items: atGoal.map((r) => `${r.label} ${num(r.total)} of ${num(r.goal!)}`) },
        { name: 'No goal', items: data.reps.filter((r) => r.goal === null).map((r) => `${r.label} ${num(r.total)}`) },
      ]),
    };
  });
}

/** Week colours from light to dark: the latest week the darkest. */
const WEEK_SHADES = ['#DBEAFE', '#BFDBFE', '#93C5FD', '#60A5FA', '#3B82F6', COLOURS.current];

/**
 * The conversion chain per week as grouped bars: one group per step (calls → … → closed-won), one
 * bar per week, the latest week darkest. Calls outnumber deals by orders of magnitude, so the
 * scale is logarithmic when the counts span more than 20×; a zero then draws no bar.
 */
export function conversionChart(data: ConversionChartData, cache: ChartCache = sharedChartCache): Promise<ChartImage> {
  return cache.get('conversion', data, async () => {
    const heading = `Conversion chain, last ${data.weeks.length} ${data.weeks.length === 1 ? 'week' : 'weeks'}`;
    const all = data.steps.flatMap((s) => s.counts);
    const positive = all.filter((c) => c > 0);
    const log = positive.length > 0 && Math.max(...positive) >= 20 * Math.min(...positive);
    const shades = WEEK_SHADES.slice(-data.weeks.length);
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: data.steps.map((s) => s.label),
        datasets: data.weeks.map((w, i) => ({
          label: dayMonth(w),
          data: data.steps.map((s) => (log && (s.counts[i] ?? 0) <= 0 ? null : (s.counts[i] ?? 0))),
          backgroundColor: shades[i] ?? COLOURS.past,
        })),
      },
      options: {
        plugins: { title: title(heading), legend: { position: 'top', labels: { usePointStyle: true, pointStyle: 'rect' } } },
        scales: {
          x: { grid: { display: false } },
          y: log
            ? {
                type: 'logarithmic',
                min: 1,
                grid: { color: COLOURS.grid },
                ticks: { callback: (v) => (isPowerOfTen(Number(v)) ? num(Number(v)) : '') },
              }
            : { beginAtZero: true, grid: { color: COLOURS.grid } },
        },
      },
    };
    const weeks = data.weeks.map(dayMonth).join(', ');
    return {
      png: await renderPng(config, WIDE),
      title: heading,
      altText: altTextWithin(
        `${heading}, counts per week (${weeks}):`,
        data.steps.map((s) => ({ name: s.label, items: data.weeks.map((_, i) => num(s.counts[i] ?? 0)) })),
      ),
    };
  });
}

const isPowerOfTen = (v: number) => /^10*$/.test(String(v));
