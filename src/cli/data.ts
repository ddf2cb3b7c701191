import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { webApi } from '@slack/bolt';
import type { Db } from '../db/index.js';
import { exportEntriesCsv } from '../roster/privacy.js';
import { isValidDay } from '../scoring/week.js';

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

const EXPORT_USAGE = 'Usage: npm run export -- FILE.csv [--user U0123|ana@example.com] [--from YYYY-MM-DD] [--to YYYY-MM-DD]';

/**
 * `npm run export -- FILE.csv`: entries as CSV that opens in a spreadsheet; one user's with
 * --user, named by Slack ID or by email. The bot keeps no emails, so an email is looked up in
 * Slack (users.lookupByEmail) through `client`, which is only built then: an export by ID needs
 * no Slack settings.
 */
export async function exportCli(
  argv: string[],
  deps: { db: Db; out: (line: string) => void; client?: () => webApi.WebClient },
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
  if (!file || [from, to].some((d) => d !== undefined && !isValidDay(d))) {
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
  const csv = exportEntriesCsv(deps.db, { userId, from, to });
  fs.writeFileSync(file, `\uFEFF${csv}`);
  deps.out(`Exported ${csv.split('\r\n').length - 2} entries to ${file}.`);
  return 0;
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
