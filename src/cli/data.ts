import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
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

const EXPORT_USAGE = 'Usage: npm run export -- FILE.csv [--user U0123] [--from YYYY-MM-DD] [--to YYYY-MM-DD]';

/** `npm run export -- FILE.csv`: entries as CSV that opens in a spreadsheet; one user's with --user. */
export async function exportCli(argv: string[], deps: { db: Db; out: (line: string) => void }): Promise<number> {
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
  const csv = exportEntriesCsv(deps.db, { userId: user, from, to });
  fs.writeFileSync(file, `\uFEFF${csv}`);
  deps.out(`Exported ${csv.split('\r\n').length - 2} entries to ${file}.`);
  return 0;
}
