import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, parseLog, type ParseContext } from '../../../src/scoring/parse/index.js';
import { blockKitProblems } from '../../../src/views/block-kit.js';
import { buildLogError } from '../../../src/views/log.js';
import { allText } from '../../support/blocks.js';
import { aeParseContext } from '../../support/parse-context.js';

// A rep's catalogue: AE's, the week of the line.
const ctx = aeParseContext();
const catalogue = ctx.catalogue;

/** The refusal a rep reads for a line, with its suggestion when there is one. */
function refusal(line: string) {
  const parsed = parseLog(line, ctx);
  if (parsed.kind !== 'error') throw new Error(`${line} was read`);
  return buildLogError(parsed.message, parsed.showHelp, catalogue, 500, parsed.suggestion);
}

describe('a refusal with the line corrected', () => {
  it('shows the whole corrected line and a button that carries it', () => {
    const message = refusal('30 calls, 12 emials');
    expect(allText(message)).toContain('Did you mean `/log 30 calls, 12 emails`?');
    const button = (message.blocks![1] as any).accessory;
    expect(button).toMatchObject({ type: 'button', action_id: 'log_suggestion_button', value: '30 calls, 12 emails' });
    expect(button.text.text).toBe('Log this');
  });

  it('shows a note that would ping or format as plain words', () => {
    const text = allText(refusal('dmeo self-led "<!channel> *big* `one`"'));
    expect(text).not.toMatch(/<!channel>/);
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('stays within Block Kit limits for the longest line a rep can send', () => {
    // Every activity once with a count, the first misspelt, and a note of 500 characters to escape.
    const names = catalogue.filter((c) => !c.takesAmount).map((c) => c.shorthand);
    const typed = names.map((n, i) => `${400 + i} ${i === 0 ? n.replace('a', 'aa') : n}`);
    const line = `${typed.join(', ')} "${'&'.repeat(500)}"`;
    expect(line.length).toBeLessThanOrEqual(MAX_LINE_CHARS);
    const parsed = parseLog(line, ctx);
    const message = refusal(line);
    expect(blockKitProblems(message, 'message')).toEqual([]);
    expect(parsed.kind === 'error' && parsed.suggestion).toBeTruthy();
  });
});
