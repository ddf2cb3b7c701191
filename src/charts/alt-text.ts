/** Slack's limit on an image block's alt_text, in characters (SLACK.md, "Image block"). */
export const ALT_TEXT_MAX = 2000;

/** A whole number as a reader sees it: "1,250". */
export const num = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A section of alt text: "Behind: Ana 120 of 500, Bo 300 of 500." */
export interface AltSection {
  name: string;
  items: string[];
}

/** "Name: a, b and 5 more." with as many items as fit in `budget` characters. */
function sectionWithin(section: AltSection, budget: number): string {
  const whole = `${section.name}: ${section.items.join(', ')}.`;
  if (whole.length <= budget) return whole;
  for (let shown = section.items.length - 1; shown >= 0; shown--) {
    const rest = section.items.length - shown;
    const head =
      shown === 0 ? `${section.name}: ${num(rest)}` : `${section.name}: ${section.items.slice(0, shown).join(', ')} and ${num(rest)} more`;
    const text = `${head}.`;
    if (text.length <= budget) return text;
  }
  return `${section.name}: ${num(section.items.length)}.`;
}

/**
 * A head sentence and its sections within `limit` characters. The room is shared out fairly: a
 * section shorter than its share is written whole and leaves the rest to the others; a longer one
 * lists its items while they fit and ends with a count of those left out. So every group is
 * named and counted however long the list.
 */
export function altTextWithin(head: string, sections: readonly AltSection[], limit = ALT_TEXT_MAX): string {
  const present = sections.filter((s) => s.items.length > 0);
  const whole = present.map((s) => `${s.name}: ${s.items.join(', ')}.`.length);
  // One space before each section.
  let room = limit - head.length - present.length;
  const budget = new Array<number>(present.length);
  const bySize = present.map((_, i) => i).sort((a, b) => whole[a]! - whole[b]!);
  bySize.forEach((i, k) => {
    const share = Math.floor(room / (present.length - k));
    budget[i] = Math.min(whole[i]!, share);
    room -= budget[i]!;
  });
  const parts = [head, ...present.map((s, i) => sectionWithin(s, budget[i]!))].filter(Boolean);
  const all = parts.join(' ');
  return all.length <= limit ? all : `${all.slice(0, limit - 1)}…`;
}
