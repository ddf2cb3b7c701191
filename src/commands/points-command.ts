import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { findUser } from '../people.js';
import { canSeeRep, isAdmin } from '../roster/permissions.js';
import { managersAmong } from '../roster/roster.js';
import { parsePointsQuery } from '../scoring/points-query.js';
import { weekLabel } from '../scoring/week.js';
import { teamView } from '../digest/team-view.js';
import { buildPointsHelp, buildPointsRefusal, notADate } from '../views/points.js';
import { typedText } from './command-text.js';
import { peopleDeps, repNow, type Deps } from './deps.js';
import { ephemeral, replyOrDm } from './reply.js';
import { weekView } from './week-view.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/points [last week | DATE]`, `/points team [@manager]`, `/points @rep`: weeks against the goal. */
export const pointsCommand =
  (deps: Deps) =>
  async ({ command, ack, client, respond }: Args) => {
    const viewer = command.user_id;
    try {
      const rep = await repNow(deps, client, viewer);
      const query = parsePointsQuery(typedText(command.text), rep.week.currentWeek);
      if (query.kind === 'unknown') return await ack(ephemeral(buildPointsHelp(query.text, query.badDate && notADate(query.badDate))));
      if (query.kind === 'help') return await ack(ephemeral(buildPointsHelp('')));
      if (query.kind === 'future') {
        return await ack(ephemeral(buildPointsHelp('', `The week of ${weekLabel(query.weekStart)} hasn't started yet.`)));
      }
      if (query.kind === 'self') return await ack(ephemeral(weekView(deps, rep, viewer, query.weekStart, true)));
      const admin = await isAdmin(peopleDeps(deps, client, rep.now), viewer);
      if (query.kind === 'rep') {
        const target = findUser(deps.db, query.repId);
        if (!target || !canSeeRep(viewer, target, admin)) return await ack(ephemeral(buildPointsRefusal()));
        return await ack(ephemeral(weekView(deps, rep, target.id, query.weekStart, target.id === viewer)));
      }
      if (query.managerId && query.managerId !== viewer && !admin) return await ack(ephemeral(buildPointsRefusal()));
      const managerId = query.managerId ?? viewer;
      const manages = managersAmong(deps.db, [managerId]).has(managerId);
      // An admin who manages no one sees everyone; anyone else needs a team.
      if (!manages && (query.managerId || !admin)) return await ack(ephemeral(buildPointsRefusal('team', query.managerId)));
      const [first, ...more] = teamView(deps.db, {
        weekStart: query.weekStart,
        managerId: manages ? managerId : undefined,
        catalogue: rep.catalogue,
        programme: rep.programme,
      });
      await ack(ephemeral(first!));
      // The rest of a large team follows through the response_url, after the answer.
      void (async () => {
        for (const m of more) await replyOrDm(deps, client, viewer, m, () => respond(ephemeral(m)));
      })();
    } catch (err) {
      deps.logger.error(`/points failed for ${viewer}`, err);
      await ack(ephemeral({ text: ":x: Sorry, I couldn't read the points just now. Please try again in a moment." }));
    }
  };
