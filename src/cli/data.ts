import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { webApi } from '@slack/bolt';
import type { Db } from '../db/index.js';
import { isValidDay, localDay } from '../scoring/week.js';
import { exportFormat, writeExport } from './export-file.js';

/**
 * `npm run backup -- FILE`: a consistent copy of the live database (SQLite's online backup),
 * safe while the bot runs.
 */
export async function backupCli(argv: string[], deps: { db: Db; out: (line: string) => void }): Promise<number> {
  const [file] = argv;
  if (!file || file.startsWith('-')) {
    deps.out('Usage: npm run backup -- FILE   (writes a consistent copy of the database while the bot runs)');
    return 2;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const started = Date.now();
  await deps.db.$client.backup(file);
  deps.out(`Backed up to ${file} (${fs.statSync(file).size.toLocaleString('en-US')} bytes, ${Date.now() - started} ms).`);
  return 0;
}

const EXPORT_USAGE = 'Usage: npm run export -- FILE.xlsx|FILE.csv [--user U0123|ana@example.com] [--from YYYY-MM-DD] [--to YYYY-MM-DD]';

/**
 * `npm run export -- FILE.xlsx` (or FILE.csv): a workbook of entries, weeks and KPIs, or the
 * entries as CSV, that opens cleanly in a spreadsheet; one user's with --user, named by Slack ID
 * or by email. The bot keeps no emails or names: with Slack settings, emails and names are
 * looked up in Slack through `client`; without them people are named by Slack ID.
 */
export async function exportCli(
  argv: string[],
  deps: { db: Db; out: (line: string) => void; client?: () => webApi.WebClient; now?: () => Date },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { user: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
    });
  } catch (err) {
    deps.out(`${(err as Error).message}\n${EXPORT_USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  const { user, from, to } = parsed.values;
  const format = file ? exportFormat(file) : undefined;
  if (!file || !format || [from, to].some((d) => d !== undefined && !isValidDay(d)) || (from && to && from > to)) {
    deps.out(EXPORT_USAGE);
    return 2;
  }
  let userId = user;
  if (user?.includes('@')) {
    const found = await userByEmail(user, deps.client);
    if ('problem' in found) {
      deps.out(`Nothing exported: ${found.problem}.`);
      return 1;
    }
    userId = found.id;
  }
  const now = (deps.now ?? (() => new Date()))();
  const counts = await writeExport({
    db: deps.db,
    filter: { userId, from, to },
    file,
    format,
    today: localDay(now, 'UTC'),
    client: slackIfSet(deps.client),
  });
  deps.out(
    counts.weeks === undefined
      ? `Exported ${counts.entries} entries to ${file}.`
      : `Exported ${counts.entries} entries, ${counts.weeks} rep-weeks and ${counts.kpi} KPI rows to ${file}.`,
  );
  return 0;
}

/** Slack's client when its settings are there, for naming people; none (Slack IDs) without them. */
function slackIfSet(client: (() => webApi.WebClient) | undefined): webApi.WebClient | undefined {
  try {
    return client?.();
  } catch {
    return undefined;
  }
}

/** The Slack user with this email, or why it could not be found. */
async function userByEmail(email: string, client: (() => webApi.WebClient) | undefined): Promise<{ id: string } | { problem: string }> {
  try {
    if (!client) return { problem: `looking up ${email} needs Slack; give the user's Slack ID (U…) instead` };
    const answer = await client().users.lookupByEmail({ email });
    return answer.user?.id ? { id: answer.user.id } : { problem: `no Slack user has the email ${email}` };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code === 'users_not_found') return { problem: `no Slack user has the email ${email}` };
    return { problem: `Slack could not look up ${email} (${code ?? (err as Error).message})` };
  }
}
