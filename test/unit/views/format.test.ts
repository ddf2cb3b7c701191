import { describe, expect, it } from 'vitest';
import { literalMrkdwn } from '../../../src/mrkdwn.js';
import { countOf, money, progressBar, pts, thousands } from '../../../src/views/format.js';

describe('thousands', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [-999, '-999'],
    [1000, '1,000'],
    [-1000, '-1,000'],
    [12500, '12,500'],
    [1234567, '1,234,567'],
    [2.5, '2.5'],
  ])('writes %d as %s', (n, text) => {
    expect(thousands(n)).toBe(text);
  });

  it('gives points their unit', () => {
    expect(pts(1)).toBe('1 pt');
    expect(pts(-1)).toBe('-1 pt');
    expect(pts(1500)).toBe('1,500 pts');
  });
});

describe('progressBar', () => {
  it.each([
    [0, '▱▱▱▱▱▱▱▱▱▱'],
    [90, '▰▰▱▱▱▱▱▱▱▱'],
    [480, '▰▰▰▰▰▰▰▰▰▱'],
    [499, '▰▰▰▰▰▰▰▰▰▱'],
    [500, '▰▰▰▰▰▰▰▰▰▰'],
    [750, '▰▰▰▰▰▰▰▰▰▰'],
  ])('draws %d of 500 as %s, full only at the goal', (total, bar) => {
    expect(progressBar(total, 500)).toBe(bar);
  });
});

describe('countOf', () => {
  it('names an activity by its catalogue nouns, with separators in large counts', () => {
    expect(countOf({ label: 'Outbound call', noun: 'call', nounPlural: 'calls' }, 1)).toBe('1 call');
    expect(countOf({ label: 'Outbound email', noun: 'email', nounPlural: 'emails' }, 1200)).toBe('1,200 emails');
  });

  it('writes an activity without nouns as a count of its label, with separators too', () => {
    expect(countOf({ label: 'Webinar hosted', noun: null, nounPlural: null }, 3)).toBe('3 × Webinar hosted');
    expect(countOf({ label: 'Webinar hosted' }, 1500)).toBe('1,500 × Webinar hosted');
  });
});

describe('money', () => {
  it.each([
    [0, '0'],
    [5, '0.05'],
    [1_250_000, '12,500'],
    [1_250_010, '12,500.10'],
    [1_000_000_000, '10,000,000'],
    // Beyond what float division by 100 writes exactly: every digit stays.
    [8_005_066_647_665_896, '80,050,666,476,658.96'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('writes %i cents as %s', (cents, text) => {
    expect(money(cents)).toBe(text);
  });
});

describe('literalMrkdwn', () => {
  const z = '\u200B';
  it('escapes &, < and > once and keeps every formatting marker from pairing', () => {
    expect(literalMrkdwn('<!channel> Tom & Jerry *bold* _it_ ~s~ `c`')).toBe(
      `&lt;!channel&gt; Tom &amp; Jerry ${z}*${z}bold${z}*${z} ${z}_${z}it${z}_${z} ${z}~${z}s${z}~${z} ${z}\`${z}c${z}\`${z}`,
    );
  });

  it('leaves text without markers as it is', () => {
    expect(literalMrkdwn('Acme renewal, 2nd call')).toBe('Acme renewal, 2nd call');
    // What was typed as an entity is shown as typed.
    expect(literalMrkdwn('&amp;')).toBe('&amp;amp;');
  });
});
