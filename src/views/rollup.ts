import type { RollupRow, RollupWeek } from '../digest/rollup.js';
import { MAX_REPORTING_DEPTH, type ReportingProblem } from '../roster/hierarchy.js';
import { weekLabel } from '../scoring/week.js';
import { pts, thousands } from './format.js';
import { context, mention, pagesOf, section, sectionsOf, textMessage, type KnownBlock, type SlackMessage } from './message.js';

/** Teams per section keep each section far under its 3,000 characters. */
const ROWS_PER_SECTION = 12;
/** Teams per message keep it under 50 blocks; pagesOf keeps it under 12,000 characters too. */
const ROWS_PER_MESSAGE = ROWS_PER_SECTION * 40;

/** "4 reps · *1,240 pts* · 2 of 3 judged at goal": one team's week, or all of them. */
function figures(r: Omit<RollupRow, 'managerId' | 'level'>, open: boolean | undefined): string {
  const judged =
    r.judged > 0 ? ` · ${r.atGoal} of ${r.judged} judged at goal${open && r.atGoal < r.judged ? ' so far' : ''}` : ' · none judged';
  return `${thousands(r.reps)} ${r.reps === 1 ? 'rep' : 'reps'} · *${pts(r.points)}*${judged}`;
}

/** A team's name in the roll-up: the director's own reps, or a manager's team, set in by how far below it is. */
function teamName(row: RollupRow, directorId: string): string {
  if (row.managerId === directorId) return '*Your own reps*';
  return `${'    '.repeat(Math.max(0, row.level - 1))}*${mention(row.managerId)}’s team*`;
}

/**
 * A director's `/points team` (and their Friday roll-up digest): one line per team below them,
 * each with the command that opens it, and the total. `asOf`: when a digest's figures were read.
 */
export function buildRollupView(
  rollup: RollupWeek,
  opts: { title?: string; asOf?: { weekday: string; time: string } } = {},
): SlackMessage[] {
  const title = opts.title ?? `Teams under you · ${weekLabel(rollup.weekStart)}`;
  const lines = rollup.rows.map(
    (r) =>
      `${teamName(r, rollup.directorId)} · ${figures(r, rollup.open)}${r.managerId === rollup.directorId ? '' : ` · open it: \`/points team\` ${mention(r.managerId)}`}`,
  );
  const text = `${title}: ${rollup.rows.length} teams, ${thousands(rollup.total.reps)} reps, ${pts(rollup.total.points)} in all.`;
  // Hundreds of teams under a VP take several messages, each within Slack's limits.
  const pages = pagesOf(lines, ROWS_PER_MESSAGE);
  if (pages.length === 0) pages.push([]);
  return pages.map((page, p) => {
    const blocks: KnownBlock[] = [];
    if (p === 0) {
      blocks.push({ type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } });
      if (opts.asOf) blocks.push(context(`Figures as of ${opts.asOf.weekday} ${opts.asOf.time}, your time.`));
      blocks.push(
        section(`*All ${rollup.rows.length} ${rollup.rows.length === 1 ? 'team' : 'teams'}:* ${figures(rollup.total, rollup.open)}`),
      );
      blocks.push({ type: 'divider' });
    } else blocks.push(context(`${title} · continued (${p + 1} of ${pages.length})`));
    blocks.push(...sectionsOf(page, ROWS_PER_SECTION));
    if (p === pages.length - 1)
      blocks.push(
        context('Each team’s reps, furthest behind the goal first, and their KPIs: `/points team @manager`, `/points team @manager kpis`.'),
      );
    return { text: pages.length > 1 ? `${text} (part ${p + 1} of ${pages.length})` : text, blocks };
  });
}

/** Why reps may not report to a manager, naming the loop or the chain, top first. */
export function reportingRefusal(repId: string, managerId: string, problem: ReportingProblem): string {
  const chain = problem.chain.map(mention).join(' → ');
  if (problem.kind === 'loop')
    return `${mention(repId)} can’t report to ${mention(managerId)}: that would make a reporting loop (${chain}).`;
  return `${mention(repId)} can’t report to ${mention(managerId)}: that would make a reporting chain ${problem.chain.length} people deep (${chain}); the bot keeps chains to ${MAX_REPORTING_DEPTH}.`;
}

/** The answer to `/points-admin digest rollup @dir on|off`. */
export function buildRollupOptIn(directorId: string, on: boolean, isDirectorNow: boolean): SlackMessage {
  if (!on) return textMessage(`${mention(directorId)} no longer gets the Friday roll-up digest.`);
  const later = isDirectorNow
    ? ''
    : ` Nobody who reports to them manages a team yet: it starts once a manager does (\`/points-admin assign @manager to\` ${mention(directorId)}).`;
  return textMessage(
    `:white_check_mark: ${mention(directorId)} gets the Friday roll-up digest, at the digest time in their zone: one line per team below them, and the total.${later}`,
  );
}
