import type { Logger, webApi } from '@slack/bolt';
import type { Db } from '../db/index.js';
import { changeUsers, findUser, refreshProfile, type UserChange } from './people.js';
import { reportingLines, reportingLoop } from './roster.js';
import { isValidDay } from '../scoring/week.js';
import type { Role } from './admin-parse.js';
import { parseCsv } from './csv.js';
import { isUserId } from '../slack-ids.js';

/** One row as applied; a field left undefined keeps what the rep had (its column is absent or its cell empty). */
export interface ImportRow {
  line: number;
  repId: string;
  managerId?: string | null;
  startDate?: string | null;
  role?: Role;
  /** The rep's region (US, UK, …), which picks the regional holidays that apply to them. */
  region?: string | null;
}

export interface ImportReport {
  applied: ImportRow[];
  problems: Array<{ line: number; message: string }>;
  /** Rows applied with a field kept as it was because its cell is empty (without `clearEmpty`). */
  kept: Array<{ line: number; message: string }>;
  /** False when --all-or-nothing met a problem and nothing was written. */
  written: boolean;
}

const COLUMNS: Record<string, 'user' | 'manager' | 'start' | 'role' | 'region'> = {
  user: 'user',
  rep: 'user',
  slack_id: 'user',
  user_id: 'user',
  email: 'user',
  rep_email: 'user',
  manager: 'manager',
  manager_id: 'manager',
  manager_email: 'manager',
  start: 'start',
  start_date: 'start',
  started: 'start',
  role: 'role',
  region: 'region',
};

/** A region code as `/points-admin region` takes it: one word of letters, digits or hyphens. */
const REGION = /^[a-z][a-z0-9-]{0,15}$/i;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Resolver {
  db: Db;
  client: webApi.WebClient;
  logger: Logger;
  now: Date;
  defaultTimeZone: string;
}

/** A Slack user ID or an email turned into a user ID that exists and is active, or why not. */
async function resolvePerson(r: Resolver, value: string, cache: Map<string, string | Error>): Promise<string> {
  const key = value.toLowerCase();
  const hit = cache.get(key);
  if (hit instanceof Error) throw hit;
  if (hit) return hit;
  let result: string | Error;
  try {
    if (isUserId(value)) {
      const profile = await refreshProfile(r, value);
      result = !profile.found
        ? new Error(`no Slack user ${value}`)
        : profile.user.deactivated
          ? new Error(`${value} is deactivated`)
          : value;
    } else if (EMAIL.test(value)) {
      const found = await r.client.users.lookupByEmail({ email: value }).catch((err: { data?: { error?: string } }) => {
        if (err.data?.error === 'users_not_found') return undefined;
        throw err;
      });
      const id = found?.user?.id;
      result = !id ? new Error(`no Slack user with the email ${value}`) : found.user?.deleted ? new Error(`${value} is deactivated`) : id;
    } else result = new Error(`"${value}" is neither a Slack user ID (U…) nor an email`);
  } catch (err) {
    result = new Error(`Slack could not look up ${value}: ${(err as { data?: { error?: string } }).data?.error ?? (err as Error).message}`);
  }
  cache.set(key, result);
  if (result instanceof Error) throw result;
  return result;
}

/**
 * Loads a roster from CSV (user ID or email, manager, start date, role, region): checks every row,
 * reports each one it cannot apply, and applies the rest in one transaction — or, with
 * `allOrNothing`, none of them when any row has a problem. A file that is not valid CSV
 * throws a `CsvSyntaxError` before anything is looked up or written.
 *
 * A column the file does not have changes nothing: a file of users and managers keeps every
 * start date and role. An empty cell keeps the rep's value too, and says so, unless
 * `clearEmpty` is set: a blank left by a spreadsheet export is not an instruction to erase.
 * A row that would make a reporting loop is refused.
 */
export async function importRoster(r: Resolver, csv: string, opts: { allOrNothing: boolean; clearEmpty?: boolean }): Promise<ImportReport> {
  const rows = parseCsv(csv);
  const problems: ImportReport['problems'] = [];
  const header = rows[0]?.map((h) => {
    const name = h.toLowerCase().replace(/\s+/g, '_');
    return Object.hasOwn(COLUMNS, name) ? COLUMNS[name] : undefined;
  });
  const hasHeader = header?.some(Boolean) ?? false;
  const at = (name: 'user' | 'manager' | 'start' | 'role' | 'region', fallback: number) => (hasHeader ? header!.indexOf(name) : fallback);
  const col = { user: at('user', 0), manager: at('manager', 1), start: at('start', 2), role: at('role', 3), region: at('region', 4) };
  if (hasHeader && col.user < 0)
    return {
      applied: [],
      problems: [{ line: 1, message: 'the header has no user column (user, slack_id or email)' }],
      kept: [],
      written: false,
    };
  const cache = new Map<string, string | Error>();
  const valid: ImportRow[] = [];
  const kept: ImportReport['kept'] = [];
  const lines = new Map(reportingLines(r.db));
  const body = hasHeader ? rows.slice(1) : rows;
  for (const [i, cells] of body.entries()) {
    const line = i + (hasHeader ? 2 : 1);
    // A column is absent when the header lacks it or, in a file without a header, the row stops short.
    const has = (c: number) => c >= 0 && (hasHeader || c < cells.length);
    const get = (c: number) => (c >= 0 ? (cells[c] ?? '').trim() : '');
    const notes: ImportReport['kept'] = [];
    try {
      const user = get(col.user);
      if (!user) throw new Error('the user is empty');
      const start = get(col.start);
      if (start && !isValidDay(start)) throw new Error(`start date "${start}" is not a real YYYY-MM-DD date`);
      const role = get(col.role).toUpperCase();
      if (role && role !== 'AE' && role !== 'SDR' && role !== 'AM') throw new Error(`role "${role}" is not AE, SDR or AM`);
      const region = get(col.region);
      if (region && !REGION.test(region)) throw new Error(`region "${region}" is not a short code like US or UK-North`);
      const repId = await resolvePerson(r, user, cache);
      const manager = get(col.manager);
      const managerId = manager ? await resolvePerson(r, manager, cache) : null;
      if (managerId === repId) throw new Error(`${user} can't be their own manager`);
      if (valid.some((v) => v.repId === repId)) throw new Error(`${user} appears twice`);
      const before = findUser(r.db, repId);
      const row: ImportRow = { line, repId };
      /** An empty cell clears only with clearEmpty; otherwise the rep's value stays, named when there is one. */
      const field = <K extends 'managerId' | 'startDate' | 'role' | 'region'>(
        key: K,
        column: number,
        value: ImportRow[K] | undefined,
        cleared: ImportRow[K],
        header: string,
        clears: string,
      ) => {
        if (!has(column)) return;
        if (value !== undefined || opts.clearEmpty) row[key] = value ?? cleared;
        else if (before?.onRoster && before[key] !== cleared)
          notes.push({ line, message: `${header} is empty: kept ${before[key]} (--clear-empty ${clears})` });
      };
      field('startDate', col.start, start || undefined, null, 'start_date', 'clears it');
      field('role', col.role, (role || undefined) as Role | undefined, 'AE', 'role', 'resets it to AE');
      field('region', col.region, region ? region.toUpperCase() : undefined, null, 'region', 'clears it');
      field('managerId', col.manager, managerId ?? undefined, null, 'manager', 'clears it');
      if (row.managerId) {
        const loop = reportingLoop(lines, repId, row.managerId);
        if (loop) throw new Error(`${user} reporting to ${manager} would make a reporting loop (${loop.join(' → ')})`);
        lines.set(repId, row.managerId);
      } else if (row.managerId === null) lines.delete(repId);
      valid.push(row);
      kept.push(...notes);
    } catch (err) {
      problems.push({ line, message: (err as Error).message });
    }
  }
  if (opts.allOrNothing && problems.length > 0) return { applied: [], problems, kept, written: false };
  changeUsers(
    r.db,
    valid.map(({ line: _line, repId, ...fields }) => ({ id: repId, change: { onRoster: true, ...fields } satisfies UserChange })),
    r.now,
  );
  return { applied: valid, problems, kept, written: true };
}
