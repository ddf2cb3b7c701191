import { CHAIN_WEEKS } from '../charts/data.js';
import type { RollupKpiRow } from '../digest/rollup.js';
import type { CatalogueItem } from '../scoring/catalogue.js';
import {
  BENCHMARK_PER_1000_CALLS,
  CHAIN_STEP_LABELS,
  CHAIN_STEPS,
  OPPORTUNITY_STEP,
  rate,
  type ActivityCounts,
  type BehindReason,
  type ChainStep,
  type KpiPeriods,
  type Kpis,
  type Period,
  type RepKpis,
  type TeamChain,
} from '../scoring/kpis.js';
import { dayMonth, isoWeekday, weekdayName, type LocalDay } from '../scoring/week.js';
import { moneyIn, thousands } from './format.js';
import { literalMrkdwn } from '../mrkdwn.js';
import type { DealKpis } from '../scoring/deals.js';
import {
  context,
  mention,
  section,
  sectionsOf,
  TEAM_VIEW_LISTED,
  textMessage,
  unlistedNote,
  within,
  type KnownBlock,
  type SlackMessage,
} from './message.js';

/** The chain's steps as a reader names them: plural, then what a rate is "of". */
const STEP_NAMES: Record<ChainStep, { plural: string; of: string; short: string }> = {
  call: { plural: CHAIN_STEP_LABELS.call, of: 'calls', short: 'calls' },
  conversation: { plural: CHAIN_STEP_LABELS.conversation, of: 'conversations', short: 'conv' },
  meeting: { plural: CHAIN_STEP_LABELS.meeting, of: 'meetings booked', short: 'mtg' },
  discovery: { plural: CHAIN_STEP_LABELS.discovery, of: 'discovery calls', short: 'disc' },
  demo: { plural: CHAIN_STEP_LABELS.demo, of: 'demos', short: 'demo' },
  closed_won: { plural: CHAIN_STEP_LABELS.closed_won, of: 'closed-won deals', short: 'won' },
};

/** A rate as a percentage with one decimal at most: "6.7 %", "40 %", "0 %". */
export function percentText(r: number): string {
  return `${thousands(Math.round(r * 1000) / 10)} %`;
}

/** Per 1,000 calls, one decimal at most: "27.8". */
const per1000Text = (meetings: number, calls: number) => thousands(Math.round((meetings / calls) * 10_000) / 10);

const labelOf = (catalogue: readonly CatalogueItem[], key: string) => catalogue.find((c) => c.key === key)?.label ?? key;

/** "Mon 20 · Tue 30 · … · Fri 0", weekend days only when something was logged on them. */
function daysText(days: readonly number[]): string {
  return days
    .map((n, i) => ({ n, name: weekdayName(i + 1).slice(0, 3), weekend: i >= 5 }))
    .filter((d) => !d.weekend || d.n !== 0)
    .map((d) => `${d.name} ${thousands(d.n)}`)
    .join(' · ');
}

function activityLine(a: ActivityCounts, periods: KpiPeriods, catalogue: readonly CatalogueItem[]): string {
  const totals = [`week *${thousands(a.week)}*`, `${periods.month.label} *${thousands(a.month)}*`];
  if (periods.quarter) totals.push(`${periods.quarter.label} *${thousands(a.quarter ?? 0)}*`);
  return `• ${labelOf(catalogue, a.activityKey)}: ${daysText(a.days)} — ${totals.join(' · ')}`;
}

/** The activity counts: each day of the week, the week, the month (and the quarter). */
function activityBlocks(kpis: Kpis, periods: KpiPeriods, catalogue: readonly CatalogueItem[]): KnownBlock[] {
  const title = `*Activity* · days and week of ${periods.week.label}, month ${periods.month.label}${periods.quarter ? `, ${periods.quarter.label}` : ''}`;
  if (kpis.activities.length === 0) return [section(`${title}\nNothing logged.`)];
  return packed(
    title,
    kpis.activities.map((a) => activityLine(a, periods, catalogue)),
  );
}

/** "no calls logged": why a rate cannot be given. */
const noneLogged = (step: ChainStep) => `no ${STEP_NAMES[step].of} logged`;

/** A step's rate of the step before it, or why there is none. */
function stepRate(k: TeamChain, step: ChainStep, before: ChainStep): string {
  const r = rate(k.chain[step], k.chain[before]);
  return r === null ? noneLogged(before) : percentText(r);
}

/** Opportunities per 1,000 calls against the team and the published benchmark. */
function benchmarkLine(kpis: Kpis, team?: TeamChain): string {
  const own = (k: TeamChain) => (k.chain.call > 0 ? per1000Text(k.chain[OPPORTUNITY_STEP], k.chain.call) : noneLogged('call'));
  const vsTeam = team ? ` (team ${own(team)})` : '';
  return `Opportunities (meetings booked) per 1,000 calls: *${own(kpis)}*${vsTeam} · benchmark about ${BENCHMARK_PER_1000_CALLS}`;
}

/** The conversion chain over the chain period, each step's rate of the one before, against the team's. */
function chainBlock(kpis: Kpis, period: Period, team?: TeamChain): KnownBlock {
  const lines = [`*Conversion* · ${period.label}`, `${STEP_NAMES.call.plural} *${thousands(kpis.chain.call)}*`];
  for (let i = 1; i < CHAIN_STEPS.length; i++) {
    const step = CHAIN_STEPS[i]!;
    const before = CHAIN_STEPS[i - 1]!;
    const own = stepRate(kpis, step, before);
    const of = rate(kpis.chain[step], kpis.chain[before]) === null ? '' : ` of ${STEP_NAMES[before].of}`;
    const against = team ? ` (team ${stepRate(team, step, before)})` : '';
    lines.push(`→ ${STEP_NAMES[step].plural} *${thousands(kpis.chain[step])}* · ${own}${of}${against}`);
  }
  lines.push(benchmarkLine(kpis, team));
  const win = (k: TeamChain) => stepRate(k, 'closed_won', OPPORTUNITY_STEP);
  lines.push(`Win rate (closed-won deals per meeting booked): *${win(kpis)}*${team ? ` (team ${win(team)})` : ''}`);
  return section(lines.join('\n'));
}

/** "$12,500 in 2 deals, average $6,250": one currency's deals, never added to another's. */
function dealsText(kpis: Kpis): string {
  const won = kpis.chain.closed_won;
  if (won === 0) return 'No closed-won deals.';
  const parts = kpis.deals.map(
    (d) =>
      `${moneyIn(d.cents, d.currency)} in ${thousands(d.deals)} ${d.deals === 1 ? 'deal' : 'deals'}, average ${moneyIn(d.averageCents, d.currency)}`,
  );
  if (kpis.dealsWithoutAmount > 0) parts.push(`${thousands(kpis.dealsWithoutAmount)} without an amount`);
  return `${thousands(won)} ${won === 1 ? 'deal' : 'deals'}: ${parts.join(' · ')}`;
}

/** The closed-won part: in as many sections as a quarter of a team's deals needs. */
function dealsBlocks(kpis: Kpis, period: Period): KnownBlock[] {
  return sectionsOf([`*Closed-won* · ${period.label}`, dealsText(kpis), ...accountLines(kpis.accounts)]);
}

/** What a rep who names no account reads where the deal KPIs would be. */
export const NAME_ACCOUNTS = 'Deals by account: name accounts on your entries to see this (`/log demo self-led Acme`).';

/** Won deals listed with their days and touches to close; a team's quarter can hold hundreds. */
export const DEALS_LISTED = 20;
/** The most text those lines take, leaving the rest of a message's 12,000 characters to the view. */
const DEALS_CHARS = 4000;

/** The benchmark touches to close are read against: most sales close on the 5th to 12th contact. */
const CONTACTS = { first: 5, last: 12 } as const;

/** "closed on contact 7 (within the 5th–12th)": the closing entry is the contact after the touches before it. */
function contactText(touches: number): string {
  const n = touches + 1;
  const where = n < CONTACTS.first ? 'before the 5th' : n > CONTACTS.last ? 'after the 12th' : 'within the 5th–12th';
  return `closed on contact ${thousands(n)} (${where})`;
}

/** Win rate, time and touches to close per deal, and open pipeline against the monthly quota. */
function accountLines(deals: DealKpis | undefined): string[] {
  if (!deals?.named) return [NAME_ACCOUNTS];
  const lines: string[] = [];
  const closed = deals.won.length + deals.lost;
  lines.push(
    closed === 0
      ? 'Win rate (won / (won + lost), named accounts): no deal closed for a named account'
      : `Win rate (won / (won + lost), named accounts): *${percentText(deals.won.length / closed)}* · ${thousands(deals.won.length)} won, ${thousands(deals.lost)} lost`,
  );
  // The deals listed one by one are the first DEALS_LISTED (by account), within DEALS_CHARS of
  // text (account names run to 100 characters, longer once escaped); the rest are counted.
  const listed = within(
    deals.won
      .slice(0, DEALS_LISTED)
      .map(
        (d) =>
          `• ${literalMrkdwn(d.account)}: ${thousands(d.days)} ${d.days === 1 ? 'day' : 'days'} to close, ${thousands(d.touches)} ${d.touches === 1 ? 'touch' : 'touches'} before it, ${contactText(d.touches)}`,
      ),
    DEALS_CHARS,
  );
  lines.push(...listed);
  const more = deals.won.length - listed.length;
  if (more > 0) lines.push(`…and ${thousands(more)} more won ${more === 1 ? 'deal' : 'deals'}`);
  if (deals.won.length > 0) lines.push(`Most sales close on the ${CONTACTS.first}th to ${CONTACTS.last}th contact.`);
  const open = deals.pipeline.map((p) => moneyIn(p.cents, p.currency)).join(' · ') || 'none';
  const q = deals.quota;
  if (!q) lines.push(`Open pipeline: *${open}* · no monthly quota set`);
  else {
    const inQuota = deals.pipeline.find((p) => p.currency === q.currency)?.cents ?? 0;
    const coverage = q.cents > 0 ? `${thousands(Math.round((inQuota / q.cents) * 10) / 10)}×` : '—';
    lines.push(`Open pipeline: *${open}* · *${coverage}* the ${moneyIn(q.cents, q.currency)} monthly quota (goal 4×)`);
  }
  return lines;
}

/** Room for a message's block text: under Slack's cap of about 12,000 characters, with a margin. */
const TEXT_ROOM = 11_500;

const textLength = (b: KnownBlock): number =>
  b.type === 'section'
    ? (b.text?.text.length ?? 0)
    : b.type === 'context'
      ? b.elements.reduce((n, e) => n + ('text' in e ? e.text.length : 0), 0)
      : 0;

/** Lines under a title, as few sections as fit Slack's limit on a section's text. */
const packed = (title: string, lines: string[]): KnownBlock[] => sectionsOf([title, ...lines]);

const spanLabel = (periods: KpiPeriods) => periods.chain.label;

const DEFINITIONS =
  'Rates are counts of the same period divided, step by step, not prospects followed one by one. An opportunity is a meeting booked (meetings, demo meetings and qualified meetings booked).';

/**
 * A rep's KPIs as `/points kpis` shows them: activity counts, the conversion chain against their
 * team's and the benchmark, and closed-won deals per currency. `repId` when a manager looks.
 */
export function buildKpiView(args: {
  kpis: Kpis;
  /** The rep's team's chain added up, when they have one: each rate is shown against it. */
  team?: TeamChain;
  periods: KpiPeriods;
  catalogue: readonly CatalogueItem[];
  repId?: string;
}): SlackMessage {
  const whose = args.repId ? `${mention(args.repId)}'s KPIs` : 'Your KPIs';
  const title = `${whose} · ${spanLabel(args.periods)}`;
  const blocks: KnownBlock[] = [
    section(`*${title}*`),
    ...activityBlocks(args.kpis, args.periods, args.catalogue),
    chainBlock(args.kpis, args.periods.chain, args.team),
    ...dealsBlocks(args.kpis, args.periods.chain),
    context(DEFINITIONS),
  ];
  return { text: title, blocks };
}

/** Under a team's KPIs when its conversion chart follows in the DM. */
const CHART_FOLLOWS = `:bar_chart: The conversion chart of the last ${CHAIN_WEEKS} weeks is on its way to your DM with me.`;

/** One rep's line in the team view: the chain's counts, per 1,000 calls, and deals per currency. */
export function repKpiLine(r: RepKpis): string {
  if (!r.logged) return `${mention(r.repId)} · nothing logged`;
  const counts = CHAIN_STEPS.map((s) => `${thousands(r.chain[s])} ${STEP_NAMES[s].short}`).join(' › ');
  const per1000 = r.chain.call > 0 ? `${per1000Text(r.chain[OPPORTUNITY_STEP], r.chain.call)}/1,000 calls` : noneLogged('call');
  // Three currencies at most, so one rep's line stays a line.
  const deals = r.deals.slice(0, 3).map((d) => moneyIn(d.cents, d.currency));
  if (r.deals.length > 3) deals.push(`${r.deals.length - 3} more currencies`);
  return [`${mention(r.repId)} · ${counts}`, per1000, ...deals].join(' · ');
}

/**
 * A team's KPIs as `/points team kpis` shows them: the team's activity counts, chain and deals,
 * then one line per rep. A 60-rep team fits in the first message; the lines that do not (reps
 * with deals in many currencies, a whole roster) follow in more messages, each within Slack's
 * limits.
 */
export function buildTeamKpiView(args: {
  reps: RepKpis[];
  team: Kpis;
  periods: KpiPeriods;
  catalogue: readonly CatalogueItem[];
  /** The manager whose team it is, when not the viewer's own. */
  managerId?: string;
  /** Whether the team's conversion chart follows in the viewer's DM: the answer says so. */
  chartFollows?: boolean;
  /** Everyone on the roster (an admin's view): reps not listed are pointed to each team's view and the export. */
  everyone?: boolean;
}): SlackMessage[] {
  const whose = args.managerId ? `${mention(args.managerId)}'s team` : args.everyone ? 'Everyone' : 'Team';
  const title = `${whose} KPIs · ${spanLabel(args.periods)} · ${thousands(args.reps.length)} ${args.reps.length === 1 ? 'rep' : 'reps'}`;
  const legend = `*Each rep* · ${args.periods.chain.label}: ${CHAIN_STEPS.map((s) => STEP_NAMES[s].of).join(' › ')} · meetings booked per 1,000 calls · closed-won per currency`;
  const head: KnownBlock[] = [
    section(`*${title}*`),
    ...activityBlocks(args.team, args.periods, args.catalogue),
    chainBlock(args.team, args.periods.chain),
    ...dealsBlocks(args.team, args.periods.chain),
  ];
  const foot = [context(DEFINITIONS), ...(args.chartFollows ? [context(CHART_FOLLOWS)] : [])];
  let lines = args.reps.slice(0, TEAM_VIEW_LISTED).map(repKpiLine);
  const unlisted = args.reps.length - lines.length;
  // Under the last message, which every message leaves room for.
  const where = args.everyone ? { team: '/points team @manager kpis' } : undefined;
  const note = unlisted > 0 ? [context(unlistedNote(unlisted, 'with as many calls or fewer', where))] : [];
  const noteRoom = note.reduce((n, b) => n + textLength(b), 0);
  let room = TEXT_ROOM - [...head, ...foot].reduce((n, b) => n + textLength(b), 0) - legend.length - noteRoom;
  let shown = within(lines, room);
  const messages: SlackMessage[] = [{ text: title, blocks: [...head, ...packed(legend, shown), ...foot] }];
  for (lines = lines.slice(shown.length); lines.length > 0; lines = lines.slice(shown.length)) {
    const more = `*${title}* · more reps`;
    room = TEXT_ROOM - more.length - noteRoom;
    // A line always goes, so the loop ends: none is longer than a message's room.
    shown = within(lines, room);
    if (shown.length === 0) shown = lines.slice(0, 1);
    messages.push({ text: `${title} · more reps`, blocks: packed(more, shown) });
  }
  messages.at(-1)!.blocks!.push(...note);
  return messages;
}

/** The acknowledgement of `/points … kpis` when the figures take longer than Slack waits (a whole roster's). */
export const buildKpisFollow = (): SlackMessage =>
  textMessage(':hourglass_flowing_sand: Adding these KPIs up takes a few seconds; they follow in a moment.');

/** Three-letter weekday of a day (Mon, Tue, …). */
const weekdayOf = (day: LocalDay) => weekdayName(isoWeekday(day)).slice(0, 3);

/**
 * A reason a rep is behind, as a manager reads it, with the figures it comes from: "logged
 * nothing Mon–Wed", "no meetings booked from 180 calls: conversion 0 % vs team 3 %".
 */
export function reasonText(reason: BehindReason, weekStart: LocalDay): string {
  const vsTeam = (r: number | null) => (r === null ? 'no team calls logged' : `team ${percentText(r)}`);
  switch (reason.kind) {
    case 'quiet_days':
      return `logged nothing ${weekdayOf(weekStart)}–${weekdayOf(reason.to)}`;
    case 'no_meetings': {
      const onPace = reason.calls >= reason.teamAverageCalls ? `calls on pace (team average ${thousands(reason.teamAverageCalls)}), ` : '';
      return `${onPace}no meetings booked from ${thousands(reason.calls)} calls: conversion 0 % vs ${vsTeam(reason.teamRate)}`;
    }
    case 'low_conversion':
      return `${thousands(reason.meetings)} ${reason.meetings === 1 ? 'meeting' : 'meetings'} booked from ${thousands(reason.calls)} calls: conversion ${percentText(reason.rate)} vs ${vsTeam(reason.teamRate)}`;
    case 'few_calls':
      return `${thousands(reason.calls)} ${reason.calls === 1 ? 'call' : 'calls'} vs a team average of ${thousands(reason.teamAverageCalls)}`;
    case 'no_demo':
      return `${thousands(reason.discoveries)} discoveries, no demo since ${dayMonth(reason.since)}`;
  }
}

/** The team's conversion in one line for the digest: the chain with each step's rate, and the benchmark. */
export function chainSummary(team: Kpis): string {
  const steps = CHAIN_STEPS.map((step, i) => {
    const count = `${thousands(team.chain[step])} ${STEP_NAMES[step].of}`;
    if (i === 0) return count;
    const r = rate(team.chain[step], team.chain[CHAIN_STEPS[i - 1]!]);
    return r === null ? count : `${count} (${percentText(r)})`;
  });
  const per1000 = team.chain.call > 0 ? per1000Text(team.chain[OPPORTUNITY_STEP], team.chain.call) : noneLogged('call');
  return `*KPIs:* ${steps.join(' → ')} · meetings booked per 1,000 calls: *${per1000}* (benchmark about ${BENCHMARK_PER_1000_CALLS})`;
}

/**
 * A director's `/points team kpis`: every rep below them added up (activity, conversion, deals),
 * then one line per team with its chain and the command that opens it. `directorId` when an
 * admin looks at another director's.
 */
export function buildRollupKpiView(args: {
  rows: RollupKpiRow[];
  total: Kpis;
  reps: number;
  periods: KpiPeriods;
  catalogue: readonly CatalogueItem[];
  directorId: string;
  viewerId: string;
}): SlackMessage[] {
  const whose = args.directorId === args.viewerId ? 'Teams under you' : `Teams under ${mention(args.directorId)}`;
  const title = `${whose} · KPIs · ${spanLabel(args.periods)} · ${args.rows.length} ${args.rows.length === 1 ? 'team' : 'teams'}, ${thousands(args.reps)} ${args.reps === 1 ? 'rep' : 'reps'}`;
  const lines = args.rows.map((r) => {
    const name = r.managerId === args.directorId ? '*Own reps*' : `*${mention(r.managerId)}’s team*`;
    const open = r.managerId === args.directorId ? '' : ` · open it: \`/points team kpis\` ${mention(r.managerId)}`;
    return `${name} · ${thousands(r.reps)} ${r.reps === 1 ? 'rep' : 'reps'}${open}\n${chainSummary(r.kpis)}`;
  });
  const blocks: KnownBlock[] = [
    section(`*${title}*`),
    ...activityBlocks(args.total, args.periods, args.catalogue),
    chainBlock(args.total, args.periods.chain),
    ...dealsBlocks(args.total, args.periods.chain),
  ];
  const room = TEXT_ROOM - blocks.reduce((n, b) => n + textLength(b), 0);
  const shown = within(lines, room);
  const messages: SlackMessage[] = [{ text: title, blocks: [...blocks, ...packed('*Each team*', shown)] }];
  for (let rest = lines.slice(shown.length); rest.length > 0;) {
    const more = within(rest, TEXT_ROOM - 40);
    const page = more.length > 0 ? more : rest.slice(0, 1);
    messages.push({ text: `${title} · more teams`, blocks: packed(`*${title}* · more teams`, page) });
    rest = rest.slice(page.length);
  }
  return messages;
}
