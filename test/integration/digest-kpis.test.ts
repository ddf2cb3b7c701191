import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestTeam, type DigestTeam } from '../support/digest-team.js';

const DORA = 'U0DORA';
const ELI = 'U0ELI';
const FAY = 'U0FAY';
const GUS = 'U0GUS';
const HAL = 'U0HAL';

/**
 * The week of 16–22 Nov 2026, by hand (UTC; the goal is 500 pts, a call 1 pt, a meeting booked 10):
 *
 * | rep | logged | points |
 * | --- | --- | ---: |
 * | Dora | Mon 250 calls | 250 |
 * | Eli | Thu 100 calls, 4 meetings booked | 140 |
 * | Fay | Mon 300 calls, 2 meetings booked | 320 |
 * | Gus | Mon 400 calls, 12 meetings booked | 520 (at goal) |
 * | Hal | Tue 20 calls | 20 |
 *
 * Team: 1,070 calls and 18 meetings booked: 1.7 % (16.8 per 1,000 calls); 214 calls per rep.
 */
describe('the digest’s KPIs and the reasons reps are behind', () => {
  let team: DigestTeam;
  let digest: string;
  const at = (iso: string, user: string, line: string) => team.at(iso, user, line);

  beforeAll(async () => {
    team = await digestTeam('2026-11-16T09:00:00Z', [DORA, ELI, FAY, GUS, HAL]);
    await at('2026-11-16T10:00:00Z', DORA, '250 calls');
    await at('2026-11-16T11:00:00Z', FAY, '300 calls, 2 meetings booked');
    await at('2026-11-16T12:00:00Z', GUS, '400 calls, 12 meetings booked');
    await at('2026-11-17T12:00:00Z', HAL, '20 calls');
    await at('2026-11-19T12:00:00Z', ELI, '100 calls, 4 meetings booked');
    digest = await team.digestAt('2026-11-20T15:00:00Z');
  });
  afterAll(async () => team.t.close());

  /** The reason under a rep's line, or undefined. */
  const reasonUnder = (rep: string) => new RegExp(`<@${rep}>[^\\n]*\\n\\s*↳ ([^\\n]*)`).exec(digest)?.[1];

  it('adds the team’s conversion chain and the benchmark', () => {
    expect(digest).toContain(
      '*KPIs:* 1,070 calls → 0 conversations (0 %) → 18 meetings booked → 0 discovery calls (0 %) → 0 demos → 0 closed-won deals · meetings booked per 1,000 calls: *16.8* (benchmark about 32)',
    );
  });

  it('says why each rep behind the goal is behind, with the figures', () => {
    expect(reasonUnder(DORA)).toBe('calls on pace (team average 214), no meetings booked from 250 calls: conversion 0 % vs team 1.7 %');
    expect(reasonUnder(ELI)).toBe('logged nothing Mon–Wed');
    expect(reasonUnder(FAY)).toBe('2 meetings booked from 300 calls: conversion 0.7 % vs team 1.7 %');
    expect(reasonUnder(HAL)).toBe('20 calls vs a team average of 214');
  });

  it('gives no reason for a rep at the goal', () => {
    expect(digest).toContain(`<@${GUS}>`);
    expect(reasonUnder(GUS)).toBeUndefined();
  });
});
