/**
 * What a person typed after a slash command. Slack sends the text with `&`, `<` and `>` written
 * as `&amp;`, `&lt;` and `&gt;` (its own mentions and links stay `<…>`); each is decoded once
 * here, on the way in, so the bot reads and stores what was typed, and escapes it once on the
 * way out (escapeMrkdwn).
 */
export function typedText(text: string): string {
  // One pass, so "&amp;lt;" (a typed "&lt;") comes out as "&lt;", not "<".
  return text.includes('&') ? text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name]!) : text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
