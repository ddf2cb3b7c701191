import { catalogueByKey, type CatalogueItem } from '../scoring/catalogue.js';
import type { WeekSummary } from '../scoring/ledger.js';
import type { Pace } from '../scoring/pace.js';
import type { GoalStanding } from '../scoring/programme.js';
import type { RepWeekStanding } from '../scoring/standing.js';
import { weekLabel, type LocalDay } from '../scoring/week.js';
import { literalMrkdwn, quote } from '../mrkdwn.js';
import { amountsText, countOf, goalNote, joinAnd, offReasons, percent, progressBar, pts, signedPts, thousands } from './format.js';
import type { Absence } from '../scoring/absence.js';
import type { Adjustment } from '../db/schema.js';
import { context, mention, section, sectionsOf, type KnownBlock, type SlackMessage } from './message.js';
import { replaceMentions } from '../slack-ids.js';

/** An admin's adjustment of a week as `/points` and the admin's history list it: who, why, how much. */
export const adjustmentLine = (a: Adjustment): string =>
  `• Adjustment by ${mention(a.adminId)}: “${literalMrkdwn(a.reason)}” · *${signedPts(a.points)}*`;

/** Adjustments listed with their reasons in a week's view; the rest are counted in one line. */
export const ADJUSTMENTS_LISTED = 10;

/**
 * A rep's week as `/points` and the Home tab show it, by that week's programme; `currentWeek` is
 * the rep's own; `repId` names the rep when the viewer is someone else.
 */
export function buildWeekView(standing: RepWeekStanding, viewer: { currentWeek: LocalDay }, repId?: string): SlackMessage {
  return buildPointsView({
    ...standing,
    current: standing.summary.weekStart === viewer.currentWeek,
    ...(repId ? { repId } : {}),
  });
}

/** A rep's week as `/points` shows it: total against the goal, breakdown, and for this week the pace. */
export function buildPointsView(args: {
  summary: WeekSummary;
  /** The goal that applied that week; null outside the onboarding window. */
  goal: number | null;
  /** The rep's onboarding week in that week, when known. */
  onboardingWeek?: number | null;
  /** The onboarding weeks of the rep's role's ramp, when known. */
  ramp?: GoalStanding['ramp'];
  catalogue: CatalogueItem[];
  /** Set for the current week; absent for a past week. */
  pace?: Pace;
  /** Whose week it is, when someone else is looking. */
  repId?: string;
  /** Whether it is the rep's current week (defaults to: a pace was given). */
  current?: boolean;
  /** Admins' adjustments of the week, counted in the total; each is shown on its own line with its reason. */
  adjustments?: Adjustment[];
  /** The week's working days off, when they prorated the goal. */
  absence?: Absence;
}): SlackMessage {
  const { summary, goal, pace } = args;
  const current = args.current ?? pace !== undefined;
  const byKey = catalogueByKey(args.catalogue);
  const whose = args.repId ? `${mention(args.repId)}'s week` : 'Your week';
  const label = current ? `${whose} · ${weekLabel(summary.weekStart)}` : `${whose} of ${weekLabel(summary.weekStart)}`;
  const total = thousands(summary.total);
  const headline =
    goal === null
      ? `*${pts(summary.total)}*`
      : `*${total} / ${pts(goal)}* (${percent(summary.total, goal)}%)  ${progressBar(summary.total, goal)}`;
  const blocks: KnownBlock[] = args.repId ? [section(`*${label}*`)] : [{ type: 'header', text: { type: 'plain_text', text: label } }];
  const onboarding = args.absence?.allWeek
    ? `:palm_tree: Away all week${args.absence.off.some((o) => o.holiday) ? ` (${offReasons(args.absence.off)})` : ''}: this week is not judged.`
    : onboardingText(args.onboardingWeek ?? null, goal, args.ramp ?? null) +
      (args.absence
        ? `${args.onboardingWeek ? ' ' : ''}:palm_tree: ${goalNote(args.absence, goal)} (${pts(args.absence.fullGoal)} for a full week).`
        : '');
  blocks.push(section(onboarding ? `${headline}\n${onboarding}` : headline));
  if (summary.byActivity.length === 0) {
    const empty = current ? 'Nothing logged yet this week.' : 'Nothing was logged that week.';
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: current && !args.repId ? `${empty} Start with \`/log calls 20\` or \`/log demo self-led\`.` : empty },
    });
  } else {
    const lines = summary.byActivity.map((a) => {
      const item = byKey.get(a.activityKey) ?? { key: a.activityKey, label: a.activityKey };
      const amount = a.amounts.length > 0 ? `, ${amountsText(a.amounts)} closed` : '';
      return `• ${countOf(item, a.count)} · *${pts(a.points)}*${amount}`;
    });
    blocks.push(section(lines.join('\n')));
  }
  const adjustments = args.adjustments ?? [];
  if (adjustments.length > 0) {
    // Ten with their reasons (up to 200 characters each, longer once escaped); more are counted.
    const listed = adjustments.slice(0, ADJUSTMENTS_LISTED);
    const more = adjustments.length - listed.length;
    blocks.push(
      ...sectionsOf([
        ...listed.map(adjustmentLine),
        ...(more > 0 ? [`…and ${more} more ${more === 1 ? 'adjustment' : 'adjustments'}, all counted in the total above`] : []),
      ]),
    );
  }
  if (goal !== null) blocks.push(context(paceText(summary.total, goal, pace, !args.repId)));
  const figures = goal === null ? pts(summary.total) : `${summary.total} / ${pts(goal)} (${percent(summary.total, goal)}%)`;
  return { text: `${replaceMentions(label, (id) => id)}: ${figures}`, blocks };
}

function onboardingText(week: number | null, goal: number | null, ramp: GoalStanding['ramp']): string {
  if (week === null) return '';
  if (week < 1) return 'Onboarding has not started yet.';
  if (ramp && week > ramp.last) return goal !== null ? `Week ${week}: past onboarding.` : `Week ${week}: past onboarding, no weekly goal.`;
  if (goal !== null) return `Onboarding week ${week}${ramp ? ` of ${ramp.last}` : ''}.`;
  const span = ramp ? ` (the goal starts in week ${ramp.first})` : '';
  return `Onboarding week ${week}: no weekly goal this week${week < (ramp?.first ?? 0) ? span : ''}.`;
}

function paceText(total: number, goal: number, pace: Pace | undefined, own: boolean): string {
  if (total >= goal) return `:tada: Goal reached${total > goal ? `, ${pts(total - goal)} over` : ''}.`;
  if (!pace) return `Finished ${pts(goal - total)} short of the goal.`;
  if (pace.daysLeft === 0) return `${pts(pace.needed)} short, and the working week is over. A fresh week starts Monday.`;
  const plan = pace.plan.map((s) => countOf(s.item, s.count));
  const mine = own ? 'your' : 'their';
  const basis = {
    recent: `from ${mine} mix of the last 4 weeks`,
    this_week: `from ${mine} mix so far this week`,
    typical: 'a typical mix',
  }[pace.basis];
  if (pace.daysLeft === 1) {
    const today = plan.length > 0 ? `: about ${joinAnd(plan)} (${basis})` : '';
    return `*${pts(pace.needed)} to go, and today is the last working day*${today}.`;
  }
  const planText = plan.length > 0 ? `: about ${joinAnd(plan)} a day (${basis})` : '';
  return `${pts(pace.needed)} to go, ${pace.daysLeft} working days left. That's *${pts(pace.perDay)} a day*${planText}.`;
}

/** What `/points` understands: for `/points help`, and after `why` (or "I can't show …") for anything it can't show. */
export function buildPointsHelp(asked: string, why?: string): SlackMessage {
  const text = [
    why ?? (asked ? `I can't show ${quote(asked)}.` : ''),
    '`/points` shows this week, `/points last week` the week before, `/points 3 weeks ago` further back, and `/points nov 9` or `/points 2026-11-09` the week containing that day. `/points trend` shows your last 8 weeks as a chart. Managers: `/points team` and `/points @rep`, with a week after them if you like, and `/points trend @rep`. Add `kpis` for activity counts, conversion and deals: `/points kpis`, `/points kpis month`, `/points team kpis quarter`.',
  ]
    .filter(Boolean)
    .join(' ');
  return { text, blocks: [section(text)] };
}

/** Why a date in `/points` was refused. */
export function notADate(phrase: string): string {
  return `${quote(phrase)} isn't a real date.`;
}

/** The refusal for someone else's numbers; it never says whether the rep exists or what they have. */
export function buildPointsRefusal(reason: 'rep' | 'team' = 'rep', managerId?: string): SlackMessage {
  const text =
    reason === 'team'
      ? managerId
        ? `${mention(managerId)} has no reps on the roster.`
        : "You don't manage anyone on the roster yet. An admin adds your reps with `/points-admin assign @rep to @you`."
      : "Sorry, you can only see your own points and, if you manage a team, your reps'. Try `/points` or `/points team`.";
  return { text, blocks: [section(text)] };
}
