import type { ParseResult } from '../scoring/parse/index.js';
import { recordEntries } from '../scoring/ledger.js';
import { buildLogConfirmation, buildLogError, buildSlowDown, buildWeekInDoubt } from '../views/log.js';
import type { SlackMessage } from '../views/message.js';
import type { Deps, RepNow } from './deps.js';
import { judged } from './history.js';

/**
 * The answer to a line to log, typed after `/log` or sent by a "Log this" button: slowed down,
 * refused with the reason (and the line corrected, when there is one), or saved and confirmed.
 */
export async function answerLogLine(
  deps: Deps,
  userId: string,
  rep: RepNow,
  parsed: Extract<ParseResult, { kind: 'log' | 'error' }>,
): Promise<SlackMessage> {
  // A line refused counts as one saved does, so a flood of bad or over-long lines is slowed too.
  const allowed = deps.logLimiter.take(userId, rep.now.getTime());
  if (!allowed.ok) return buildSlowDown(deps.config.logRatePerMinute, allowed.retryInMs);
  if (parsed.kind === 'error') return buildLogError(parsed.message, parsed.showHelp, rep.catalogue, rep.week.goal, parsed.suggestion);
  if (rep.weekInDoubt) return buildWeekInDoubt('logged');
  const saved = await deps.writes.run(
    () =>
      recordEntries(deps.db, {
        userId,
        items: parsed.items,
        day: parsed.day,
        note: parsed.note,
        source: 'command',
        now: rep.now,
        catalogue: rep.catalogue,
      }),
    rep.writeBy,
  );
  const weeks = judged(deps, rep, userId, new Map([[saved.weekStart, saved.weekTotal]]));
  return buildLogConfirmation({ ...saved, weeks }, rep);
}
