import type { webApi } from '@slack/bolt';
import { shareFile } from './slack-files.js';

/** What an upload needs of a chart (src/charts' ChartImage), named here so this module stays below the domain. */
export interface ChartPicture {
  png: Buffer;
  title: string;
}

/**
 * Charts uploaded to Slack, by chart: the chart cache hands out one ChartImage per chart content,
 * so a chart already uploaded is shown again by its file id instead of being uploaded again (a
 * manager's team chart on every Home refresh, the same trend for a rep who logged nothing new).
 * Files are uploaded private to the bot and shown by image blocks (`slack_file: { id }`), which
 * carry the alt text a file share has no room for. A failed upload is forgotten, so the next
 * view tries again.
 */
export class ChartFiles {
  private readonly ids = new WeakMap<ChartPicture, Promise<string>>();
  /** Uploads made (not reused), for tests and the bench. */
  uploads = 0;

  /** The Slack file id of `image`, uploading it (as `filename`) the first time. */
  fileId(client: webApi.WebClient, image: ChartPicture, filename: string): Promise<string> {
    const known = this.ids.get(image);
    if (known) return known;
    this.uploads += 1;
    const uploading = shareFile(client, { bytes: image.png, filename, title: image.title });
    this.ids.set(image, uploading);
    uploading.catch(() => this.ids.delete(image));
    return uploading;
  }
}
