import cron from 'node-cron';
import { runDigests, type DigestDeps, type RunReport } from './job.js';

/** Every minute: cheap (one roster query), and a digest goes out within a minute of its time. */
export const DIGEST_CRON = '* * * * *';

export interface DigestScheduler {
  /** Runs one check now (also what the cron calls); overlapping calls share the running one. */
  tick(): Promise<RunReport | undefined>;
  stop(): Promise<void>;
}

/**
 * Starts the job that sends each manager's digest once their local digest time has passed. A
 * check at start catches up on digests missed while the bot was down.
 */
export function startDigestScheduler(deps: DigestDeps, options: { cron?: string } = {}): DigestScheduler {
  let running: Promise<RunReport | undefined> | undefined;
  const tick = () => {
    running ??= runDigests(deps, { mode: 'scheduled' })
      .catch((err: unknown) => {
        deps.logger.error('digest check failed', err);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const task = cron.schedule(options.cron ?? DIGEST_CRON, () => void tick(), { name: 'digests', noOverlap: true });
  void tick();
  return {
    tick,
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
