import { performance } from 'node:perf_hooks';
import { webApi, type Logger } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { findUser, profileIsStale, refreshProfile } from '../roster/people.js';
import { rosterManagers, rosterReps } from '../roster/roster.js';
import type { Delivery } from '../db/schema.js';
import { weekCatalogue, type CatalogueItem } from '../scoring/catalogue.js';
import { undatedSettings, type UndatedSettings } from '../scoring/programme.js';
import { addDays, localDay, localMoment, shortDay, weekLabel, weekStartOf, type LocalDay } from '../scoring/week.js';
import { buildDigestMessages, buildFinalNumbers, buildRepNote } from '../views/digest.js';
import type { SlackMessage } from '../views/message.js';
import {
  claimDelivery,
  markFailed,
  markRetry,
  markSent,
  sentDigest,
  unknownOutcomeSince,
  type Claim,
  type Coverage,
} from './deliveries.js';
import { finalChanges, finalDueWeek } from './final.js';
import { digestSlot, dueWeek } from './schedule.js';
import { DEFAULT_PACE, WorkspacePace, type PaceSettings } from './pace.js';
import { sendDirect, type DmChannels } from './send.js';
import { loadTeams, teamKpiFigures, teamOf, teamsKpiFigures, type RepWeek, type TeamWeek } from './team.js';
import { rollupOf, rollupRecipients } from './rollup.js';
import { reportingTree } from '../roster/hierarchy.js';
import { buildRollupView } from '../views/rollup.js';
import type { WriteQueue } from '../db/write-queue.js';
import { ChartFiles } from '../chart-files.js';
import { NameCache } from '../roster/names.js';
import { attachTeamChart } from './job-chart.js';

export interface DigestDeps {
  db: Db;
  /** A client without automatic retries: this job retries itself, with its state in the database. */
  client: webApi.WebClient;
  logger: Logger;
  /** The clock, read once at the start of each run: one run's claims and retries share a moment. */
  now: () => Date;
  defaultTimeZone: string;
  /** How fast a run may post: each run starts a workspace pace of its own from these. */
  pace: PaceSettings;
  /** Each user's DM channel id, learnt from Slack's answers (see send.ts). */
  dms: DmChannels;
  /**
   * The bot's write queue, when the job runs inside the bot: there a write waits for another
   * process's lock without stalling the requests the bot answers meanwhile. A command-line run
   * writes directly, on a connection that waits for locks itself.
   */
  writes?: WriteQueue;
  /** The reps' names for the team chart, and the charts already uploaded. */
  names: NameCache;
  chartFiles: ChartFiles;
}

/**
 * How long the job's writes inside the bot wait for another process's lock: no one waits for
 * an answer, and a send the job cannot record could go out again once its lease runs out.
 */
const JOB_WRITE_BUDGET_MS = 10_000;

async function save<T>(deps: DigestDeps, write: () => T): Promise<T> {
  return deps.writes ? deps.writes.run(write, performance.now() + JOB_WRITE_BUDGET_MS) : write();
}

/**
 * What the digest job runs with, for the bot and for `npm run digest` alike: its own client,
 * which leaves retries to the job (state in the database) and hands a 429 to the job's pace
 * instead of pausing inside the client, and the pace settings.
 */
export function createDigestDeps(
  config: Pick<Config, 'botToken' | 'slackApiUrl' | 'defaultTimeZone' | 'digestTimeScale'>,
  db: Db,
  logger: Logger,
  options: {
    now: () => Date;
    client?: webApi.WebClient;
    timeoutMs?: number;
    writes?: WriteQueue;
    names?: NameCache;
    chartFiles?: ChartFiles;
  },
): DigestDeps {
  return {
    names: options.names ?? new NameCache(options.now),
    chartFiles: options.chartFiles ?? new ChartFiles(),
    db,
    writes: options.writes,
    logger,
    now: options.now,
    defaultTimeZone: config.defaultTimeZone,
    client:
      options.client ??
      new webApi.WebClient(config.botToken, {
        slackApiUrl: config.slackApiUrl,
        logger,
        timeout: options.timeoutMs ?? 10_000,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      }),
    pace: { ...DEFAULT_PACE, timeScale: config.digestTimeScale },
    dms: new Map(),
  };
}

export interface RunOptions {
  /** 'scheduled': only recipients whose digest time has passed; 'now': everyone, at once. */
  mode: 'scheduled' | 'now';
  /** With mode 'now': the week to send (default: each recipient's current week). */
  weekStart?: LocalDay;
  /** Only this manager (and, for rep notes, only their reps). */
  managerId?: string;
  /** Send even what was already sent this week. */
  force?: boolean;
  /** Send the reps' own notes too (default: the programme's setting). */
  repNotes?: boolean;
  /** Told after each recipient is handled, e.g. to draw a progress bar. */
  onProgress?: (progress: RunProgress) => void;
}

/** How far a run has come: recipients handled out of all it weighs, and the pace it found. */
export interface RunProgress {
  done: number;
  total: number;
  sent: number;
  failed: number;
  retrying: number;
  skipped: number;
  /** Messages a second the workspace's pace allows now. */
  perSecond: number;
  /** 429s received so far. */
  rateLimited: number;
}

export interface RunReport {
  sent: Array<{ kind: Delivery['kind']; recipientId: string; weekStart: LocalDay; parts: number }>;
  retrying: Array<{ kind: Delivery['kind']; recipientId: string; error: string }>;
  failed: Array<{ kind: Delivery['kind']; recipientId: string; error: string }>;
  /** Due but already sent, or claimed by another process. */
  skipped: number;
  /** 429s Slack answered during the run (each waited out before anything else was posted). */
  rateLimited: number;
}

interface Recipient {
  kind: Delivery['kind'];
  userId: string;
  /** A rep note's manager: the note waits until the manager's digest is handled. */
  managerId?: string;
}

/**
 * Roster managers and (when asked) their reps, as the recipients of a run: each manager's
 * digest followed by their team's notes, so a team hears close together, manager first.
 */
function recipients(db: Db, opts: RunOptions, programme: UndatedSettings): Recipient[] {
  const only = opts.managerId ? [opts.managerId] : undefined;
  const teams = new Map<string, Recipient[]>();
  if (opts.repNotes ?? programme.repNotes) {
    for (const r of rosterReps(db, opts.managerId))
      if (r.managerId)
        teams.set(r.managerId, [...(teams.get(r.managerId) ?? []), { kind: 'rep_note', userId: r.id, managerId: r.managerId }]);
  }
  const list: Recipient[] = [];
  for (const userId of rosterManagers(db, only)) list.push({ kind: 'digest', userId }, ...(teams.get(userId) ?? []));
  for (const userId of rollupRecipients(db, only)) list.push({ kind: 'rollup', userId });
  // The week's final numbers follow the schedule only: an operator's send is of a digest.
  if (opts.mode === 'scheduled' && programme.digestFinal)
    for (const userId of rosterManagers(db, only)) list.push({ kind: 'final', userId });
  return list;
}

/** Reads each week's teams once per run, in bulk. */
class WeekCache {
  private readonly weeks = new Map<
    LocalDay,
    { teams: Map<string | null, TeamWeek>; reps: Map<string, RepWeek>; catalogue: CatalogueItem[] }
  >();
  constructor(
    private readonly db: Db,
    private readonly now: Date,
  ) {}

  get(weekStart: LocalDay) {
    let week = this.weeks.get(weekStart);
    if (!week) {
      const teams = loadTeams(this.db, { weekStart, now: this.now });
      const reps = new Map<string, RepWeek>();
      for (const t of teams.values()) for (const r of t.reps) reps.set(r.repId, r);
      // The week's entries are named by every role's catalogue as it stood that week.
      week = { teams, reps, catalogue: weekCatalogue(this.db, weekStart) };
      this.weeks.set(weekStart, week);
    }
    return week;
  }
}

/** A manager's team with no one in it (their reps left the roster since the run began). */
function emptyTeam(managerId: string, weekStart: LocalDay): TeamWeek {
  return { managerId, weekStart, reps: [], totals: { points: 0, judged: 0, atGoal: 0, counts: {}, closedWon: [] } };
}

/** What one recipient gets this run: the week, the messages, and what they cover once sent. */
interface Planned {
  weekStart: LocalDay;
  /** `team`: a digest's team, which its chart draws. */
  build: () => { messages: SlackMessage[]; coverage: Coverage; team?: TeamWeek };
}

/** Whether a rep was on their team at a moment (a rep on it since before that was kept always was). */
const onTeamAt = (rep: RepWeek, at: Date) => (rep.teamSince ?? 0) <= at.getTime();

/** The figures a digest shows "as of", in the manager's zone: "Fri" and "15:00". */
function asOfIn(now: Date, zone: string): { weekday: string; time: string } {
  const m = localMoment(now, zone);
  return { weekday: shortDay(m.day).slice(0, 3), time: m.time };
}

interface PlanContext {
  deps: DigestDeps;
  opts: RunOptions;
  programme: UndatedSettings;
  cache: WeekCache;
  now: Date;
}

/**
 * Decides what a recipient is owed this run, or null. On schedule, a digest or note covers only
 * the reps on the team at its due time: catch-up is for digests the bot missed while down, not
 * for a team that did not exist then. A week's final numbers need a sent digest to compare with.
 */
function plan(r: Recipient, zone: string, c: PlanContext): Planned | null {
  const { now, opts } = c;
  const thisWeek = weekStartOf(localDay(now, zone));
  if (r.kind === 'final') {
    const weekStart = finalDueWeek(now, zone);
    const digest = weekStart ? sentDigest(c.deps.db, r.userId, weekStart) : undefined;
    if (!weekStart || !digest || digest.asOf === null) return null;
    const asOf = digest.asOf;
    return {
      weekStart,
      build: () => {
        const changes = finalChanges(c.deps.db, { deliveryId: digest.id, asOf, weekStart, zone });
        const m = localMoment(new Date(asOf), zone);
        const messages =
          changes.length === 0
            ? []
            : buildFinalNumbers({
                weekStart,
                digestAsOf: `${shortDay(m.day)} ${m.time}`,
                changes,
                catalogue: weekCatalogue(c.deps.db, weekStart),
              });
        return { messages, coverage: { reps: changes.length } };
      },
    };
  }
  const weekStart = opts.mode === 'now' ? (opts.weekStart ?? thisWeek) : dueWeek(now, zone, c.programme);
  if (!weekStart) return null;
  const week = c.cache.get(weekStart);
  const open = weekStart === thisWeek;
  const due = opts.mode === 'scheduled' ? digestSlot(weekStart, zone, c.programme) : now;
  // A finished week compares whole weeks; only an open one is set against last week so far.
  const asRead = (rep: RepWeek): RepWeek => (open ? rep : { ...rep, lastWeekSoFar: undefined });
  if (r.kind === 'rollup') {
    const rollup = { ...rollupOf(reportingTree(c.deps.db), r.userId, week.teams, weekStart), open };
    const title = `Roll-up · ${weekLabel(weekStart)}`;
    return {
      weekStart,
      build: () => ({ messages: buildRollupView(rollup, { title, asOf: asOfIn(now, zone) }), coverage: { reps: rollup.total.reps } }),
    };
  }
  if (r.kind === 'rep_note') {
    const rep = week.reps.get(r.userId);
    if (!rep || !onTeamAt(rep, due)) return null;
    return { weekStart, build: () => ({ messages: [buildRepNote(asRead(rep), week.catalogue)], coverage: { reps: 1 } }) };
  }
  const whole = week.teams.get(r.userId) ?? emptyTeam(r.userId, weekStart);
  const covered = whole.reps.filter((rep) => onTeamAt(rep, due)).map(asRead);
  if (opts.mode === 'scheduled' && covered.length === 0) return null;
  return {
    weekStart,
    build: () => {
      const team = { ...teamOf(whole, covered), open };
      // The days that count for "logged nothing Mon–Wed": up to the manager's today in a week still open.
      const kpis = teamKpiFigures(c.deps.db, {
        team,
        lastDay: open ? localDay(now, zone) : addDays(weekStart, 4),
        defaultZone: c.deps.defaultTimeZone,
      });
      const messages = buildDigestMessages({ team, catalogue: week.catalogue, asOf: asOfIn(now, zone), kpis });
      const points = covered.map((rep) => ({ repId: rep.repId, points: rep.total }));
      return { messages, coverage: { reps: covered.length, snapshot: { asOf: now, points } }, team };
    },
  };
}

async function zoneOf(deps: DigestDeps, userId: string, now: Date): Promise<string> {
  let user = findUser(deps.db, userId);
  if (profileIsStale(user, now)) {
    try {
      const profile = await refreshProfile({ ...deps, now }, userId);
      if (profile.found) user = profile.user;
    } catch (err) {
      deps.logger.warn(`could not refresh ${userId}'s profile; using the cached zone`, err);
    }
  }
  return user?.tz ?? deps.defaultTimeZone;
}

/**
 * Sends the Friday digests (and reps' notes) that are due. Recipients are handled concurrently
 * (at most `pace.concurrency` at once), their posts sharing one workspace pace; every recipient
 * is handled on its own: a failure is recorded and retried later or reported, and never stops
 * the others. Each send is claimed in the deliveries table first, so nothing goes out twice.
 */
export async function runDigests(deps: DigestDeps, opts: RunOptions): Promise<RunReport> {
  const programme = undatedSettings(deps.db);
  const now = deps.now();
  const cache = new WeekCache(deps.db, now);
  const report: RunReport = { sent: [], retrying: [], failed: [], skipped: 0, rateLimited: 0 };
  const pace = new WorkspacePace(deps.pace);
  const list = recipients(deps.db, opts, programme);
  // A manager's digest, handled: their team's notes wait for it, so the manager hears first.
  const digests = new Map<string, Promise<void>>();
  // Charts follow their digests one at a time, while the next digests go out: a chart never delays a digest's text.
  const charts = { chain: Promise.resolve() };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < list.length) {
      const r = list[next++]!;
      const handled = handleRecipient(r, { deps, opts, programme, cache, now }, pace, report, digests, charts);
      if (r.kind === 'digest') digests.set(r.userId, handled);
      await handled;
      done += 1;
      report.rateLimited = pace.rateLimited;
      opts.onProgress?.({
        done,
        total: list.length,
        sent: report.sent.length,
        failed: report.failed.length,
        retrying: report.retrying.length,
        skipped: report.skipped,
        perSecond: pace.perSecond,
        rateLimited: pace.rateLimited,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.pace.concurrency, list.length)) }, worker));
  await charts.chain;
  report.rateLimited = pace.rateLimited;
  return report;
}

/** One recipient of a run: planned, claimed, sent and recorded; never throws. */
async function handleRecipient(
  r: Recipient,
  c: PlanContext,
  pace: WorkspacePace,
  report: RunReport,
  digests: Map<string, Promise<void>>,
  charts: { chain: Promise<void> },
): Promise<void> {
  const { deps, opts, now } = c;
  let claim: Claim | undefined;
  try {
    if (r.managerId) await digests.get(r.managerId);
    const zone = await zoneOf(deps, r.userId, now);
    const planned = plan(r, zone, c);
    if (!planned) return;
    const { weekStart } = planned;
    claim = await save(deps, () => claimDelivery(deps.db, { kind: r.kind, recipientId: r.userId, weekStart, now, force: opts.force }));
    if (!claim) {
      report.skipped += 1;
      return;
    }
    const id = claim.id;
    const { messages, coverage, team } = planned.build();
    if (messages.length === 0) {
      // Nothing changed after the digest: recorded, so the follow-up is not weighed again.
      await save(deps, () => markSent(deps.db, id, now, 0, coverage));
      return;
    }
    const outcome = await sendDirect(
      deps.client,
      r.userId,
      messages,
      {
        delivery: { id: claim.id, weekStart },
        fromPart: claim.partsSent,
        attempt: claim.attempts,
        checkSince: claim.outcomeUnknown ? unknownOutcomeSince(claim) : undefined,
      },
      { pace, dms: deps.dms },
    );
    if (outcome.status === 'sent') {
      // Stamped when it went, not when the run began: `digest status` reads the pace from it.
      await save(deps, () => markSent(deps.db, id, deps.now(), outcome.partsSent, coverage));
      report.sent.push({ kind: r.kind, recipientId: r.userId, weekStart, parts: outcome.partsSent });
      if (team) charts.chain = charts.chain.then(() => attachTeamChart(deps, { deliveryId: id, managerId: r.userId, team, pace }));
      if (outcome.found > 0)
        deps.logger.info(`${r.kind} to ${r.userId}: ${outcome.found} message(s) of an earlier try were in the DM; not sent again`);
    } else if (outcome.status === 'retry') {
      const held = claim;
      await save(deps, () =>
        markRetry(deps.db, held, {
          at: new Date(now.getTime() + outcome.retryInMs),
          error: outcome.error,
          partsSent: outcome.partsSent,
          outcomeUnknown: outcome.outcomeUnknown,
        }),
      );
      report.retrying.push({ kind: r.kind, recipientId: r.userId, error: outcome.error });
      deps.logger.warn(`${r.kind} to ${r.userId} will be retried: ${outcome.error}`);
    } else {
      await save(deps, () => markFailed(deps.db, id, outcome.error, outcome.partsSent));
      report.failed.push({ kind: r.kind, recipientId: r.userId, error: outcome.error });
      deps.logger.error(`${r.kind} to ${r.userId} failed: ${outcome.error}`);
    }
  } catch (err) {
    deps.logger.error(`${r.kind} to ${r.userId} hit an unexpected error`, err);
    const error = err instanceof Error ? err.message : String(err);
    // Whatever failed may have come after Slack took a message (a failed markSent): check first.
    const held = claim;
    try {
      if (held)
        await save(deps, () =>
          markRetry(deps.db, held, {
            at: new Date(now.getTime() + 5 * 60_000),
            error,
            partsSent: held.partsSent,
            outcomeUnknown: true,
          }),
        );
    } catch (again) {
      // The claim's lease runs out and the next run checks the DM before posting.
      deps.logger.error(`${r.kind} to ${r.userId}: could not record the retry`, again);
    }
    report.retrying.push({ kind: r.kind, recipientId: r.userId, error });
  }
}

/**
 * Every digest as `--send` would send it now, without sending or recording anything: each
 * manager's week resolved in their own zone, exactly as a send resolves it.
 */
export async function previewSends(
  deps: DigestDeps,
  opts: { weekStart?: LocalDay; managerId?: string },
): Promise<Array<{ managerId: string; zone: string; weekStart: LocalDay; messages: SlackMessage[] }>> {
  const programme = undatedSettings(deps.db);
  const now = deps.now();
  const cache = new WeekCache(deps.db, now);
  const runOpts: RunOptions = { mode: 'now', weekStart: opts.weekStart, managerId: opts.managerId };
  const out = [];
  for (const managerId of rosterManagers(deps.db, opts.managerId ? [opts.managerId] : undefined)) {
    const zone = await zoneOf(deps, managerId, now);
    const planned = plan({ kind: 'digest', userId: managerId }, zone, { deps, opts: runOpts, programme, cache, now })!;
    out.push({ managerId, zone, weekStart: planned.weekStart, messages: planned.build().messages });
  }
  return out;
}

/** Every digest of one week, without sending or recording anything (the benchmark builds them all at once). */
export function previewDigests(
  db: Db,
  opts: { weekStart: LocalDay; managerId?: string },
): Array<{ managerId: string; messages: SlackMessage[] }> {
  const catalogue = weekCatalogue(db, opts.weekStart);
  const teams = loadTeams(db, { weekStart: opts.weekStart });
  const managers = rosterManagers(db, opts.managerId ? [opts.managerId] : undefined);
  const digests = managers.map((managerId) => teams.get(managerId) ?? emptyTeam(managerId, opts.weekStart));
  const figures = teamsKpiFigures(db, { teams: digests, lastDay: addDays(opts.weekStart, 4) });
  return digests.map((team, i) => ({ managerId: managers[i]!, messages: buildDigestMessages({ team, catalogue, kpis: figures[i]! }) }));
}
