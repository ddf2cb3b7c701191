import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { webApi } from '@slack/bolt';
import { createJsonLogger } from '../logger.js';
import type { CliDeps } from './main.js';
import { CsvSyntaxError } from '../roster/csv.js';
import { importRoster } from '../roster/import.js';

const USAGE = `Usage:
  npm run roster -- import FILE [--all-or-nothing] [--clear-empty]

FILE is CSV with a header row: user (Slack user ID or email), manager (ID or email),
start_date (YYYY-MM-DD), role (AE, SDR or AM), region (US, UK, …). Rows that cannot be applied are reported;
the rest are applied together, or none of them with --all-or-nothing. A column the file
does not have changes nothing; an empty cell keeps what the rep has (and says so) unless
--clear-empty is given, which clears it (a role resets to AE).`;

/** `npm run roster -- import FILE`: returns the exit code; output goes through `out`. */
export async function rosterCli(argv: string[], deps: CliDeps): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'all-or-nothing': { type: 'boolean' }, 'clear-empty': { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (err) {
    deps.out(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, file] = parsed.positionals;
  if (parsed.values.help || command !== 'import' || !file) {
    deps.out(USAGE);
    return parsed.values.help ? 0 : 2;
  }
  let csv: string;
  try {
    csv = fs.readFileSync(file, 'utf8');
  } catch (err) {
    deps.out(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return 1;
  }
  const logger = createJsonLogger(webApi.LogLevel.WARN, (line) => process.stderr.write(line));
  const client =
    deps.client ?? new webApi.WebClient(deps.config.botToken, { slackApiUrl: deps.config.slackApiUrl, logger, timeout: 10_000 });
  let report;
  try {
    report = await importRoster({ db: deps.db, client, logger, now: deps.now(), defaultTimeZone: deps.config.defaultTimeZone }, csv, {
      allOrNothing: Boolean(parsed.values['all-or-nothing']),
      clearEmpty: Boolean(parsed.values['clear-empty']),
    });
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    deps.out(`Nothing imported: ${file} is not valid CSV: ${err.message}.`);
    return 1;
  }
  const said = [
    ...report.kept.map((k) => ({ line: k.line, text: `line ${k.line}: ${k.message}` })),
    ...report.problems.map((p) => ({ line: p.line, text: `line ${p.line}: not applied: ${p.message}` })),
  ];
  // Sorted by line, and stable: a row's notes stay in the order of its columns.
  for (const s of said.sort((a, b) => a.line - b.line)) deps.out(s.text);
  if (!report.written) {
    deps.out(
      `Nothing imported: ${report.problems.length} ${report.problems.length === 1 ? 'row has' : 'rows have'} a problem (--all-or-nothing).`,
    );
    return 1;
  }
  deps.out(
    `Imported ${report.applied.length} ${report.applied.length === 1 ? 'rep' : 'reps'}${report.problems.length ? `; ${report.problems.length} not applied` : ''}.`,
  );
  return report.problems.length > 0 ? 1 : 0;
}
