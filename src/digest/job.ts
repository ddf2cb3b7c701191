import { performance } from 'node:perf_hooks';
import { webApi, type Logger } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { findUser, profileIsStale, refreshProfile } from '../roster/people.js';
import { rosterManagers, rosterReps } from '../roster/roster.js';
import type { Delivery } from '../db/schema.js';
import { loadCatalogue, type CatalogueItem } from '../scoring/catalogue.js';
import { loadProgramme, type Programme } from '../scoring/programme.js';
import { localDay, weekStartOf, type LocalDay } from '../scoring/week.js';
import { buildDigestMessages, buildRepNote } from '../views/digest.js';
import type { SlackMessage } from '../views/message.js';
import { claimDelivery, markFailed, markRetry, markSent, unknownOutcomeSince, type Claim } from './deliveries.js';
import { dueWeek } from './schedule.js';
import { sendDirect } from './send.js';
import { loadTeams, type RepWeek, type TeamWeek } from './team.js';
import type { WriteQueue } from '../db/write-queue.js';

export interface DigestDeps {
  db: Db;
  /** A client without automatic retries: this job retries itself, with its state in the database. */
  client: webApi.WebClient;
  logger: Logger;
  /** The clock, read once at the start of each run: one run's claims and retries share a moment. */
  now: () => Date;
  defaultTimeZone: string;
  /** Pause between recipients, pacing sends under Slack's per-workspace message rate. */
  pause: () => Promise<void>;
  /**
   * The bot's write queue, when the job runs inside the bot: there a write waits for another
   * process's lock without stalling the requests the bot answers meanwhile. A command-line run
   * writes directly, on a connection that waits for locks itself.
   */
  writes?: WriteQueue;
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
 * which leaves retries to the job (state in the database) and fails a 429 at once instead of
 * pausing every other send, and the pause that paces sends.
 */
export function createDigestDeps(
  config: Pick<Config, 'botToken' | 'slackApiUrl' | 'defaultTimeZone' | 'digestSendIntervalMs'>,
  db: Db,
  logger: Logger,
  options: { now: () => Date; client?: webApi.WebClient; timeoutMs?: number; writes?: WriteQueue },
): DigestDeps {
  return {
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
    pause: () => new Promise((resolve) => setTimeout(resolve, config.digestSendIntervalMs)),
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
}

export interface RunReport {
  sent: Array<{ kind: Delivery['kind']; recipientId: string; weekStart: LocalDay; parts: number }>;
  retrying: Array<{ kind: Delivery['kind']; recipientId: string; error: string }>;
  failed: Array<{ kind: Delivery['kind']; recipientId: string; error: string }>;
  /** Due but already sent, or claimed by another process. */
  skipped: number;
}

interface Recipient {
  kind: Delivery['kind'];
  userId: string;
}

/** Roster managers and (when asked) their reps, as the recipients of a run. */
function recipients(db: Db, opts: RunOptions, programme: Programme): Recipient[] {
  const only = opts.managerId ? [opts.managerId] : undefined;
  const list: Recipient[] = rosterManagers(db, only).map((userId) => ({ kind: 'digest', userId }));
  if (opts.repNotes ?? programme.repNotes) {
    for (const r of rosterReps(db, opts.managerId)) if (r.managerId) list.push({ kind: 'rep_note', userId: r.id });
  }
  return list;
}

/** Reads each week's teams once per run, in bulk. */
class WeekCache {
  private readonly weeks = new Map<LocalDay, { teams: Map<string | null, TeamWeek>; reps: Map<string, RepWeek> }>();
  constructor(
    private readonly db: Db,
    private readonly programme: Programme,
    private readonly catalogue: CatalogueItem[],
  ) {}

  get(weekStart: LocalDay) {
    let week = this.weeks.get(weekStart);
    if (!week) {
      const teams = loadTeams(this.db, { weekStart, programme: this.programme, catalogue: this.catalogue });
      const reps = new Map<string, RepWeek>();
      for (const t of teams.values()) for (const r of t.reps) reps.set(r.repId, r);
      week = { teams, reps };
      this.weeks.set(weekStart, week);
    }
    return week;
  }
}

/** A manager's team with no one in it (their reps left the roster since the run began). */
function emptyTeam(managerId: string, weekStart: LocalDay): TeamWeek {
  return { managerId, weekStart, reps: [], totals: { points: 0, judged: 0, atGoal: 0, counts: {}, closedWon: [] } };
}

function messagesFor(r: Recipient, weekStart: LocalDay, cache: WeekCache, catalogue: CatalogueItem[]): SlackMessage[] {
  const week = cache.get(weekStart);
  if (r.kind === 'digest') {
    const team = week.teams.get(r.userId) ?? emptyTeam(r.userId, weekStart);
    return buildDigestMessages({ team, catalogue });
  }
  const rep = week.reps.get(r.userId);
  return rep ? [buildRepNote(rep, catalogue)] : [];
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
 * Sends the Friday digests (and reps' notes) that are due. Every recipient is handled on its
 * own: a failure is recorded and retried later or reported, and never stops the others. Each
 * send is claimed in the deliveries table first, so nothing goes out twice.
 */
export async function runDigests(deps: DigestDeps, opts: RunOptions): Promise<RunReport> {
  const programme = loadProgramme(deps.db);
  const catalogue = loadCatalogue(deps.db);
  const cache = new WeekCache(deps.db, programme, catalogue);
  const report: RunReport = { sent: [], retrying: [], failed: [], skipped: 0 };
  const now = deps.now();
  let first = true;
  for (const r of recipients(deps.db, opts, programme)) {
    let claim: Claim | undefined;
    try {
      const zone = await zoneOf(deps, r.userId, now);
      const weekStart = opts.mode === 'now' ? (opts.weekStart ?? weekStartOf(localDay(now, zone))) : dueWeek(now, zone, programme);
      if (!weekStart) continue;
      claim = await save(deps, () => claimDelivery(deps.db, { kind: r.kind, recipientId: r.userId, weekStart, now, force: opts.force }));
      if (!claim) {
        report.skipped += 1;
        continue;
      }
      const id = claim.id;
      const messages = messagesFor(r, weekStart, cache, catalogue);
      if (!first) await deps.pause();
      first = false;
      const outcome = await sendDirect(deps.client, r.userId, messages, {
        delivery: { id: claim.id, weekStart },
        fromPart: claim.partsSent,
        attempt: claim.attempts,
        checkSince: claim.outcomeUnknown ? unknownOutcomeSince(claim) : undefined,
      });
      if (outcome.status === 'sent') {
        await save(deps, () => markSent(deps.db, id, now, outcome.partsSent));
        report.sent.push({ kind: r.kind, recipientId: r.userId, weekStart, parts: outcome.partsSent });
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
      if (held)
        await save(deps, () =>
          markRetry(deps.db, held, {
            at: new Date(now.getTime() + 5 * 60_000),
            error,
            partsSent: held.partsSent,
            outcomeUnknown: true,
          }),
        );
      report.retrying.push({ kind: r.kind, recipientId: r.userId, error });
    }
  }
  return report;
}

/** Every digest as it would be sent for a week, without sending or recording anything. */
export function previewDigests(
  db: Db,
  opts: { weekStart: LocalDay; managerId?: string },
): Array<{ managerId: string; messages: SlackMessage[] }> {
  const programme = loadProgramme(db);
  const catalogue = loadCatalogue(db);
  const teams = loadTeams(db, { weekStart: opts.weekStart, programme, catalogue });
  return rosterManagers(db, opts.managerId ? [opts.managerId] : undefined).map((managerId) => ({
    managerId,
    messages: buildDigestMessages({ team: teams.get(managerId) ?? emptyTeam(managerId, opts.weekStart), catalogue }),
  }));
}
