import { createHash } from 'node:crypto';

/** A chart ready to upload: the PNG, the alt text carrying its numbers, and its title. */
export interface ChartImage {
  png: Buffer;
  altText: string;
  title: string;
}

/** Charts kept by default: a Friday of every manager's team chart and the reps' trends. */
export const CHART_CACHE_SIZE = 200;

/**
 * PNG bytes kept by default. A trend is about 70 kB but a 60-rep team chart about 500 kB, so the
 * count alone could hold 100 MB; the bot runs in a small heap (package.json, `start`).
 */
export const CHART_CACHE_BYTES = 32 * 1024 * 1024;

interface Kept {
  image: Promise<ChartImage>;
  /** The PNG's size once drawn; 0 while drawing. */
  bytes: number;
}

/**
 * Charts by content: the same kind of chart of the same data is drawn once, so a team opening
 * the App Home together costs one render. Least recently used charts go first past `maxEntries`
 * or `maxBytes`. The key is a hash of the kind and the data, so a change in any number draws a
 * new chart.
 */
export class ChartCache {
  private readonly kept = new Map<string, Kept>();
  /** Charts drawn (misses), for tests and the bench. */
  renders = 0;
  /** PNG bytes held. */
  bytes = 0;

  constructor(
    readonly maxEntries = CHART_CACHE_SIZE,
    readonly maxBytes = CHART_CACHE_BYTES,
  ) {}

  /**
   * The chart of `kind` for `data`, drawn by `draw` only when not already kept. A chart still being
   * drawn is shared too, so callers at the same moment wait for one drawing; a failed one is dropped.
   */
  get(kind: string, data: unknown, draw: () => Promise<ChartImage>): Promise<ChartImage> {
    const key = createHash('sha256').update(kind).update('\0').update(JSON.stringify(data)).digest('hex');
    const found = this.kept.get(key);
    if (found) {
      // A Map iterates in insertion order: re-inserting makes this the most recently used.
      this.kept.delete(key);
      this.kept.set(key, found);
      return found.image;
    }
    const entry: Kept = { image: draw(), bytes: 0 };
    this.renders += 1;
    this.kept.set(key, entry);
    entry.image.then(
      (image) => {
        if (this.kept.get(key) !== entry) return;
        entry.bytes = image.png.length;
        this.bytes += entry.bytes;
        this.trim();
      },
      () => this.drop(key, entry),
    );
    this.trim();
    return entry.image;
  }

  get size(): number {
    return this.kept.size;
  }

  /** Drops the least recently used charts until both bounds hold (the newest is always kept). */
  private trim(): void {
    for (const [key, entry] of this.kept) {
      if (this.kept.size <= 1 || (this.kept.size <= this.maxEntries && this.bytes <= this.maxBytes)) return;
      this.drop(key, entry);
    }
  }

  private drop(key: string, entry: Kept): void {
    if (this.kept.get(key) !== entry) return;
    this.kept.delete(key);
    this.bytes -= entry.bytes;
  }
}

/** The process's chart cache, used when a caller passes none. */
export const sharedChartCache = new ChartCache();
