import type { types } from '@slack/bolt';
import type { CatalogueItem } from '../scoring/catalogue.js';
import { catalogueByKey } from '../scoring/catalogue.js';
import type { Delivery, Entry } from '../db/schema.js';
import type { RoleGoals } from '../scoring/programme.js';
import { dayMonth, weekLabel, type LocalDay } from '../scoring/week.js';
import { chartBlock } from './charts.js';
import { joinAnd } from './format.js';
import { ids } from './ids.js';
import { describeEntry } from './log.js';
import { context, mention, section, type KnownBlock, type SlackMessage } from './message.js';
import { describeGoals } from './programme.js';

/** An uploaded chart: what it shows (for the alt text) and its Slack file id. */
export interface UploadedChart {
  chart: { altText: string; title: string };
  fileId: string;
}

/** The rep's part of the Home: their week as `/points` shows it, the trend, the latest entries. */
export interface HomeRep {
  week: SlackMessage;
  /** Absent when the chart could not be drawn or uploaded: the Home goes out without it. */
  trend?: UploadedChart;
  /** This week's latest entries still standing, newest first (HOME_ENTRIES at most). */
  entries: Entry[];
  /** How many entries of this week still stand. */
  standing: number;
  catalogue: CatalogueItem[];
  today: LocalDay;
}

/** The manager's part: the team's week as the digest shows it, live, and one row per rep. */
export interface HomeTeam {
  weekStart: LocalDay;
  summary: string;
  /** The team's KPI line of the week, as the digest gives it (chainSummary). */
  kpis?: string;
  chart?: UploadedChart;
  /** The team's conversion chain of the last weeks, shown below the team chart. */
  conversion?: UploadedChart;
  /**
   * Every rep's line in the digest's order (furthest behind first), with the digest's reason and
   * flags under it; a page of them is shown.
   */
  rows: Array<{ repId: string; line: string }>;
  page: number;
}

/** The admin's part: the programme in force and what is planned, the roster's gaps, the week's digests. */
export interface HomeAdmin {
  weekStart: LocalDay;
  roles: Array<{ role: string; goals: RoleGoals; nextGoals?: LocalDay; nextCatalogue?: LocalDay }>;
  roster: { noStartDate: string[]; unknownRole: Array<{ id: string; role: string }>; noManager: string[] };
  deliveries: Delivery[];
  managers: string[];
}

/** Latest entries shown with an Undo each; `/log history` lists the rest. */
export const HOME_ENTRIES = 5;
/** Rep rows on one page of the manager's part: with the other parts, well within a Home tab's 100 blocks. */
export const HOME_REPS_PER_PAGE = 25;
/** Names listed per roster problem before "and N more". */
const NAMES_LISTED = 10;
/** Slack's limit on a section's text. */
const SECTION_MAX = 3000;

const clip = (text: string) => (text.length > SECTION_MAX ? `${text.slice(0, SECTION_MAX - 1)}…` : text);
const button = (action_id: string, text: string, value: string, style?: 'primary') => ({
  type: 'button' as const,
  action_id,
  text: { type: 'plain_text' as const, text },
  value,
  ...(style ? { style } : {}),
});
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } });

function repBlocks(rep: HomeRep): KnownBlock[] {
  const byKey = catalogueByKey(rep.catalogue);
  const blocks: KnownBlock[] = [...rep.week.blocks];
  if (rep.trend) blocks.push(chartBlock(rep.trend.chart, rep.trend.fileId));
  const latest = rep.entries.slice(0, HOME_ENTRIES);
  if (latest.length > 0) {
    blocks.push(section(`*Latest entries*${rep.standing > latest.length ? ` (${latest.length} of ${rep.standing} this week)` : ''}`));
    for (const e of latest)
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: describeEntry(e, byKey, rep.today) },
        accessory: button(ids.homeUndoButton, 'Undo', String(e.id)),
      });
  }
  blocks.push({
    type: 'actions',
    elements: [button(ids.homeLogButton, 'Log activity', 'open', 'primary'), button(ids.homeHistoryButton, 'See history', 'this_week')],
  });
  return blocks;
}

function teamBlocks(team: HomeTeam): KnownBlock[] {
  const pages = Math.max(1, Math.ceil(team.rows.length / HOME_REPS_PER_PAGE));
  const page = Math.min(Math.max(0, team.page), pages - 1);
  const shown = team.rows.slice(page * HOME_REPS_PER_PAGE, (page + 1) * HOME_REPS_PER_PAGE);
  const blocks: KnownBlock[] = [header(`Your team · ${weekLabel(team.weekStart)}`), section(clip(team.summary))];
  if (team.kpis) blocks.push(section(clip(team.kpis)));
  if (team.chart) blocks.push(chartBlock(team.chart.chart, team.chart.fileId));
  if (team.conversion) blocks.push(chartBlock(team.conversion.chart, team.conversion.fileId));
  if (team.rows.length === 0) blocks.push(section('No reps on your team this week.'));
  for (const r of shown)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(r.line) },
      accessory: button(ids.homeRepButton, 'Open week', r.repId),
    });
  if (pages > 1) {
    const first = page * HOME_REPS_PER_PAGE;
    blocks.push(
      context(`Reps ${first + 1}–${first + shown.length} of ${team.rows.length}, furthest behind first. \`/points team\` lists them all.`),
    );
    blocks.push({
      type: 'actions',
      elements: [
        ...(page > 0 ? [button(ids.homeRepsPageButton, 'Previous reps', String(page - 1))] : []),
        ...(page < pages - 1 ? [button(ids.homeRepsPageButton, 'More reps', String(page + 1))] : []),
      ],
    });
  }
  return blocks;
}

/** "<@U1>, <@U2> and 3 more". */
function names(list: string[]): string {
  const shown = list.slice(0, NAMES_LISTED);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : joinAnd(shown);
}

function deliveryLine(admin: HomeAdmin): string {
  const digests = new Map(admin.deliveries.filter((d) => d.kind === 'digest').map((d) => [d.recipientId, d]));
  const of = (status: Delivery['status']) => admin.managers.filter((m) => digests.get(m)?.status === status);
  const sent = of('sent');
  const failed = of('failed').map((m) => `${mention(m)}: \`${digests.get(m)!.lastError ?? 'unknown'}\``);
  const retrying = of('pending');
  const noChart = sent.filter((m) => digests.get(m)!.lastError).map((m) => `${mention(m)} (${digests.get(m)!.lastError})`);
  const notYet = admin.managers.length - sent.length - failed.length - retrying.length - of('sending').length;
  const parts = [
    `${sent.length} of ${admin.managers.length} sent`,
    retrying.length ? `${retrying.length} retrying` : '',
    notYet > 0 ? `${notYet} not sent yet` : '',
  ].filter(Boolean);
  return [
    `*Digests this week:* ${admin.managers.length === 0 ? 'no managers on the roster yet' : parts.join(' · ')}`,
    failed.length ? `:x: Failed: ${names(failed)}` : '',
    noChart.length ? `:warning: Sent without the chart: ${names(noChart)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function adminBlocks(admin: HomeAdmin): KnownBlock[] {
  const programme = admin.roles.map((r) => {
    const planned = [
      r.nextGoals ? `goals change from the week of ${dayMonth(r.nextGoals)}` : '',
      r.nextCatalogue ? `catalogue changes from the week of ${dayMonth(r.nextCatalogue)}` : '',
    ].filter(Boolean);
    return `*${r.role}* · ${describeGoals(r.goals)}\n    _${planned.length ? `next: ${planned.join('; ')}` : 'no change planned'}_`;
  });
  const { roster } = admin;
  const problems = [
    roster.noStartDate.length ? `• No start date (judged as established): ${names(roster.noStartDate.map(mention))}` : '',
    roster.unknownRole.length ? `• A role with no programme: ${names(roster.unknownRole.map((r) => `${mention(r.id)} (${r.role})`))}` : '',
    roster.noManager.length ? `• No manager (in no digest): ${names(roster.noManager.map(mention))}` : '',
  ].filter(Boolean);
  return [
    header('Admin'),
    section(clip(`*Programme in force · week of ${dayMonth(admin.weekStart)}*\n${programme.join('\n')}`)),
    section(
      clip(problems.length ? `*Roster problems*\n${problems.join('\n')}` : '*Roster:* every rep has a start date, a role and a manager.'),
    ),
    section(clip(deliveryLine(admin))),
    context('`/points-admin programme` to change goals and activities · `/points-admin roster` · `/points-admin digest status`'),
  ];
}

/**
 * The App Home tab: each part that applies to the viewer (their own week as a rep, their team
 * as a manager, the programme and roster as an admin), a notice at the top when an action just
 * changed something, and how to use the bot.
 */
export function buildHomeView(parts: { rep?: HomeRep; team?: HomeTeam; admin?: HomeAdmin; notice?: SlackMessage }): types.HomeView {
  const sections = [
    parts.rep && repBlocks(parts.rep),
    parts.team && teamBlocks(parts.team),
    parts.admin && adminBlocks(parts.admin),
  ].filter((b): b is KnownBlock[] => b !== undefined);
  const blocks: KnownBlock[] = [...(parts.notice?.blocks ?? [])];
  sections.forEach((s, i) => blocks.push(...(i > 0 ? [{ type: 'divider' } as KnownBlock] : []), ...s));
  blocks.push(
    { type: 'divider' },
    context(
      'Log from anywhere: `/log demo self-led`, `/log 30 calls, 12 emails`, `/log undo`, `/log help`. `/points` shows your week, `/points trend` your last 8 weeks.',
    ),
  );
  return { type: 'home', blocks };
}
