import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import type { webApi } from '@slack/bolt';

/** A file Slack did not take: which step failed and why, in Slack's words where it gave any. */
export class FileUploadError extends Error {
  readonly code = 'file_upload';
  constructor(
    readonly step: 'upload_url' | 'upload' | 'complete',
    readonly reason: string,
  ) {
    super(`the file upload failed at ${step}: ${reason}`);
    this.name = 'FileUploadError';
  }
}

/** A file to share: on disk (streamed, so a large export is never read into memory) or in memory (a chart). */
export type FileBytes = { path: string } | { bytes: Buffer };

/** How long the upload may go without a byte moving before it is given up. */
const UPLOAD_IDLE_MS = 60_000;

const slackError = (err: unknown) => (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;

/**
 * Shares a file in a channel (a DM's id for a person) with Slack's upload flow:
 * files.getUploadURLExternal with the name and size, the bytes POSTed to the URL it returns,
 * then files.completeUploadExternal, which posts it in `channelId`. Without `share` the file stays
 * private to the bot, for an image block to show by id (`slack_file`). Needs the files:write scope.
 * Returns the file's id; throws a {@link FileUploadError} naming the step that failed.
 */
export async function shareFile(
  client: webApi.WebClient,
  file: FileBytes & { filename: string; title: string },
  share?: { channelId: string; comment?: string },
): Promise<string> {
  const length = 'bytes' in file ? file.bytes.length : fs.statSync(file.path).size;
  let ticket;
  try {
    ticket = await client.files.getUploadURLExternal({ filename: file.filename, length });
  } catch (err) {
    throw new FileUploadError('upload_url', slackError(err));
  }
  if (!ticket.upload_url || !ticket.file_id) throw new FileUploadError('upload_url', 'Slack gave no upload URL');
  await postBytes(ticket.upload_url, file, length);
  try {
    await client.files.completeUploadExternal({
      files: [{ id: ticket.file_id, title: file.title }],
      ...(share ? { channel_id: share.channelId } : {}),
      ...(share?.comment ? { initial_comment: share.comment } : {}),
    });
  } catch (err) {
    throw new FileUploadError('complete', slackError(err));
  }
  return ticket.file_id;
}

/** POSTs the bytes to Slack's upload URL, streaming a file from disk. */
async function postBytes(url: string, file: FileBytes, length: number): Promise<void> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const req = transport.request(target, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'content-length': length },
  });
  req.setTimeout(UPLOAD_IDLE_MS, () => req.destroy(new Error(`no progress for ${UPLOAD_IDLE_MS / 1000} s`)));
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  // Awaited below; a failure while the bytes are still going is reported by the pipeline first.
  answered.catch(() => undefined);
  try {
    if ('bytes' in file) req.end(file.bytes);
    else await pipeline(fs.createReadStream(file.path), req);
    const res = await answered;
    res.resume();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  } catch (err) {
    req.destroy();
    throw new FileUploadError('upload', (err as Error).message);
  }
}
