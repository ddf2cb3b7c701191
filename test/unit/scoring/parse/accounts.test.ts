import { describe, expect, it } from 'vitest';
import { parseLog } from '../../../../src/scoring/parse/index.js';
import { aeParseContext } from '../../../support/parse-context.js';

// Wednesday 18 November 2026.
const ctx = aeParseContext();

describe('an account on a /log line', () => {
  it.each([
    ['demo self-led Acme', 'demo_self', 'Acme'],
    ['closed won $12,500 Acme Corp', 'closed_won', 'Acme Corp'],
    ['discovery self-led Acme Corp yesterday', 'discovery_self', 'Acme Corp'],
    ['demo self-led @acme corp', 'demo_self', 'acme corp'],
    ['demo self-led @ Initech', 'demo_self', 'Initech'],
    ['Demo Self-Led Globex "kickoff"', 'demo_self', 'Globex'],
  ])('reads %j as an entry for an account', (line, activityKey, account) => {
    const parsed = parseLog(line, ctx);
    expect(parsed.kind === 'log' && { key: parsed.items[0]!.activityKey, account: parsed.account }).toEqual({ key: activityKey, account });
  });

  it.each([
    ['demo self-led for Acme', /but not “Acme”/],
    ['calls 30 Emials', /but not “Emials”/],
    ['calls 30 acme', /but not “acme”/],
  ])('leaves %j the error it was', (line, reason) => {
    const parsed = parseLog(line, ctx);
    expect(parsed.kind === 'error' && parsed.message).toMatch(reason);
  });

  it('reads a line without an account as before, with no account on it', () => {
    expect(parseLog('demo self-led', ctx)).not.toHaveProperty('account');
    expect(parseLog('30 calls friday', ctx)).not.toHaveProperty('account');
  });

  it.each([
    ['pipeline $40k Acme', { event: 'pipeline', account: 'Acme', amountCents: 4_000_000, currency: 'USD' }],
    ['pipeline 40,000 EUR @globex', { event: 'pipeline', account: 'globex', amountCents: 4_000_000, currency: 'EUR' }],
    ['closed lost Initech', { event: 'lost', account: 'Initech', amountCents: null, currency: null }],
    ['Closed-lost acme corp', { event: 'lost', account: 'acme corp', amountCents: null, currency: null }],
  ])('reads the deal line %j', (line, expected) => {
    expect(parseLog(line, ctx)).toEqual({ kind: 'deal', day: '2026-11-18', ...expected });
  });

  it.each([
    ['pipeline Acme', /Give the opportunity's amount/],
    ['pipeline $40k', /Name the account/],
    ['closed lost', /Name the account/],
    ['closed lost $5k Acme', /A lost deal takes no amount/],
    ['pipeline $40k $50k Acme', /Give one amount/],
  ])('refuses the deal line %j', (line, reason) => {
    const parsed = parseLog(line, ctx);
    expect(parsed.kind === 'error' && parsed.message).toMatch(reason);
  });
});
