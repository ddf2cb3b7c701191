/**
 * Writing a person's words into Slack mrkdwn: escaped once, never formatting or pinging. Below
 * the domain, not in views/, because the domain's own sentences (the parser's questions and
 * refusals, the roster's answers) quote what was typed too.
 */

/**
 * A person's own words in mrkdwn, shown as they typed them: `&`, `<` and `>` escaped once (no
 * mention, link or broadcast), and each `*`, `_`, `~` and backtick between zero-width spaces.
 * Slack takes a marker for formatting only with a word's edge on one side and a character on
 * the other; a zero-width space on both sides leaves it neither, whichever of the two Slack
 * takes that space for.
 */
export function literalMrkdwn(text: string): string {
  return escapeMrkdwn(text).replace(/[*_~`]/g, '\u200B$&\u200B');
}

/** Escapes text for Slack mrkdwn so a rep's words can be echoed without pinging or formatting. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A rep's words quoted back safely, shortened when long. */
export function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
  return `“${escapeMrkdwn(short.replace(/[`*_~]/g, ''))}”`;
}
