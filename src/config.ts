import { z } from 'zod';
import { AMOUNT_CEILING } from './db/schema.js';
import { USER_ID } from './slack-ids.js';
import { isTimeZone } from './time-zone.js';

const userIdList = z
  .string()
  .default('')
  .transform((raw) => raw.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().regex(USER_ID, 'each ID looks like U0123ABCD')));

/** Where the SQLite file lives; the only setting the data tools (backup, export) need. */
const databasePath = z.string().min(1).default('data/points.db');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Where an operator finds each value, named in the start-up error. */
const whereToFind: Record<string, string> = {
  SLACK_BOT_TOKEN: 'OAuth & Permissions > Bot User OAuth Token (xoxb-...)',
  SLACK_SIGNING_SECRET: 'Basic Information > App Credentials > Signing Secret',
  SLACK_APP_TOKEN: 'Basic Information > App-Level Tokens, scope connections:write (xapp-...)',
  DEFAULT_TIMEZONE: 'an IANA zone such as Europe/London or America/New_York',
};

/**
 * What `.env.example` holds where a secret goes. Copied as it is, a placeholder would pass the
 * format checks and fail only seconds later, at Slack; it is named at once instead.
 */
const PLACEHOLDER = /\.\.\.|…/;
const notPlaceholder = (value: string) => !PLACEHOLDER.test(value);
const PLACEHOLDER_MESSAGE = 'placeholder';

/** Said when there is no bot token at all: most likely no Slack app yet. */
const TRY_THE_DEMO = 'No Slack app yet? `npm run demo` runs the bot on this machine with a stand-in for Slack, no tokens needed.';

const schema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string()
      .refine(notPlaceholder, PLACEHOLDER_MESSAGE)
      .pipe(z.string().regex(/^xoxb-/, 'must start with xoxb-')),
    SLACK_SIGNING_SECRET: z.string().min(1).refine(notPlaceholder, PLACEHOLDER_MESSAGE).optional(),
    SLACK_APP_TOKEN: z
      .string()
      .refine(notPlaceholder, PLACEHOLDER_MESSAGE)
      .pipe(z.string().regex(/^xapp-/, 'must start with xapp-'))
      .optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_PATH: databasePath,
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    ADMIN_USER_IDS: userIdList,
    DEFAULT_TIMEZONE: z.string().default('UTC').refine(isTimeZone, 'is not a known IANA time zone'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** The largest count one line may log for one activity. */
    MAX_COUNT: positiveInt(500),
    /** The largest deal amount one entry may carry, in major units; the database allows no more than the ceiling. */
    MAX_DEAL_AMOUNT: z.coerce.number().int().positive().max(AMOUNT_CEILING).default(10_000_000),
    /** The most closed-won deals one line may log: a larger count is far likelier an amount typed without its sign. */
    MAX_DEALS_PER_LINE: positiveInt(5),
    /** How many days before the current week a rep may still log for. */
    BACKDATE_DAYS: z.coerce.number().int().min(0).max(31).default(7),
    /** How many /log lines one user may send per minute before being asked to slow down. */
    LOG_RATE_PER_MINUTE: positiveInt(30),
    /**
     * The Friday delivery's clock runs this many times faster (its rates multiply, its pauses
     * divide): 1 against Slack; tests and the benchmark scale a stand-in's limits alike.
     */
    DIGEST_TIME_SCALE: z.coerce.number().min(1).max(100_000).default(1),
    /** How long an App Home waits after a change before it is published again: changes meanwhile are coalesced. */
    HOME_REFRESH_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required in HTTP mode (set SLACK_APP_TOKEN for Socket Mode instead)',
      });
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  /** Socket Mode when an app token is set, HTTP otherwise: decided here, once. */
  socketMode: boolean;
  port: number;
  host: string;
  databasePath: string;
  slackApiUrl: string;
  adminUserIds: string[];
  defaultTimeZone: string;
  logLevel: Env['LOG_LEVEL'];
  maxCount: number;
  /** The largest deal amount one entry may carry, in major units. */
  maxDealAmount: number;
  /** The most closed-won deals one line may log. */
  maxDealsPerLine: number;
  backdateDays: number;
  /** 1 against Slack; above 1 only against a stand-in whose limits run as much faster. */
  digestTimeScale: number;
  logRatePerMinute: number;
  /** The App Home's refresh debounce, per user, in ms. */
  homeRefreshMs: number;
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

/** Validates the environment into a typed config; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const hint = whereToFind[name] ? ` (${whereToFind[name]})` : '';
      if (issue.message === PLACEHOLDER_MESSAGE)
        return `${name} is still the placeholder from .env.example (${cleaned[name]}): put your app's own ${name.endsWith('SECRET') ? 'secret' : 'token'} there${hint}`;
      const given = issue.code === 'invalid_type' && !(name in cleaned) ? 'is missing' : issue.message;
      return `${name} ${given}${hint}`;
    });
    const demo = cleaned.SLACK_BOT_TOKEN === undefined ? `\n${TRY_THE_DEMO}` : '';
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}${demo}`);
  }
  const e = parsed.data;
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    socketMode: e.SLACK_APP_TOKEN !== undefined,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    slackApiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
    adminUserIds: e.ADMIN_USER_IDS,
    defaultTimeZone: e.DEFAULT_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    maxCount: e.MAX_COUNT,
    maxDealAmount: e.MAX_DEAL_AMOUNT,
    maxDealsPerLine: e.MAX_DEALS_PER_LINE,
    backdateDays: e.BACKDATE_DAYS,
    digestTimeScale: e.DIGEST_TIME_SCALE,
    logRatePerMinute: e.LOG_RATE_PER_MINUTE,
    homeRefreshMs: e.HOME_REFRESH_MS,
  };
}

/**
 * The database path alone, for the tools that touch no Slack API (`npm run backup`,
 * `npm run export`): a cron job running them needs no Slack token in its environment.
 */
export function loadDatabasePath(env: NodeJS.ProcessEnv): string {
  return databasePath.parse(env.DATABASE_PATH || undefined);
}
