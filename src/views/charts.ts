import type { RepTrendData } from '../charts/charts.js';
import { dayMonth } from '../scoring/week.js';
import { pts, thousands } from './format.js';
import { context, mention, section, type KnownBlock, type SlackMessage } from './message.js';

/** Slack's cap on an image block's title, in characters. */
const IMAGE_TITLE_MAX = 2000;

/** An uploaded chart shown by its Slack file id, with the alt text that carries its numbers. */
export function chartBlock(chart: { altText: string; title: string }, fileId: string): KnownBlock {
  return {
    type: 'image',
    slack_file: { id: fileId },
    alt_text: chart.altText,
    title: { type: 'plain_text', text: chart.title.slice(0, IMAGE_TITLE_MAX) },
  };
}

/** One week of a trend in words: "16 Nov: 320 / 500 pts", the same figures the chart draws. */
function trendLine(w: RepTrendData['weeks'][number], current: boolean): string {
  const figure =
    w.goal === null
      ? `${pts(w.total)} (no goal)`
      : `${thousands(w.total)} / ${pts(w.goal)}${w.total >= w.goal ? ' :white_check_mark:' : ''}`;
  const off = w.prorated ? ` · goal prorated for ${w.prorated.daysOff} ${w.prorated.daysOff === 1 ? 'day' : 'days'} off` : '';
  return `• ${current ? '*This week*' : dayMonth(w.weekStart)}: ${figure}${off}`;
}

/**
 * `/points trend`: a rep's last weeks against the goal in words, newest first, sent at once;
 * the chart of the same numbers follows in the DM with the bot. `repId` names the rep when the
 * viewer is someone else.
 */
export function buildTrendSummary(data: RepTrendData, repId?: string): SlackMessage {
  const whose = repId ? `${mention(repId)}'s` : 'Your';
  const judged = data.weeks.filter((w) => w.goal !== null);
  const reached = judged.filter((w) => w.total >= w.goal!).length;
  const head = `*${whose} last ${data.weeks.length} weeks against the goal*${judged.length > 0 ? ` · goal reached ${reached} of ${judged.length} judged weeks` : ''}`;
  const lines = [...data.weeks].reverse().map((w) => trendLine(w, w.weekStart === data.currentWeek));
  return {
    text: `${repId ? `${repId}'s` : 'Your'} last ${data.weeks.length} weeks against the goal`,
    blocks: [section(`${head}\n${lines.join('\n')}`), context(':bar_chart: The chart of these weeks is on its way to your DM with me.')],
  };
}

/** The chart as a message of its own in the DM: its image block, and its title for notifications. */
export function buildChartMessage(chart: { altText: string; title: string }, fileId: string, repId?: string): SlackMessage {
  return { text: repId ? `${chart.title} (${repId})` : chart.title, blocks: [chartBlock(chart, fileId)] };
}

/** When a chart could not be attached: the numbers were sent as words already, in the answer to `command`. */
export function buildChartMissing(command = '/points trend'): SlackMessage {
  const text = `Sorry, the chart could not be attached just now; the numbers are in my answer to \`${command}\`. Try again in a moment.`;
  return { text, blocks: [section(`:warning: ${text}`)] };
}
