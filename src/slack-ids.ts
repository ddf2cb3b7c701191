/*
 * How Slack writes a user: the ID (U…, or W… on Enterprise Grid) and the mention `<@U123>` or
 * `<@U123|name>` it puts in text. The one place that knows the syntax; config, the roster
 * import, `/points-admin`, the views and the command-line renderer ask here.
 */

/** A whole Slack user ID, such as U0123ABCD. */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;

// The label stops at the next `<` too: typed text can hold many an unclosed "<@U1|", and a
// label running to the end of the text for each would make reading it quadratic.
const MENTIONS = /<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g;

/** Whether the text is a whole Slack user ID. */
export const isUserId = (text: string): boolean => USER_ID.test(text);

/** The user IDs mentioned in a piece of text, in order, without repeats. */
export function mentionedIds(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(MENTIONS), (m) => m[1]!))];
}

/** The text with each mention replaced by what `by` makes of its user ID. */
export function replaceMentions(text: string, by: (userId: string) => string): string {
  return text.replace(MENTIONS, (_mention, userId: string) => by(userId));
}
