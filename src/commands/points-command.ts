import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { rollupWeek } from '../digest/rollup.js';
import { teamWeek } from '../digest/team.js';
import { isAdmin, whoseNumbers } from '../roster/permissions.js';
import { parsePointsQuery } from '../scoring/points-query.js';
import { findUser } from '../roster/people.js';
import { weekCatalogue } from '../scoring/catalogue.js';
import { repClock, repWeekStanding } from '../scoring/standing.js';
import { weekLabel } from '../scoring/week.js';
import { buildTeamView } from '../views/digest.js';
import { buildRollupView } from '../views/rollup.js';
import { buildPointsHelp, buildPointsRefusal, buildWeekView, notADate } from '../views/points.js';
import { buildKpisFollow } from '../views/kpis.js';
import { typedText } from './command-text.js';
import { peopleDeps, repNow, type Deps } from './deps.js';
import { kpiAnswer, type KpiAnswer } from './points-kpis.js';
import { textMessage, type SlackMessage } from '../views/message.js';
import { ephemeral, replyOrDm } from './reply.js';
import { trendAnswer, trendAsked } from './trend.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const POINTS_FAILED = textMessage(":x: Sorry, I couldn't read the points just now. Please try again in a moment.");

/** What a promise settles to within `ms`, or undefined when it takes longer (or `ms` is not above 0); a failure within `ms` is thrown. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/points [last week | DATE]`, `/points team [@manager]`, `/points @rep`, `/points trend [@rep]`: weeks against the goal; with `kpis`, their KPIs. */
export const pointsCommand =
  (deps: Deps) =>
  async ({ command, ack, client, respond }: Args) => {
    const viewer = command.user_id;
    try {
      const rep = await repNow(deps, client, viewer);
      const trend = trendAsked(typedText(command.text));
      if (trend !== undefined) return await ack(ephemeral(await trendAnswer(deps, client, viewer, rep, trend)));
      const query = parsePointsQuery(typedText(command.text), rep.week.currentWeek);
      if (query.kind === 'unknown') return await ack(ephemeral(buildPointsHelp(query.text, query.badDate && notADate(query.badDate))));
      if (query.kind === 'help') return await ack(ephemeral(buildPointsHelp('')));
      if (query.kind === 'future') {
        return await ack(ephemeral(buildPointsHelp('', `The week of ${weekLabel(query.weekStart)} hasn't started yet.`)));
      }
      const shown = await whoseNumbers(deps.db, viewer, query, () => isAdmin(peopleDeps(deps, client, rep.now), viewer));
      if (shown.show === 'nothing') return await ack(ephemeral(buildPointsRefusal(shown.reason, shown.managerId)));
      const answer = async ([first, ...more]: SlackMessage[], followUp?: () => Promise<void>) => {
        await ack(ephemeral(first!));
        // The rest of a large team follows through the response_url, after the answer; then any chart.
        void (async () => {
          for (const m of more) await replyOrDm(deps, client, viewer, m, () => respond(ephemeral(m)));
          await followUp?.();
        })();
      };
      if (query.kpis) {
        const pending = kpiAnswer(deps, viewer, rep, { weekStart: query.weekStart, kpis: query.kpis }, shown);
        // The wait ends in time for Slack's 3 s however long the request took so far (a slow users.info).
        const soon = await settledWithin(pending, Math.min(deps.answerWaitMs, rep.writeBy - performance.now()));
        if (soon) return await answer(soon.messages, soon.followUp);
        // A large roster's figures take longer than Slack waits: they follow through the response_url.
        const late = pending.catch((err: unknown): KpiAnswer => {
          deps.logger.error(`/points kpis failed for ${viewer}`, err);
          return { messages: [POINTS_FAILED] };
        });
        await ack(ephemeral(buildKpisFollow()));
        void (async () => {
          const kpis = await late;
          for (const m of kpis.messages) await replyOrDm(deps, client, viewer, m, () => respond(ephemeral(m)));
          await kpis.followUp?.();
        })();
        return;
      }
      // Without an earlier week named, each rep's week is their own current week, in their zone.
      const now = query.weekStart === rep.week.currentWeek;
      const clockOf = (user: Parameters<typeof repClock>[0]) => repClock(user, rep.now, deps.config.defaultTimeZone);
      if (shown.show === 'rep') {
        const own = shown.own ? rep.week : clockOf(findUser(deps.db, shown.repId));
        const week = { weekStart: now ? own.currentWeek : query.weekStart, currentWeek: own.currentWeek };
        const standing = repWeekStanding(deps.db, { ...week, repId: shown.repId, today: own.today });
        return await ack(ephemeral(buildWeekView(standing, week, shown.own ? undefined : shown.repId)));
      }
      const repWeek = now ? { repWeek: (r: Parameters<typeof clockOf>[0]) => clockOf(r).currentWeek } : {};
      if (shown.show === 'rollup') {
        const rollup = rollupWeek(deps.db, {
          directorId: shown.directorId,
          weekStart: query.weekStart,
          currentWeek: rep.week.currentWeek,
          now: rep.now,
          ...repWeek,
        });
        const whose = shown.directorId === viewer ? 'you' : `<@${shown.directorId}>`;
        return await answer(buildRollupView(rollup, { title: `Teams under ${whose} · ${weekLabel(query.weekStart)}` }));
      }
      const team = teamWeek(deps.db, {
        weekStart: query.weekStart,
        managerId: shown.show === 'team' ? shown.managerId : undefined,
        currentWeek: rep.week.currentWeek,
        now: rep.now,
        ...repWeek,
      });
      await answer(buildTeamView(team, weekCatalogue(deps.db, query.weekStart)));
    } catch (err) {
      deps.logger.error(`/points failed for ${viewer}`, err);
      await ack(ephemeral(POINTS_FAILED));
    }
  };
