/**
 * What the `/log` readers take and give back: the context a line is read in and what it asks
 * to record.
 */
import type { CatalogueItem } from '../catalogue.js';
import type { LocalDay } from '../week.js';

/** One activity a line asks to record. */
export interface ParsedItem {
  activityKey: string;
  count: number;
  amountCents: number | null;
}

export type ParseResult =
  | { kind: 'form' }
  | { kind: 'help' }
  | { kind: 'undo' }
  /** `/log history [week]`: `week` is the rest of the line, read by the week reader `/points` uses. */
  | { kind: 'history'; week: string }
  /** `/log away …` marks days away, `/log back …` or `/log away undo …` takes them back; `days` is the rest, read by parseAwayDays. */
  | { kind: 'away'; back: boolean; days: string }
  | { kind: 'log'; items: ParsedItem[]; day: LocalDay; note: string | null }
  | {
      kind: 'error';
      message: string;
      showHelp: boolean;
      /** The whole line corrected, when every part that could not be read has a correction and the result reads. */
      suggestion?: string;
    };

export interface ParseContext {
  catalogue: CatalogueItem[];
  /** The rep's local day now. */
  today: LocalDay;
  /** Days before the current week a rep may still log for. */
  backdateDays: number;
  /** The largest count one activity may have in one line. */
  maxCount: number;
  /** The largest deal amount one entry may carry, in major units (10,000,000 is ten million). */
  maxDealAmount: number;
}
