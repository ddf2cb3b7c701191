import { performance } from 'node:perf_hooks';
import { webApi } from '@slack/bolt';
import { teamWeekChart } from '../charts/charts.js';
import { teamChartData } from '../charts/data.js';
import { FileUploadError } from '../slack-files.js';
import { buildChartMessage } from '../views/charts.js';
import { markChartMissing } from './deliveries.js';
import type { DigestDeps } from './job.js';
import type { WorkspacePace } from './pace.js';
import type { TeamWeek } from './team.js';

/** How often a chart refused by Slack's rate limit is posted again before it is given up. */
const CHART_TRIES = 5;

/**
 * Attaches the team chart after a manager's digest: drawn with the reps' names (a chart cannot
 * show a mention), uploaded privately and posted in the manager's DM as an image block with
 * alt text carrying every number. The digest went out before this runs; a failure here is
 * logged and recorded on the digest's delivery for `digest status`, and never thrown.
 */
export async function attachTeamChart(
  deps: DigestDeps,
  args: { deliveryId: number; managerId: string; team: TeamWeek; pace: WorkspacePace },
): Promise<void> {
  const { managerId, team, pace } = args;
  if (team.reps.length === 0) return;
  try {
    const names = await deps.names.names(
      deps.client,
      team.reps.map((r) => r.repId),
      deps.logger,
    );
    const chart = await teamWeekChart(teamChartData(team, names));
    const fileId = await deps.chartFiles.fileId(deps.client, chart, `team-${managerId}-${team.weekStart}.png`);
    // A user id as the channel posts in the app's DM with them; no conversations.open needed.
    // Paced with the digests: a second after the digest in the same DM, counted in the workspace's
    // rate; a refusal (429) is waited out and posted again, as a digest's part is.
    for (let tries = 1; ; tries++) {
      await pace.turn(managerId);
      try {
        await deps.client.chat.postMessage({
          channel: managerId,
          ...buildChartMessage(chart, fileId),
          unfurl_links: false,
          unfurl_media: false,
        });
        pace.accepted(managerId);
        break;
      } catch (err) {
        const e = err as { code?: string; retryAfter?: number };
        if (e.code !== webApi.ErrorCode.RateLimitedError) {
          pace.answered(managerId);
          throw err;
        }
        pace.limited(managerId, e.retryAfter ?? 30);
        if (tries >= CHART_TRIES) throw err;
      }
    }
  } catch (err) {
    const reason =
      err instanceof FileUploadError
        ? `${err.step}: ${err.reason}`
        : ((err as { data?: { error?: string } }).data?.error ?? (err as Error).message ?? String(err));
    deps.logger.error(`the team chart was not attached to ${managerId}'s digest of ${team.weekStart}: ${reason}`, err);
    try {
      const write = () => markChartMissing(deps.db, args.deliveryId, reason);
      await (deps.writes ? deps.writes.run(write, performance.now() + 10_000) : write());
    } catch (e) {
      deps.logger.error(`could not record that ${managerId}'s digest went without its chart`, e);
    }
  }
}
