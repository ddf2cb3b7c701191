import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { repStanding } from '../scoring/standing.js';
import { addDays, isValidDay, weekStartOf } from '../scoring/week.js';
import { buildPointsHelp, buildPointsView } from '../views/points.js';
import { repNow, type Deps } from './deps.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/points`, `/points last week`, `/points 2026-11-09`: a rep's week against the goal. */
export const pointsCommand = (deps: Deps) => async ({ command, ack, client }: Args) => {
  const ephemeral = { response_type: 'ephemeral' as const };
  try {
    const rep = await repNow(deps, client, command.user_id);
    const text = command.text.trim().toLowerCase().replace(/\s+/g, ' ');
    let weekStart = rep.week.currentWeek;
    if (text === 'last week' || text === 'last' || text === 'previous week') weekStart = addDays(weekStart, -7);
    else if (isValidDay(text)) weekStart = weekStartOf(text);
    else if (text !== '' && text !== 'this week' && text !== 'week') return await ack({ ...ephemeral, ...buildPointsHelp(text) });
    if (weekStart > rep.week.currentWeek) return await ack({ ...ephemeral, ...buildPointsHelp(text) });
    const standing = repStanding(deps.db, { userId: command.user_id, weekStart, ...rep.week, catalogue: rep.catalogue });
    await ack({ ...ephemeral, ...buildPointsView({ ...standing, goal: rep.week.goal, catalogue: rep.catalogue }) });
  } catch (err) {
    deps.logger.error(`/points failed for ${command.user_id}`, err);
    await ack({ ...ephemeral, text: ":x: Sorry, I couldn't read your points just now. Please try again in a moment." });
  }
};
