import { entriesByIds, weekEntryIds, weekSummary, type UndoResult } from '../scoring/ledger.js';
import { parsePointsQuery } from '../scoring/points-query.js';
import { judgeWeeks, type JudgedWeek } from '../scoring/standing.js';
import type { LocalDay } from '../scoring/week.js';
import { buildHistory, buildHistoryRefusal, HISTORY_PAGE } from '../views/log.js';
import type { SlackMessage } from '../views/message.js';
import type { Deps, RepNow } from './deps.js';

/** An undo's result with each week it touched judged, as the undo answer shows them. */
export function judgedUndo(deps: Deps, userId: string, result: UndoResult): UndoResult & { weeks: JudgedWeek[] } {
  return { ...result, weeks: judgeWeeks(deps.db, { userId, weekTotals: result.weekTotals }) };
}

/**
 * One page of a rep's entries for a week, or the page that holds the entry `around` when given.
 * Only the page's entries are read whole, however many the week holds.
 */
export function historyPage(deps: Deps, rep: RepNow, userId: string, weekStart: LocalDay, page: number | { around: number }): SlackMessage {
  const ids = weekEntryIds(deps.db, userId, weekStart);
  const [week] = judgeWeeks(deps.db, { userId, weekTotals: new Map([[weekStart, weekSummary(deps.db, userId, weekStart).total]]) });
  const wanted = typeof page === 'number' ? page : Math.max(0, Math.floor(ids.indexOf(page.around) / HISTORY_PAGE));
  const at = Math.min(Math.max(0, wanted), Math.max(0, Math.ceil(ids.length / HISTORY_PAGE) - 1));
  const entries = entriesByIds(deps.db, ids.slice(at * HISTORY_PAGE, (at + 1) * HISTORY_PAGE));
  return buildHistory({ week: week!, entries, total: ids.length, page: at }, rep);
}

/** `/log history [week]`: the week named as `/points` reads it (this week when none is), or why not. */
export function historyOf(deps: Deps, rep: RepNow, userId: string, weekText: string): SlackMessage {
  const query = parsePointsQuery(weekText, rep.week.currentWeek);
  if (query.kind === 'future') return buildHistoryRefusal({ future: true });
  if (query.kind !== 'self') return buildHistoryRefusal({ unreadable: weekText });
  return historyPage(deps, rep, userId, query.weekStart, 0);
}
