import { createHash } from 'node:crypto';

/** A chart ready to upload: the PNG, the alt text carrying its numbers, and its title. */
export interface ChartImage {
  png: Buffer;
  altText: string;
  title: string;
}

/** Charts kept by default: a Friday of every manager's team chart and every rep's trend fits in a few MB. */
export const CHART_CACHE_SIZE = 200;

/**
 * Charts by content: the same kind of chart of the same data is drawn once, so a team opening
 * the App Home together costs one render. Least recently used charts go first past `maxEntries`.
 * The key is a hash of the kind and the data, so a change in any number draws a new chart.
 */
export class ChartCache {
  private readonly images = new Map<string, Promise<ChartImage>>();
  /** Charts drawn (misses), for tests and the bench. */
  renders = 0;

  constructor(readonly maxEntries = CHART_CACHE_SIZE) {}

  /**
   * The chart of `kind` for `data`, drawn by `draw` only when not already kept. A chart still being
   * drawn is shared too, so callers at the same moment wait for one drawing; a failed one is dropped.
   */
  get(kind: string, data: unknown, draw: () => Promise<ChartImage>): Promise<ChartImage> {
    const key = createHash('sha256').update(kind).update('\0').update(JSON.stringify(data)).digest('hex');
    const kept = this.images.get(key);
    if (kept) {
      // A Map iterates in insertion order: re-inserting makes this the most recently used.
      this.images.delete(key);
      this.images.set(key, kept);
      return kept;
    }
    const image = draw();
    this.renders += 1;
    this.images.set(key, image);
    image.catch(() => {
      if (this.images.get(key) === image) this.images.delete(key);
    });
    if (this.images.size > this.maxEntries) this.images.delete(this.images.keys().next().value!);
    return image;
  }

  get size(): number {
    return this.images.size;
  }
}

/** The process's chart cache, used when a caller passes none. */
export const sharedChartCache = new ChartCache();
