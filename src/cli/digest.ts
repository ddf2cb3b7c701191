import { parseArgs } from 'node:util';
import { webApi } from '@slack/bolt';
import { createDigestDeps, previewDigests, runDigests } from '../digest/job.js';
import { createJsonLogger } from '../logger.js';
import type { CliDeps } from './main.js';
import { cachedTimeZone } from '../roster/people.js';
import { isManager } from '../roster/roster.js';
import { isValidDay, localDay, weekStartOf } from '../scoring/week.js';
import { renderMessage } from './render.js';

const USAGE = `Usage:
  npm run digest -- --dry-run [--week YYYY-MM-DD] [--manager U123]   print each digest, send nothing
  npm run digest -- --send [--week YYYY-MM-DD] [--manager U123] [--force]   send now (once per week unless --force)`;

/**
 * `npm run digest`: preview or send the managers' digests now. Returns the exit code; all
 * output goes through `out`.
 */
export async function digestCli(argv: string[], deps: CliDeps): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean' },
        send: { type: 'boolean' },
        force: { type: 'boolean' },
        week: { type: 'string' },
        manager: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (err) {
    deps.out(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help || Boolean(args['dry-run']) === Boolean(args.send)) {
    deps.out(USAGE);
    return args.help ? 0 : 2;
  }
  if (args.week !== undefined && !isValidDay(args.week)) {
    deps.out(`--week takes a day as YYYY-MM-DD (any day of the week); got "${args.week}".`);
    return 2;
  }
  const weekStart = args.week ? weekStartOf(args.week) : undefined;
  if (args['dry-run']) {
    const week = weekStart ?? weekStartOf(localDay(deps.now(), deps.config.defaultTimeZone));
    const digests = previewDigests(deps.db, { weekStart: week, managerId: args.manager });
    if (digests.length === 0) deps.out(args.manager ? `${args.manager} manages no one on the roster.` : 'No managers on the roster yet.');
    for (const d of digests) {
      const zone = cachedTimeZone(deps.db, d.managerId, deps.config.defaultTimeZone);
      deps.out(`\n### To @${d.managerId} (${zone})${d.messages.length > 1 ? `, ${d.messages.length} messages` : ''}\n`);
      for (const m of d.messages) deps.out(`${renderMessage(m)}\n`);
    }
    return 0;
  }
  if (args.manager && !isManager(deps.db, args.manager)) {
    deps.out(`${args.manager} manages no one on the roster; nothing to send.`);
    return 1;
  }
  const logger = createJsonLogger(webApi.LogLevel.WARN, (line) => process.stderr.write(line));
  const report = await runDigests(createDigestDeps(deps.config, deps.db, logger, { now: deps.now, client: deps.client }), {
    mode: 'now',
    weekStart,
    managerId: args.manager,
    force: args.force,
  });
  for (const s of report.sent)
    deps.out(
      `sent ${s.kind === 'digest' ? 'digest' : 'rep note'} to ${s.recipientId} (week of ${s.weekStart}${s.parts > 1 ? `, ${s.parts} messages` : ''})`,
    );
  for (const r of report.retrying) deps.out(`not sent to ${r.recipientId}: ${r.error} (the running bot retries it)`);
  for (const f of report.failed) deps.out(`FAILED for ${f.recipientId}: ${f.error}`);
  if (report.skipped > 0) deps.out(`${report.skipped} already sent this week; --force sends again.`);
  if (report.sent.length + report.retrying.length + report.failed.length + report.skipped === 0) deps.out('Nothing to send.');
  return report.failed.length + report.retrying.length > 0 ? 1 : 0;
}
