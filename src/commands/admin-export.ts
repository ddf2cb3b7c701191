import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webApi } from '@slack/bolt';
import type { Db } from '../db/index.js';
import type { AdminRequest } from '../roster/admin-parse.js';
import type { LocalDay } from '../scoring/week.js';
import { FileUploadError, shareFile } from '../slack-files.js';
import { buildExportBusy, buildExportComment, buildExportFailed, buildExportStarted, exportTitle } from '../views/export.js';
import type { SlackMessage } from '../views/message.js';
import { writeExport } from '../cli/export-file.js';
import type { Deps } from './deps.js';

type ExportRequest = Extract<AdminRequest, { kind: 'export' }>;

/**
 * The export being written for each database. One at a time: writing a large workbook takes the
 * CPU the bot answers with, and a second admin's click would double that for the same file.
 */
const running = new WeakMap<Db, Promise<void>>();

/**
 * `/points-admin export [from] [to]`: answers at once and writes the workbook in the
 * background (Slack waits 3 s for an answer; a large export takes longer), then shares it in the
 * admin's DM. Returns the answer; a second export while one runs is refused.
 */
export function startAdminExport(deps: Deps, adminId: string, req: ExportRequest, today: LocalDay): SlackMessage {
  if (running.has(deps.db)) return buildExportBusy();
  const job = sendExport(deps, patientClient(deps), adminId, req, today).finally(() => running.delete(deps.db));
  running.set(deps.db, job);
  return buildExportStarted(req);
}

/**
 * A client of the export's own. The listeners' gives up after 1.2 s and fails a 429 at once, to
 * answer within Slack's 3 seconds; the export answers no one meanwhile, so it waits out a
 * rate limit (a name per person, users.info being Tier 4) and a slow upload instead.
 */
function patientClient(deps: Deps): webApi.WebClient {
  return new webApi.WebClient(deps.config.botToken, {
    slackApiUrl: deps.config.slackApiUrl,
    logger: deps.logger,
    timeout: 30_000,
    retryConfig: { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000 },
  });
}

/** Writes the workbook to a private temporary folder, shares it in the admin's DM and removes it; tells the admin when it fails. */
async function sendExport(deps: Deps, client: webApi.WebClient, adminId: string, req: ExportRequest, today: LocalDay): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-export-'));
  const filename = `points-export-${today}.xlsx`;
  let channelId: string | undefined;
  try {
    channelId = (await client.conversations.open({ users: adminId })).channel?.id;
    if (!channelId) throw new Error('conversations.open returned no channel');
    const file = path.join(dir, filename);
    const range = { from: req.from, to: req.to };
    const counts = await writeExport({ db: deps.db, filter: range, file, format: 'xlsx', today, client, logger: deps.logger });
    await shareFile(client, { path: file, filename, title: exportTitle(range) }, { channelId, comment: buildExportComment(counts, range) });
  } catch (err) {
    deps.logger.error(`the export for ${adminId} was not sent`, err);
    const reason = err instanceof FileUploadError ? `Slack said ${err.reason}` : 'something went wrong on our side';
    const message = buildExportFailed(reason);
    await client.chat
      .postMessage({ channel: channelId ?? adminId, ...message })
      .catch((e: unknown) => deps.logger.error(`could not tell ${adminId} that their export failed`, e));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
