import { performance } from 'node:perf_hooks';
import type { Logger, webApi } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { RateLimiter } from '../rate-limit.js';
import { WRITE_BUDGET_MS, type WriteQueue } from '../db/write-queue.js';
import { findUser, freshTimeZone, userTimeZone, type PeopleDeps } from '../roster/people.js';
import { catalogueFor, DEFAULT_ROLE, type CatalogueItem } from '../scoring/catalogue.js';
import type { ParseContext } from '../scoring/parse/index.js';
import { goalStanding, programmeForWeek, type Programme } from '../scoring/programme.js';
import { localDay, weekStartOf, type LocalDay } from '../scoring/week.js';
import type { WeekContext } from '../views/log.js';
import type { ChartFiles } from '../chart-files.js';
import type { NameCache } from '../roster/names.js';
import type { HomeRefresher } from './home-refresh.js';

/** What every listener needs, handed over once by the composition root. */
export interface Deps {
  db: Db;
  config: Config;
  /** The clock; tests drive it. */
  now: () => Date;
  logger: Logger;
  /** Caps how fast one user can log, so a script or a stuck key cannot flood the database. */
  logLimiter: RateLimiter;
  /** Group commit for the reps' writes. */
  writes: WriteQueue;
  /**
   * A client for work done after the answer (publishing a Home, uploading a chart): it waits out
   * a slow call or a rate limit, where the listeners' own client gives up to answer in 3 seconds.
   */
  background: webApi.WebClient;
  /** People's names for the charts. */
  names: NameCache;
  /** Charts already uploaded, by chart. */
  chartFiles: ChartFiles;
  /** Republishes the App Homes a change concerns. */
  home: HomeRefresher;
  /**
   * How long an answer may take (a whole roster's KPIs) before the command is acknowledged with a
   * word that it follows: Slack wants the acknowledgement within 3 seconds.
   */
  answerWaitMs: number;
}

/** answerWaitMs by default: an acknowledgement still reaches Slack well within its 3 seconds. */
export const ANSWER_WAIT_MS = 1500;

/** A rep's "now": their zone, today, this week, the goal that applies and the catalogue. */
export interface RepNow {
  zone: string;
  /** The configured default zone when it stands in for the rep's own, which Slack did not give just now. */
  guessedZone: string | undefined;
  /**
   * True when the zone is guessed and the rep's week could be another: it is already next week
   * in some places, or still last week. Nothing is then written; the rep is asked to try again.
   */
  weekInDoubt: boolean;
  now: Date;
  /** When (performance.now()) this request's writes stop waiting for a lock, so the answer is in time. */
  writeBy: number;
  /** The rep's role, whose catalogue they log by. */
  role: string;
  /** The rep's role's catalogue this week. */
  catalogue: CatalogueItem[];
  /** The programme that judges the rep's current week. */
  programme: Programme;
  week: WeekContext;
  parse: ParseContext;
}

/** What the people and permission functions need, for one request at `now`. */
export function peopleDeps(deps: Deps, client: webApi.WebClient, now: Date): PeopleDeps & { adminUserIds: string[] } {
  return {
    db: deps.db,
    client,
    defaultTimeZone: deps.config.defaultTimeZone,
    now,
    logger: deps.logger,
    adminUserIds: deps.config.adminUserIds,
    writes: deps.writes,
  };
}

/** The earliest and latest UTC offsets anywhere (IANA's Etc zones count the other way round). */
const EARTH_EDGES = ['Etc/GMT+12', 'Etc/GMT-14'] as const;

/** Reads the rep's time zone (cached) and the programme settings for one request. */
export async function repNow(deps: Deps, client: webApi.WebClient, userId: string): Promise<RepNow> {
  // The budget counts the wait for Slack's users.info too: both fit in Slack's 3 seconds.
  const writeBy = performance.now() + WRITE_BUDGET_MS;
  const now = deps.now();
  const user = findUser(deps.db, userId);
  // A fresh cached zone is the usual case: it needs no Slack call and no wait.
  const fresh = freshTimeZone(user, now);
  const { zone, guessed } = fresh ? { zone: fresh, guessed: false } : await userTimeZone(peopleDeps(deps, client, now), userId, user);
  const today: LocalDay = localDay(now, zone);
  const currentWeek = weekStartOf(today);
  const role = user?.role ?? DEFAULT_ROLE;
  const catalogue = catalogueFor(deps.db, role, currentWeek);
  const programme = programmeForWeek(deps.db, currentWeek);
  const standing = goalStanding(programme, user, currentWeek);
  return {
    zone,
    guessedZone: guessed ? zone : undefined,
    weekInDoubt: guessed && weekStartOf(localDay(now, EARTH_EDGES[0])) !== weekStartOf(localDay(now, EARTH_EDGES[1])),
    now,
    writeBy,
    role,
    catalogue,
    programme,
    week: { today, currentWeek, goal: standing.goal, onboardingWeek: standing.onboardingWeek },
    parse: {
      catalogue,
      today,
      backdateDays: deps.config.backdateDays,
      maxCount: deps.config.maxCount,
      maxDealAmount: deps.config.maxDealAmount,
      maxDealsPerLine: deps.config.maxDealsPerLine,
      currency: programme.currency,
    },
  };
}

/** The rep's role's catalogue in force in the week starting `weekStart` (kept in memory, so cheap). */
export function catalogueOfWeek(deps: Deps, rep: RepNow, weekStart: LocalDay): CatalogueItem[] {
  return weekStart === rep.week.currentWeek ? rep.catalogue : catalogueFor(deps.db, rep.role, weekStart);
}

/**
 * The parse context for a line or form whose day falls in `weekStart`: the rep's role's
 * catalogue of that week, so an entry for last week earns last week's points.
 */
export function parseContextFor(deps: Deps, rep: RepNow, weekStart: LocalDay): ParseContext {
  if (weekStart === rep.week.currentWeek) return rep.parse;
  return { ...rep.parse, catalogue: catalogueOfWeek(deps, rep, weekStart) };
}

/** What a rep is told when the bot itself failed: plainly, nothing was saved. */
export const NOT_SAVED = {
  response_type: 'ephemeral' as const,
  text: ':x: Sorry, that was *not saved*: something went wrong on our side. Please try again in a moment.',
};
