import type { CatalogueItem } from '../catalogue.js';

/** A line the readers cannot take, with what to tell the rep and whether to show the help. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly showHelp = false,
  ) {
    super(message);
  }
}

/**
 * A segment that names no activity as typed but one as corrected ("emial 12" is emails): the
 * segment and the activity meant, so the reader can offer the whole line corrected.
 */
export class SuggestionError extends ParseError {
  constructor(
    message: string,
    readonly meant: CatalogueItem,
  ) {
    super(message);
  }
}
