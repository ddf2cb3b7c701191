import { parseArgs } from 'node:util';
import { webApi } from '@slack/bolt';
import { performance } from 'node:perf_hooks';
import { createDigestDeps, previewSends, runDigests, type RunProgress } from '../digest/job.js';
import { WriteQueue } from '../db/write-queue.js';
import { createJsonLogger } from '../logger.js';
import type { CliDeps } from './main.js';
import { isManager } from '../roster/roster.js';
import { isValidDay, weekLabel, weekStartOf } from '../scoring/week.js';
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
  const logger = createJsonLogger(webApi.LogLevel.WARN, (line) => process.stderr.write(line));
  // Claims and records of many recipients at once share one durable commit (see WriteQueue).
  const writes = args.send ? new WriteQueue(deps.db) : undefined;
  const digestDeps = createDigestDeps(deps.config, deps.db, logger, { now: deps.now, client: deps.client, writes });
  const names = new Map<string, string>();
  const nameOf = async (id: string) => {
    if (!names.has(id)) names.set(id, await personName(digestDeps.client, id));
    return names.get(id)!;
  };
  if (args['dry-run']) {
    const digests = await previewSends(digestDeps, { weekStart, managerId: args.manager });
    if (digests.length === 0) deps.out(args.manager ? `${args.manager} manages no one on the roster.` : 'No managers on the roster yet.');
    for (const d of digests) {
      const parts = d.messages.length > 1 ? `, ${d.messages.length} messages` : '';
      deps.out(`\n### To ${await nameOf(d.managerId)} (@${d.managerId}, ${d.zone}) · week of ${weekLabel(d.weekStart)}${parts}\n`);
      for (const m of d.messages) deps.out(`${renderMessage(m)}\n`);
    }
    return 0;
  }
  if (args.manager && !isManager(deps.db, args.manager)) {
    deps.out(`${args.manager} manages no one on the roster; nothing to send.`);
    return 1;
  }
  const started = performance.now();
  const progress = progressWriter(deps, started);
  const report = await runDigests(digestDeps, {
    mode: 'now',
    weekStart,
    managerId: args.manager,
    force: args.force,
    onProgress: progress.update,
  });
  progress.end();
  writes?.close();
  if (report.sent.length <= NAMED_UP_TO) {
    for (const s of report.sent) {
      const what = s.kind === 'digest' ? 'digest' : 'rep note';
      const parts = s.parts > 1 ? `, ${s.parts} messages` : '';
      deps.out(`sent ${what} to ${await nameOf(s.recipientId)} (${s.recipientId}), week of ${weekLabel(s.weekStart)}${parts}`);
    }
  } else {
    // Naming thousands would cost a users.info call each: a count says as much.
    const digests = report.sent.filter((s) => s.kind === 'digest').length;
    deps.out(
      `sent ${digests} ${digests === 1 ? 'digest' : 'digests'} and ${report.sent.length - digests} rep notes in ${formatDuration(performance.now() - started)}${report.rateLimited ? ` (${report.rateLimited} times Slack asked to slow down)` : ''}`,
    );
  }
  for (const r of report.retrying)
    deps.out(`not sent to ${await nameOf(r.recipientId)} (${r.recipientId}): ${r.error} (the running bot retries it)`);
  for (const f of report.failed) deps.out(`FAILED for ${await nameOf(f.recipientId)} (${f.recipientId}): ${f.error}`);
  if (report.skipped > 0) deps.out(`${report.skipped} already sent this week; --force sends again.`);
  if (report.sent.length + report.retrying.length + report.failed.length + report.skipped === 0) deps.out('Nothing to send.');
  return report.failed.length + report.retrying.length > 0 ? 1 : 0;
}

/** Up to this many recipients sent are named one by one; more are counted. */
const NAMED_UP_TO = 20;

/** "42 s", "3 min 5 s". */
function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * The progress of a `--send`: on a terminal a bar redrawn in place (sent, failed, the pace and
 * the time left); otherwise a plain line at each tenth, which a log file can keep.
 */
function progressWriter(deps: CliDeps, started: number) {
  let shownTenth = 0;
  let drawn = false;
  const line = (p: RunProgress) => {
    const elapsed = performance.now() - started;
    const left = p.done > 0 && p.done < p.total ? ` · about ${formatDuration((elapsed / p.done) * (p.total - p.done))} left` : '';
    return `${p.done}/${p.total} · sent ${p.sent} · failed ${p.failed} · retrying ${p.retrying} · ${p.perSecond.toFixed(1)} msg/s${left}`;
  };
  return {
    update: (p: RunProgress) => {
      if (deps.terminal) {
        const width = 30;
        const filled = Math.round((p.done / Math.max(1, p.total)) * width);
        deps.terminal.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(p)}\x1b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor((p.done / Math.max(1, p.total)) * 10);
      if (p.total >= NAMED_UP_TO && tenth > shownTenth) {
        shownTenth = tenth;
        deps.out(`delivering: ${line(p)}`);
      }
    },
    end: () => {
      if (drawn) deps.terminal?.write('\n');
    },
  };
}

/** A person's name as Slack shows it, for the operator reading the output; their id when Slack cannot say. */
async function personName(client: webApi.WebClient, userId: string): Promise<string> {
  try {
    const res = await client.users.info({ user: userId });
    return res.user?.profile?.display_name || res.user?.real_name || res.user?.profile?.real_name || userId;
  } catch {
    return userId;
  }
}
