import { performance } from 'node:perf_hooks';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import { conversionChart, repTrendChart, teamWeekChart, type ChartImage } from '../charts/charts.js';
import { repTrend, teamChain, teamChartData } from '../charts/data.js';
import { deliveriesForWeek } from '../digest/deliveries.js';
import { teamKpiFigures, teamWeek } from '../digest/team.js';
import { WRITE_BUDGET_MS } from '../db/write-queue.js';
import { firstDelivery } from '../events.js';
import { findUser } from '../roster/people.js';
import { isAdmin, whoseNumbers } from '../roster/permissions.js';
import { isManager, rosterManagers, rosterReps } from '../roster/roster.js';
import { catalogueByKey, catalogueWithRetired, nextCatalogueChanges, weekCatalogue } from '../scoring/catalogue.js';
import { entriesByIds, undoEntries, weekEntryIds } from '../scoring/ledger.js';
import { knownRoles, laterChanges, programmeForWeek } from '../scoring/programme.js';
import { repClock, repWeekStanding } from '../scoring/standing.js';
import type { LocalDay } from '../scoring/week.js';
import type { Entry } from '../db/schema.js';
import { behindNotes, repLine, teamSummary } from '../views/digest.js';
import { chainSummary } from '../views/kpis.js';
import { buildHomeView, HOME_ENTRIES, type HomeAdmin, type HomeRep, type HomeTeam, type UploadedChart } from '../views/home.js';
import { ids } from '../views/ids.js';
import { buildUndoResult } from '../views/log.js';
import { buildLogModal, buildResultModal } from '../views/log-modal.js';
import { textMessage, type SlackMessage } from '../views/message.js';
import { buildPointsRefusal, buildWeekView } from '../views/points.js';
import { peopleDeps, repNow, type Deps, type RepNow } from './deps.js';
import { historyPage, judgedUndo } from './history.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A chart drawn and uploaded, or undefined (logged) when either failed: the Home goes out without it. */
async function uploaded(deps: Deps, drawing: Promise<ChartImage>, filename: string): Promise<UploadedChart | undefined> {
  try {
    const chart = await drawing;
    return { chart, fileId: await deps.chartFiles.fileId(deps.background, chart, filename) };
  } catch (err) {
    deps.logger.warn(`the chart ${filename} could not be shown on a Home tab; it is published without it`, err);
    return undefined;
  }
}

/** A rep's latest standing entries of a week for the Home, and how many stand: only those shown are read whole. */
function latestEntries(db: Deps['db'], userId: string, weekStart: LocalDay): { entries: Entry[]; standing: number } {
  const standing = weekEntryIds(db, userId, weekStart, true);
  return { entries: entriesByIds(db, standing.slice(0, HOME_ENTRIES)), standing: standing.length };
}

async function repPart(deps: Deps, rep: RepNow, userId: string): Promise<HomeRep> {
  const week = { weekStart: rep.week.currentWeek, currentWeek: rep.week.currentWeek };
  const standing = repWeekStanding(deps.db, { ...week, repId: userId, today: rep.week.today });
  const trend = repTrend(deps.db, userId, rep.week.currentWeek);
  return {
    week: buildWeekView(standing, week),
    trend: await uploaded(deps, repTrendChart(trend), `trend-${userId}-${rep.week.currentWeek}.png`),
    ...latestEntries(deps.db, userId, rep.week.currentWeek),
    catalogue: rep.catalogue,
    today: rep.week.today,
  };
}

async function teamPart(deps: Deps, rep: RepNow, managerId: string, page: number): Promise<HomeTeam> {
  const team = teamWeek(deps.db, {
    weekStart: rep.week.currentWeek,
    managerId,
    currentWeek: rep.week.currentWeek,
    now: rep.now,
    repWeek: (r) => repClock(r, rep.now, deps.config.defaultTimeZone).currentWeek,
  });
  const catalogue = weekCatalogue(deps.db, team.weekStart);
  const byKey = catalogueByKey(catalogue);
  const repIds = team.reps.map((r) => r.repId);
  const names = await deps.names.names(deps.background, repIds, deps.logger);
  // The digest's KPI line, reasons and flags, read as of the manager's today in the week still open.
  const kpis =
    team.reps.length > 0 ? teamKpiFigures(deps.db, { team, lastDay: rep.week.today, defaultZone: deps.config.defaultTimeZone }) : undefined;
  const [chart, conversion] =
    team.reps.length > 0
      ? await Promise.all([
          uploaded(deps, teamWeekChart(teamChartData(team, names)), `team-${managerId}-${team.weekStart}.png`),
          uploaded(
            deps,
            conversionChart(teamChain(deps.db, repIds, team.weekStart, catalogueWithRetired(deps.db))),
            `chain-${managerId}-${team.weekStart}.png`,
          ),
        ])
      : [undefined, undefined];
  return {
    weekStart: team.weekStart,
    summary: teamSummary(team, catalogue),
    ...(kpis ? { kpis: chainSummary(kpis.team) } : {}),
    chart,
    conversion,
    rows: team.reps.map((r) => ({
      repId: r.repId,
      line: repLine(r, byKey, team.weekStart) + behindNotes(r.repId, kpis, byKey, team.weekStart),
    })),
    page,
  };
}

function adminPart(deps: Deps, rep: RepNow): HomeAdmin {
  const weekStart = rep.week.currentWeek;
  const goals = programmeForWeek(deps.db, weekStart).goals;
  const catalogueChanges = nextCatalogueChanges(deps.db, weekStart);
  const roles = knownRoles(deps.db);
  const reps = rosterReps(deps.db);
  return {
    weekStart,
    roles: roles.map((role) => ({
      role,
      goals: goals.get(role)!,
      nextGoals: laterChanges(deps.db, weekStart, role)[0],
      nextCatalogue: catalogueChanges.get(role),
    })),
    roster: {
      noStartDate: reps.filter((r) => r.startDate === null).map((r) => r.id),
      unknownRole: reps.filter((r) => !roles.includes(r.role)).map((r) => ({ id: r.id, role: r.role })),
      noManager: reps.filter((r) => r.managerId === null).map((r) => r.id),
    },
    deliveries: deliveriesForWeek(deps.db, weekStart),
    managers: rosterManagers(deps.db),
  };
}

/**
 * Publishes `userId`'s App Home with every part that applies: their own week if they are a rep
 * (or neither manager nor admin), their team if they manage one, the programme and roster if they
 * are an admin. `page` is the page of the team's reps; `notice` an action's answer shown on top.
 */
export async function publishHome(deps: Deps, userId: string, opts: { page?: number; notice?: SlackMessage } = {}): Promise<void> {
  const client = deps.background;
  const rep = await repNow(deps, client, userId);
  const manager = isManager(deps.db, userId);
  const admin = await isAdmin(peopleDeps(deps, client, rep.now), userId);
  const showRep = Boolean(findUser(deps.db, userId)?.onRoster) || (!manager && !admin);
  const [repView, team] = await Promise.all([
    showRep ? repPart(deps, rep, userId) : undefined,
    manager ? teamPart(deps, rep, userId, opts.page ?? 0) : undefined,
  ]);
  const parts = { rep: repView, team, admin: admin ? adminPart(deps, rep) : undefined, notice: opts.notice };
  try {
    await client.views.publish({ user_id: userId, view: buildHomeView(parts) });
  } catch (err) {
    const charts = repView?.trend ?? team?.chart ?? team?.conversion;
    if ((err as { data?: { error?: string } }).data?.error !== 'invalid_blocks' || !charts) throw err;
    // An image Slack will not show (a file it has not finished processing) must not cost the whole Home.
    deps.logger.warn(`Slack refused ${userId}'s Home with its charts; publishing it without them`, err);
    const bare = {
      ...parts,
      rep: repView && { ...repView, trend: undefined },
      team: team && { ...team, chart: undefined, conversion: undefined },
    };
    await client.views.publish({ user_id: userId, view: buildHomeView(bare) });
  }
}

/** Publishes in the background; a failure leaves the last published Home and is logged. */
function publishSoon(deps: Deps, userId: string, opts?: Parameters<typeof publishHome>[2]): void {
  void publishHome(deps, userId, opts).catch((err: unknown) =>
    deps.logger.error(`views.publish failed for ${userId}; their Home tab shows the last published one`, err),
  );
}

/** App Home opened: kept up to date from now on, and published at once. Slack's retries of the same event are ignored. */
export const homeOpened =
  (deps: Deps) =>
  async ({ event, body }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    // A retry the database cannot check is published again: the same Home, shown twice, harms no one.
    const first = await deps.writes
      .run(() => firstDelivery(deps.db, body.event_id, deps.now()), performance.now() + WRITE_BUDGET_MS)
      .catch((err: unknown) => {
        deps.logger.warn(`could not record event ${body.event_id}; publishing ${event.user}'s Home tab anyway`, err);
        return true;
      });
    if (!first) return;
    deps.home.viewed(event.user);
    // Not awaited: drawing and uploading the charts takes longer than Slack waits for the event's answer.
    publishSoon(deps, event.user);
  };

/** The Home tab's "Log activity" button: the same form as `/log`. */
export const homeLogButton =
  (deps: Deps) =>
  async ({ body, ack, client }: ButtonArgs) => {
    await ack();
    const rep = await repNow(deps, client, body.user.id);
    await openModal(
      deps,
      client,
      body,
      buildLogModal(rep.parse),
      "Sorry, the form didn't open. Try again, or type it: `/log demo self-led`.",
    );
  };

/** Opens a modal from a Home button; if Slack refuses, says so in the DM. */
async function openModal(
  deps: Deps,
  client: webApi.WebClient,
  body: BlockButtonAction,
  view: Parameters<webApi.WebClient['views']['open']>[0]['view'],
  sorry: string,
) {
  try {
    await client.views.open({ trigger_id: body.trigger_id, view });
  } catch (err) {
    deps.logger.error(`a modal did not open for ${body.user.id}`, err);
    await client.chat
      .postMessage({ channel: body.user.id, text: sorry })
      .catch((e: unknown) => deps.logger.error(`could not tell ${body.user.id} the modal failed`, e));
  }
}

/** "See history": this week's entries in a modal, each with its Undo, as `/log history` lists them. */
export const homeHistoryButton =
  (deps: Deps) =>
  async ({ body, ack, client }: ButtonArgs) => {
    await ack();
    const rep = await repNow(deps, client, body.user.id);
    const list = historyPage(deps, rep, body.user.id, rep.week.currentWeek, 0);
    await openModal(
      deps,
      client,
      body,
      buildResultModal(list, 'Your entries', ids.homeHistoryView),
      "Sorry, that didn't open. Try `/log history`.",
    );
  };

/** A rep's row on a manager's Home: that rep's week in a modal, if the viewer may see it. */
export const homeRepButton =
  (deps: Deps) =>
  async ({ body, action, ack, client }: ButtonArgs) => {
    await ack();
    const viewer = body.user.id;
    const rep = await repNow(deps, client, viewer);
    const shown = await whoseNumbers(deps.db, viewer, { kind: 'rep', repId: action.value ?? '' }, () =>
      isAdmin(peopleDeps(deps, client, rep.now), viewer),
    );
    let message: SlackMessage;
    if (shown.show !== 'rep') message = buildPointsRefusal('rep');
    else {
      const own = repClock(findUser(deps.db, shown.repId), rep.now, deps.config.defaultTimeZone);
      const week = { weekStart: own.currentWeek, currentWeek: own.currentWeek };
      const standing = repWeekStanding(deps.db, { ...week, repId: shown.repId, today: own.today });
      message = buildWeekView(standing, week, shown.own ? undefined : shown.repId);
    }
    await openModal(
      deps,
      client,
      body,
      buildResultModal(message, 'Rep’s week', ids.homeRepView),
      "Sorry, that didn't open. Try `/points @rep`.",
    );
  };

/** "More reps" / "Previous reps" on a manager's Home: the Home again at that page. */
export const homeRepsPageButton =
  (deps: Deps) =>
  async ({ body, action, ack }: ButtonArgs) => {
    await ack();
    const page = /^\d{1,4}$/.test(action.value ?? '') ? Number(action.value) : 0;
    publishSoon(deps, body.user.id, { page });
  };

/**
 * Undo beside an entry on the Home: takes that entry back (as `/log history`'s Undo does) and
 * publishes the Home at once with what was undone on top; the rep's manager's Home follows.
 */
export const homeUndoButton =
  (deps: Deps) =>
  async ({ body, action, ack, client }: ButtonArgs) => {
    const userId = body.user.id;
    let notice: SlackMessage;
    try {
      const rep = await repNow(deps, client, userId);
      const entryId = /^\d{1,15}$/.test(action.value ?? '') ? Number(action.value) : -1;
      const result = await deps.writes.run(() => undoEntries(deps.db, userId, { kind: 'entry', entryId }, rep.now), rep.writeBy);
      notice = buildUndoResult(judgedUndo(deps, userId, result), rep);
    } catch (err) {
      deps.logger.error(`home undo failed for ${userId}`, err);
      notice = textMessage(':x: Sorry, that was *not undone*: something went wrong on our side. Please try again.');
    }
    await ack();
    publishSoon(deps, userId, { notice });
    deps.home.changed([findUser(deps.db, userId)?.managerId]);
  };
