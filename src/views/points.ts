import type { types } from '@slack/bolt';
import type { CatalogueItem } from '../scoring/catalogue.js';
import type { WeekSummary } from '../scoring/ledger.js';
import type { Pace } from '../scoring/pace.js';
import { quote } from '../scoring/parse.js';
import { weekLabel } from '../scoring/week.js';
import { countOf, joinAnd, money, percent, progressBar, pts } from './format.js';
import type { SlackMessage } from './log.js';

type KnownBlock = types.KnownBlock;

/** A rep's week as `/points` shows it: total against the goal, breakdown, and for this week the pace. */
export function buildPointsView(args: {
  summary: WeekSummary;
  goal: number;
  catalogue: CatalogueItem[];
  /** Set for the current week; absent for a past week. */
  pace?: Pace;
}): SlackMessage {
  const { summary, goal, pace } = args;
  const byKey = new Map(args.catalogue.map((c) => [c.key, c]));
  const title = pace ? `Your week · ${weekLabel(summary.weekStart)}` : `Your week of ${weekLabel(summary.weekStart)}`;
  const pct = percent(summary.total, goal);
  const headline = `*${summary.total.toLocaleString('en-US')} / ${pts(goal)}* (${pct}%)  ${progressBar(summary.total, goal)}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
  ];
  if (summary.byActivity.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: pace ? 'Nothing logged yet this week. Start with `/log calls 20` or `/log demo self-led`.' : 'Nothing was logged that week.' },
    });
  } else {
    const lines = summary.byActivity.map((a) => {
      const item = byKey.get(a.activityKey) ?? { key: a.activityKey, label: a.activityKey };
      const amount = a.amountCents > 0 ? `, ${money(a.amountCents)} closed` : '';
      return `• ${countOf(item, a.count)} · *${pts(a.points)}*${amount}`;
    });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: paceText(summary.total, goal, pace) }] });
  return { text: `${title}: ${summary.total} / ${pts(goal)} (${pct}%)`, blocks };
}

function paceText(total: number, goal: number, pace?: Pace): string {
  if (total >= goal) return `:tada: Goal reached${total > goal ? `, ${pts(total - goal)} over` : ''}.`;
  if (!pace) return `Finished ${pts(goal - total)} short of the goal.`;
  if (pace.daysLeft === 0) return `${pts(pace.needed)} short, and the working week is over. A fresh week starts Monday.`;
  const days = pace.daysLeft === 1 ? 'today is the last working day' : `${pace.daysLeft} working days left`;
  const plan = pace.plan.map((s) => countOf(s.item, s.count));
  const basis = { recent: 'from your mix of the last 4 weeks', this_week: 'from your mix so far this week', typical: 'a typical mix' }[pace.basis];
  const planText = plan.length > 0 ? `: about ${joinAnd(plan)} a day (${basis})` : '';
  return `${pts(pace.needed)} to go, ${days}. That's *${pts(pace.perDay)} a day*${planText}.`;
}

/** What `/points` understands, shown for anything else. */
export function buildPointsHelp(asked: string): SlackMessage {
  const text = [
    asked ? `I can't show ${quote(asked)}.` : '',
    '`/points` shows this week, `/points last week` the week before, and `/points 2026-11-09` the week containing that day.',
  ]
    .filter(Boolean)
    .join(' ');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
