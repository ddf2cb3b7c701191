import { describe, expect, it } from 'vitest';
import { parseLog, readCommonLine, type ParseContext } from '../../../../src/scoring/parse/index.js';
import { aeParseContext } from '../../../support/parse-context.js';

// Wednesday 18 November 2026.
const ctx = aeParseContext();
const catalogue = ctx.catalogue;

const error = (text: string) => {
  const result = parseLog(text, ctx);
  expect(result.kind, text).toBe('error');
  return result as Extract<typeof result, { kind: 'error' }>;
};

describe('every word of a line is read or named', () => {
  it.each([
    ['demo self-led x', '“x”'],
    ['demo self-led w', '“w”'],
    ['x calls', '“x”'],
    ['demo self-led for Acme', '“Acme”'],
  ])('refuses %j, naming %s', (text, named) => {
    expect(error(text).message).toMatch(new RegExp(`but not ${named}\\.`));
  });

  it('still reads "w/" as "with"', () => {
    expect(parseLog('demo w/ mentor', ctx)).toMatchObject({ kind: 'log', items: [{ activityKey: 'demo_mentor', count: 1 }] });
    expect(parseLog('demo w/mentor', ctx)).toMatchObject({ kind: 'log', items: [{ activityKey: 'demo_mentor', count: 1 }] });
  });

  it.each(['calls calls', 'calls 5 calls 6', '30 calls, 10 calls', 'calls calls 5', 'emails 3 emails'])(
    'refuses an activity named twice the same way: %j',
    (text) => {
      expect(error(text).message).toMatch(/^\*(calls|emails)\* appears twice in that line\. Add the counts up and log it once\.$/);
    },
  );

  it('leaves an activity named twice to the full reader', () => {
    expect(readCommonLine('calls calls', ctx)).toBeUndefined();
  });

  it('names a word said twice that is not a whole activity', () => {
    expect(error('demo demo self-led').message).toMatch(/“demo” appears twice in “demo demo self-led”/);
  });

  it('still reads the closed-won phrases whose words mean the same', () => {
    for (const text of ['closed won', 'closed won deal', 'won deal', 'closed-won']) {
      expect(parseLog(text, ctx), text).toMatchObject({ kind: 'log', items: [{ activityKey: 'closed_won', count: 1 }] });
    }
  });
});

describe('notes', () => {
  it.each([
    [`demo self-led 'Acme kickoff'`, 'Acme kickoff'],
    [`demo self-led ‘Acme kickoff’`, 'Acme kickoff'],
    [`demo self-led “Acme kickoff”`, 'Acme kickoff'],
    [`demo self-led „Acme kickoff“`, 'Acme kickoff'],
    [`demo self-led «Acme kickoff»`, 'Acme kickoff'],
    [`demo self-led ‹Acme kickoff›`, 'Acme kickoff'],
    [`demo self-led 'Acme's kickoff'`, "Acme's kickoff"],
    [`demo self-led ‘Acme’s kickoff’`, 'Acme’s kickoff'],
    [`demo self-led "it's Acme's"`, "it's Acme's"],
    [`'Acme kickoff' demo self-led`, 'Acme kickoff'],
    [`demo self-led note: "Acme kickoff"`, 'Acme kickoff'],
    ['demo self-led note: first line\nsecond line', 'first line\nsecond line'],
    [`demo self-led note: it's "the" one`, `it's "the" one`],
  ])('reads the note in %j', (text, note) => {
    expect(parseLog(text, ctx)).toMatchObject({ kind: 'log', items: [{ activityKey: 'demo_self', count: 1 }], note });
  });

  it('keeps a note of exactly 500 characters whole', () => {
    const note = 'n'.repeat(500);
    expect(parseLog(`demo self-led "${note}"`, ctx)).toMatchObject({ kind: 'log', note });
  });

  it.each([`demo self-led "${'n'.repeat(501)}"`, `demo self-led note: ${'n'.repeat(640)}`])(
    'refuses a note over 500 characters, saying how long it is',
    (text) => {
      const length = text.length - (text.includes('note:') ? 'demo self-led note: '.length : 'demo self-led ""'.length);
      expect(error(text).message).toBe(`That note is ${length} characters; a note can be up to 500. Shorten it and log again.`);
    },
  );

  it.each([`demo self-led 'Acme kickoff`, `demo self-led ‘Acme kickoff`, `demo self-led "Acme kickoff`])(
    'asks for the closing quote in %j',
    (text) => {
      expect(error(text).message).toMatch(/A note needs a closing quote/);
    },
  );

  it('refuses two notes in one line', () => {
    expect(error(`demo self-led "Acme" 'kickoff'`).message).toMatch(/one note/);
  });
});

describe('"Did you mean…?" offers the whole corrected line', () => {
  it.each([
    ['30calls', '30 calls'],
    ['calls30', 'calls 30'],
    ['30 calls, 12 emials', '30 calls, 12 emails'],
    ['30 calls and 12 emials', '30 calls, 12 emails'],
    ['emial 12', 'emails 12'],
    ['cals 30, emial 12', 'calls 30, emails 12'],
    ['10 calls 5 emials', '10 calls 5 emails'],
    ['dmeo self-led yesterday "Acme kickoff"', 'demo self-led yesterday "Acme kickoff"'],
    ['dmeo self-led note: the "big" one', 'demo self-led note: the "big" one'],
    ['closd won $12,500', 'closed won $12,500'],
    ['closd won 10000 eur, 30 calls', 'closed won 10000 eur, 30 calls'],
    ['linkdin connect 4', 'dm connect 4'],
    ['demo mntor-led, 30 calls', 'demo mentor-led, 30 calls'],
  ])('%j suggests %j', (text, line) => {
    const result = error(text);
    expect(result.suggestion).toBe(line);
    // The suggestion is offered only when it logs as it reads.
    expect(parseLog(line, ctx).kind).toBe('log');
  });

  it('offers a deal whose number is in doubt, and the line corrected asks about it as /log would', () => {
    const result = error('closd won 99');
    expect(result.suggestion).toBe('closed won 99');
    const again = parseLog('closed won 99', ctx);
    expect(again.kind).toBe('ask');
  });

  it('keeps what it could not read in the message', () => {
    const result = error('30 calls, 12 emials');
    expect(result.message).toMatch(/I don't know “12 emials”. Did you mean \*emails\* \(1 pt\)\?/);
    expect(result.message).not.toMatch(/Try `\/log emails`/);
  });

  it.each(['pizza', 'cals 30, pizza', 'demo', 'cals 0', 'emial 12, 30 emails'])('suggests nothing for %j', (text) => {
    expect(error(text).suggestion).toBeUndefined();
  });
});
