/** A line the readers cannot take, with what to tell the rep and whether to show the help. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly showHelp = false,
  ) {
    super(message);
  }
}
