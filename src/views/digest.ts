import type { FinalChange } from '../digest/final.js';
import type { AnomalyFlag } from '../digest/flags.js';
import type { RepWeek, TeamKpiFigures, TeamWeek } from '../digest/team.js';
import { literalMrkdwn } from '../mrkdwn.js';
import { catalogueByKey, type CatalogueItem, type SummaryGroup } from '../scoring/catalogue.js';
import { dayMonth, shortDay, weekLabel, type LocalDay } from '../scoring/week.js';
import { amountsText, countOf, goalNote, joinAnd, money, moneyIn, percent, progressBar, pts, signedPts, thousands } from './format.js';
import { chainSummary, reasonText } from './kpis.js';
import {
  clipToSection,
  context,
  mention,
  pagesOf,
  section,
  SECTION_ROOM,
  sectionsOf,
  TEAM_VIEW_LISTED,
  unlistedNote,
  within,
  type KnownBlock,
  type SlackMessage,
} from './message.js';

/** Rows per section keep each section far under its 3,000 characters. */
const REPS_PER_SECTION = 10;
/** Rows per message keep a digest under the 50-block and ~12,000-character message limits. */
export const REPS_PER_MESSAGE = 40;
/** With a reason under reps behind the goal, a row may be a line longer: fewer per section and message. */
const REPS_PER_SECTION_WITH_REASONS = 5;
export const REPS_PER_MESSAGE_WITH_REASONS = 30;
/*
 * Whatever the counts above, a section's text stays under Slack's 3,000 characters and a
 * message's under its 12,000 (sectionsOf, pagesOf in message.ts): a rep with several flags and
 * adjustments makes a longer row than most.
 */
/** Adjustments shown with their reasons in a rep's row; more are counted. */
const ADJUSTMENTS_IN_ROW = 3;
/** Flags listed under one rep; more are counted in one line ("and 4 more flags"). */
export const FLAGS_LISTED = 3;

/**
 * The change from last week: while the week is open, against last week at the same point of the
 * week (a partial week is never set against a whole one); once it is over, whole weeks.
 */
function change(rep: RepWeek): string {
  const sameTime = rep.lastWeekSoFar !== undefined;
  const before = sameTime ? rep.lastWeekSoFar! : rep.lastWeekTotal;
  const than = sameTime ? 'this time last week' : 'last week';
  const diff = rep.total - before;
  if (diff === 0) return `= ${than}`;
  return `${diff > 0 ? '▲ +' : '▼ −'}${thousands(Math.abs(diff))} vs ${than}`;
}

/** Why the goal does not judge a rep this week, from their standing. */
function notJudgedBecause(rep: RepWeek): string {
  if (rep.onboardingWeek === null) return 'no start date';
  if (rep.onboardingWeek < 1) return 'not started';
  return `onboarding week ${rep.onboardingWeek}`;
}

/** Who the rep is beside their name: their role, and a flag when no start date is set. */
function who(rep: RepWeek): string {
  return `${mention(rep.repId)} · ${rep.role}`;
}

/**
 * One rep on one line: status, name, total against the goal, change, onboarding week, top
 * activities; and which week it is when it is not the one the view is of (`shownWeek`).
 */
export function repLine(rep: RepWeek, byKey: ReadonlyMap<string, CatalogueItem>, shownWeek = rep.weekStart): string {
  const top = rep.byActivity.slice(0, 2).map((a) => countOf(byKey.get(a.activityKey) ?? { label: a.activityKey }, a.count));
  const theirs = rep.weekStart === shownWeek ? '' : `their week of ${dayMonth(rep.weekStart)}`;
  const onboarding =
    (rep.onboardingWeek === null ? '' : rep.onboardingWeek < 1 ? ' · not started' : ` · wk ${rep.onboardingWeek}`) +
    (!theirs ? '' : rep.onboardingWeek === null ? ` · ${theirs}` : ` (${theirs})`);
  // Each adjustment on its own with its reason: a manager sees why a total is not what was logged.
  const adjusted =
    rep.adjustments
      .slice(0, ADJUSTMENTS_IN_ROW)
      .map((a) => ` · adjusted ${signedPts(a.points)}: “${literalMrkdwn(a.reason)}”`)
      .join('') +
    (rep.adjustments.length > ADJUSTMENTS_IN_ROW ? ` · and ${rep.adjustments.length - ADJUSTMENTS_IN_ROW} more adjustments` : '');
  const activities = `${top.length > 0 ? ` · ${top.join(', ')}` : ' · nothing logged'}${adjusted}`;
  // A goal chosen without the facts to choose it is said, so the manager can get the roster fixed.
  const flags = (rep.notes ?? [])
    .map((n) =>
      n.kind === 'no_start_date' ? ' · :warning: no start date: judged as established' : ` · :warning: role ${n.role} has no goals`,
    )
    .join('');
  if (rep.goal === null) {
    const why = rep.absence?.allWeek ? goalNote(rep.absence, null) : 'no goal this week';
    return `:white_circle: ${who(rep)} *${pts(rep.total)}* (${why})${onboarding}${flags} · ${change(rep)}${activities}`;
  }
  const off = rep.absence ? ` · ${goalNote(rep.absence, rep.goal)}` : '';
  const status = rep.total >= rep.goal ? ':white_check_mark:' : ':red_circle:';
  return `${status} ${who(rep)} *${thousands(rep.total)} / ${thousands(rep.goal)}* (${percent(rep.total, rep.goal)}%) ${progressBar(rep.total, rep.goal)}${off} · ${change(rep)}${onboarding}${flags}${activities}`;
}

/** The summary's lines, each once, in their order: the groups the catalogue's activities count towards. */
function summaryLines(catalogue: readonly CatalogueItem[]): Array<{ group: SummaryGroup; takesAmount: boolean }> {
  const lines = new Map<string, { group: SummaryGroup; takesAmount: boolean }>();
  for (const item of catalogue) {
    const line = lines.get(item.summaryGroup.key) ?? { group: item.summaryGroup, takesAmount: false };
    line.takesAmount ||= item.takesAmount;
    lines.set(item.summaryGroup.key, line);
  }
  // Lines of their own have an infinite order: equal ones keep the catalogue's order.
  const order = (a: number, b: number) => (a === b ? 0 : a < b ? -1 : 1);
  return [...lines.values()].sort((a, b) => order(a.group.sortOrder, b.group.sortOrder));
}

/**
 * The team's week in one paragraph: points, reps at goal, and the activity counts in the
 * catalogue's summary lines (the deal amounts beside the line of the activities that take one).
 */
export function teamSummary(team: TeamWeek, catalogue: readonly CatalogueItem[]): string {
  const t = team.totals;
  const counts = summaryLines(catalogue)
    .map(({ group, takesAmount }) => ({ group, takesAmount, count: t.counts[group.key] ?? 0 }))
    .filter(({ group, count }) => group.alwaysShown || count > 0)
    .map(
      ({ group, takesAmount, count }) =>
        `${countOf(group, count)}${takesAmount && t.closedWon.length > 0 ? ` worth ${amountsText(t.closedWon)}` : ''}`,
    );
  const judged = t.judged > 0 ? ` · *${t.atGoal} of ${t.judged}* judged ${t.judged === 1 ? 'rep' : 'reps'} at goal` : '';
  return `*Team:* ${pts(t.points)}${judged}\n${joinAnd(counts)}`;
}

/**
 * What goes under a rep's line when the KPIs are read: the reason the numbers give for being
 * behind the goal, and each anomaly flag with where to see the entries; each on a line of its own
 * (empty when there is neither). The digest and the manager's Home show the same.
 */
export function behindNotes(
  repId: string,
  kpis: TeamKpiFigures | undefined,
  byKey: ReadonlyMap<string, CatalogueItem>,
  weekStart: LocalDay,
): string {
  const reason = kpis?.reasons.get(repId);
  const all = kpis?.flags?.get(repId) ?? [];
  const where = `entries: \`/points-admin history\` ${mention(repId)} \`${weekStart}\``;
  const flags = all.slice(0, FLAGS_LISTED).map((f) => `\n        :triangular_flag_on_post: ${flagText(f, byKey)} · ${where}`);
  if (all.length > FLAGS_LISTED) {
    const more = all.length - FLAGS_LISTED;
    flags.push(`\n        :triangular_flag_on_post: and ${more} more ${more === 1 ? 'flag' : 'flags'} · ${where}`);
  }
  return (reason ? `\n        ↳ ${reasonText(reason, weekStart)}` : '') + flags.join('');
}

/** `/points team`: the team's week (or everyone's, for an admin who manages no one), as the digest shows it. */
export function buildTeamView(team: TeamWeek, catalogue: CatalogueItem[]): SlackMessage[] {
  const title = `${team.managerId ? 'Team' : 'Everyone'} · ${weekLabel(team.weekStart)}`;
  return buildDigestMessages({ team, catalogue, title, listed: TEAM_VIEW_LISTED });
}

/**
 * A manager's weekly digest: the week, each rep against the goal (furthest behind first), who
 * reached it, the change from last week, onboarding week, top activities and a team summary.
 * Large teams are split into several messages, each within Block Kit's limits.
 */
export function buildDigestMessages(args: {
  team: TeamWeek;
  catalogue: CatalogueItem[];
  title?: string;
  /** When the figures were read, in the manager's zone ("Fri", "15:00"): the digest says so. */
  asOf?: { weekday: string; time: string };
  /** The team's KPIs and why reps behind the goal are behind: a KPI line, and a reason under each such rep. */
  kpis?: TeamKpiFigures;
  /** Reps listed at most, in their order; the rest are counted under the last. Every rep by default. */
  listed?: number;
}): SlackMessage[] {
  const { team } = args;
  const byKey = catalogueByKey(args.catalogue);
  const label = weekLabel(team.weekStart);
  const title = args.title ?? `Weekly points · ${label}`;
  const behind = team.reps.filter((r) => r.goal !== null && r.total < r.goal).length;
  const fallback =
    team.totals.judged > 0
      ? `${title}: ${team.totals.atGoal} of ${team.totals.judged} reps at goal, ${behind} behind. ${pts(team.totals.points)} in all.`
      : `${title}: ${team.reps.length} reps, ${pts(team.totals.points)} in all.`;
  if (team.reps.length === 0) {
    return [
      {
        text: `${title}: no reps on this team yet.`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: title } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: 'No reps are on this team yet. An admin adds them with `/points-admin assign`.' },
          },
        ],
      },
    ];
  }
  const perMessage = args.kpis ? REPS_PER_MESSAGE_WITH_REASONS : REPS_PER_MESSAGE;
  const perSection = args.kpis ? REPS_PER_SECTION_WITH_REASONS : REPS_PER_SECTION;
  // Each rep's row (with its reason and flags; one longer than a section alone, cut), then as many
  // rows a page as fit its count and length.
  const rows = team.reps
    .slice(0, args.listed)
    .map((r) => clipToSection(repLine(r, byKey, team.weekStart) + behindNotes(r.repId, args.kpis, byKey, team.weekStart)));
  const unlisted = team.reps.length - rows.length;
  const pages = pagesOf(rows, perMessage);
  return pages.map((page, p) => {
    const blocks: KnownBlock[] = [];
    if (p === 0) {
      const reached = team.reps.filter((r) => r.goal !== null && r.total >= r.goal).map((r) => mention(r.repId));
      blocks.push({ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } });
      if (args.asOf) blocks.push(context(`Figures as of ${args.asOf.weekday} ${args.asOf.time}, your time.`));
      blocks.push(section(teamSummary(team, args.catalogue)));
      if (args.kpis) blocks.push(section(chainSummary(args.kpis.team)));
      const notJudged = team.reps.filter((r) => r.goal === null);
      const skipped =
        notJudged.length === 0
          ? ''
          : notJudged.length <= 15
            ? ` ${notJudged.length} not judged: ${notJudged.map((r) => `${mention(r.repId)} (${notJudgedBecause(r)})`).join(', ')}.`
            : ` ${notJudged.length} not judged (outside the weeks the goal applies).`;
      if (team.totals.judged > 0) {
        const reachedText =
          reached.length === 0
            ? team.open === false
              ? 'Nobody reached the goal.'
              : 'Nobody reached the goal yet.'
            : reached.length <= 15
              ? `At goal: ${joinAnd(reached)}.`
              : `${reached.length} reps reached the goal.`;
        blocks.push(context(`${reachedText}${skipped} Furthest behind the goal first.`));
      } else if (skipped) blocks.push(context(`Nobody judged against the goal this week:${skipped}`));
      blocks.push({ type: 'divider' });
    } else {
      blocks.push(context(`${title} · continued (${p + 1} of ${pages.length})`));
    }
    blocks.push(...sectionsOf(page, perSection));
    if (unlisted > 0 && p === pages.length - 1) {
      const where = team.managerId ? undefined : { team: '/points team @manager' };
      blocks.push(context(unlistedNote(unlisted, 'nearer the goal, past it or not judged', where)));
    }
    const text = pages.length > 1 ? `${fallback} (part ${p + 1} of ${pages.length})` : fallback;
    return { text, blocks };
  });
}

/** One times-figure as a manager reads it: "3.2×", "12×". */
const times = (n: number) => `${n >= 10 ? Math.round(n) : Math.round(n * 10) / 10}×`;

/**
 * What an anomaly flag saw, with its figures: "200 activities logged within one minute (Fri 20
 * Nov 14:58): 200 calls", "90 calls this week, 4.5× their weekly average of 20 over 6 weeks".
 */
export function flagText(flag: AnomalyFlag, byKey: ReadonlyMap<string, CatalogueItem>): string {
  const named = (key: string, count: number) => countOf(byKey.get(key) ?? { label: key }, count);
  switch (flag.kind) {
    case 'burst':
      return `${thousands(flag.units)} activities logged within one minute (${shortDay(flag.at.day)} ${flag.at.time}): ${joinAnd(flag.byActivity.map((a) => named(a.activityKey, a.count)))}`;
    case 'off_norm': {
      const average = Math.round(flag.average * 10) / 10;
      const factor = flag.average > 0 ? `${times(flag.count / flag.average)} their` : 'against their';
      return `${named(flag.activityKey, flag.count)} this week, ${factor} weekly average of ${thousands(average)} over ${flag.weeks} weeks`;
    }
    case 'backdated':
      return `${flag.backdated} of ${flag.of} entries this week logged on a later day than the day they are for`;
    case 'large_amount':
      return `a ${byKey.get(flag.activityKey)?.noun ?? byKey.get(flag.activityKey)?.label ?? flag.activityKey} of ${moneyIn(flag.cents, flag.currency)} on ${shortDay(flag.day)}, ${times(flag.cents / flag.teamLargestCents)} the team’s largest of the weeks before (${moneyIn(flag.teamLargestCents, flag.currency)})`;
  }
}

/** A rep's own short Friday note. */
export function buildRepNote(rep: RepWeek, catalogue: CatalogueItem[]): SlackMessage {
  const byKey = catalogueByKey(catalogue);
  const top = rep.byActivity.slice(0, 3).map((a) => countOf(byKey.get(a.activityKey) ?? { label: a.activityKey }, a.count));
  let head: string;
  if (rep.goal === null) head = `Your week: *${pts(rep.total)}*${rep.absence?.allWeek ? ' (away all week, not judged)' : ''}.`;
  else if (rep.total >= rep.goal) head = `Your week: *${thousands(rep.total)} / ${pts(rep.goal)}*. :tada: Goal reached!`;
  else
    head = `Your week: *${thousands(rep.total)} / ${pts(rep.goal)}* (${percent(rep.total, rep.goal)}%), ${pts(rep.goal - rep.total)} short of the goal.`;
  const detail = top.length > 0 ? `Top: ${joinAnd(top)}. ${change(rep)}.` : 'Nothing logged this week.';
  return {
    text: head.replace(/\*/g, ''),
    blocks: [section(head), context(`${detail} \`/points\` shows the details.`)],
  };
}

/** Reps per final-numbers message: one section each keeps it far under Block Kit's 50 blocks. */
const FINAL_REPS_PER_MESSAGE = 40;
/** Entries listed per rep; the rest are counted. */
const FINAL_ENTRIES_PER_REP = 10;

/**
 * The week's final numbers, after it closed: only the reps whose total changed since the digest,
 * each with the entries that changed it, who logged them and when (late, backdated or taken back).
 */
export function buildFinalNumbers(args: {
  weekStart: string;
  /** When the digest's figures were read, in the manager's zone: "Fri 27 Nov 15:00". */
  digestAsOf: string;
  changes: FinalChange[];
  catalogue: CatalogueItem[];
}): SlackMessage[] {
  const byKey = catalogueByKey(args.catalogue);
  const title = `Final numbers for ${weekLabel(args.weekStart)}`;
  const lines = args.changes.map((c) => {
    const diff = c.now - c.was;
    const head = `${mention(c.repId)} *${pts(c.now)}* (was ${thousands(c.was)} in the digest, ${diff > 0 ? '+' : '−'}${thousands(Math.abs(diff))})`;
    const described = c.entries.slice(0, FINAL_ENTRIES_PER_REP).map((e) => {
      const sign = `${e.points >= 0 ? '+' : '−'}${pts(Math.abs(e.points))}`;
      const why = e.reason === undefined ? '' : `: “${literalMrkdwn(e.reason)}”`;
      if (e.how === 'adjusted') return `• adjustment · ${sign} · by ${mention(e.by)} ${e.when}${why}`;
      const what = countOf(byKey.get(e.activityKey) ?? { label: e.activityKey }, e.count);
      const amount = e.amountCents ? ` (${e.currency ? moneyIn(e.amountCents, e.currency) : money(e.amountCents)})` : '';
      const forDay = e.how === 'backdated' ? ` for ${e.forDay}` : '';
      const how = e.how === 'undone' ? `taken back by ${mention(e.by)} ${e.when}${why}` : `logged by ${mention(e.by)} ${e.when} (${e.how})`;
      return `• ${what}${amount}${forDay} · ${sign} · ${how}`;
    });
    // Entries while they fit one section with the head and the count line (long escaped reasons take room).
    const shown = within(described, SECTION_ROOM - head.length - 40);
    const more = c.entries.length - shown.length;
    return [head, ...shown, ...(more > 0 ? [`• and ${more} more`] : [])].join('\n');
  });
  const intro = `The week is closed. ${args.changes.length === 1 ? 'One total' : `${args.changes.length} totals`} changed after your digest of ${args.digestAsOf}; everyone else’s stands as it read.`;
  const pages = pagesOf(lines.map(clipToSection), FINAL_REPS_PER_MESSAGE);
  return pages.map((page, p) => {
    const blocks: KnownBlock[] =
      p === 0
        ? [{ type: 'header', text: { type: 'plain_text', text: title } }, context(intro)]
        : [context(`${title} · continued (${p + 1} of ${pages.length})`)];
    for (const line of page) blocks.push(section(line));
    const text = `${title}: ${args.changes.length} changed after the digest${pages.length > 1 ? ` (part ${p + 1} of ${pages.length})` : ''}.`;
    return { text, blocks };
  });
}
