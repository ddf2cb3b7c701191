import type { ChartImage } from '../charts/charts.js';
import { buildChartMessage, buildChartMissing } from '../views/charts.js';
import type { Deps } from './deps.js';

/**
 * Draws a chart, uploads it and posts it in the viewer's DM with the bot, after an answer in words
 * (`/points trend`, `/points team kpis`). If any step fails, logs it and tells the viewer the
 * numbers are in the answer to `command`. Never rejects.
 */
export async function sendChartToDm(
  deps: Deps,
  viewer: string,
  draw: () => Promise<ChartImage>,
  args: { filename: string; command: string; what: string; named?: string | undefined },
): Promise<void> {
  try {
    const chart = await draw();
    const fileId = await deps.chartFiles.fileId(deps.background, chart, args.filename);
    await deps.background.chat.postMessage({ channel: viewer, ...buildChartMessage(chart, fileId, args.named) });
  } catch (err) {
    deps.logger.error(`${args.what} could not be sent to ${viewer}`, err);
    await deps.background.chat
      .postMessage({ channel: viewer, ...buildChartMissing(args.command) })
      .catch((e: unknown) => deps.logger.error(`could not tell ${viewer} the chart was not attached`, e));
  }
}
