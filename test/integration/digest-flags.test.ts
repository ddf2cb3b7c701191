import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestTeam, type DigestTeam } from '../support/digest-team.js';

const BURT = 'U0BURT';
const NORA = 'U0NORA';
const BECK = 'U0BECK';
const AMOS = 'U0AMOS';
const STAN = 'U0STAN';

/**
 * The week of 16–22 Nov 2026, digest on Friday 20 Nov at 15:00 (UTC), by hand:
 *
 * | rep | before | this week | flag or reason |
 * | --- | --- | --- | --- |
 * | Burt | – | Fri 14:58: 200 calls | burst: 200 within one minute |
 * | Nora | 10 meetings booked a week, 19 Oct–9 Nov (4 weeks) | Mon: 40 meetings booked | 4× her average of 10 |
 * | Beck | – | Wed: 5 × "10 calls yesterday", 10 calls | 5 of 6 entries backdated |
 * | Amos | 2 Nov: closed won $10,000 | Tue: closed won $50,000 | 5× the team’s largest |
 * | Stan | Mon 9 and Tue 10 Nov: a self-led discovery each | Mon: 10 calls | reason: 2 discoveries, no demo since 9 Nov |
 */
describe('the digest’s anomaly flags and the look across weeks', () => {
  let team: DigestTeam;
  let digest: string;
  const at = (iso: string, user: string, line: string) => team.at(iso, user, line);

  beforeAll(async () => {
    team = await digestTeam('2026-10-19T09:00:00Z', [BURT, NORA, BECK, AMOS, STAN]);
    for (const monday of ['2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09'])
      await at(`${monday}T10:00:00Z`, NORA, '10 meetings booked');
    await at('2026-11-03T10:00:00Z', AMOS, 'closed won $10,000');
    await at('2026-11-09T10:00:00Z', STAN, 'discovery self-led');
    await at('2026-11-10T10:00:00Z', STAN, 'discovery self-led');
    await at('2026-11-16T10:00:00Z', NORA, '40 meetings booked');
    await at('2026-11-16T10:30:00Z', STAN, '10 calls');
    await at('2026-11-17T10:00:00Z', AMOS, 'closed won $50,000');
    for (let i = 0; i < 5; i++) await at(`2026-11-18T1${i}:00:00Z`, BECK, '10 calls yesterday');
    await at('2026-11-18T16:00:00Z', BECK, '10 calls');
    await at('2026-11-20T14:58:00Z', BURT, '200 calls');
    digest = await team.digestAt('2026-11-20T15:00:00Z');
  });
  afterAll(async () => team.t.close());

  /** The flags under a rep's line (after any reason). */
  const flagsUnder = (rep: string) => {
    const block = new RegExp(`<@${rep}>[^\\n]*((?:\\n\\s+(?:↳|:triangular_flag_on_post:)[^\\n]*)*)`).exec(digest)?.[1] ?? '';
    return [...block.matchAll(/:triangular_flag_on_post: ([^\n]*)/g)].map((m) => m[1]);
  };
  const history = (rep: string) => ` · entries: \`/points-admin history\` <@${rep}> \`2026-11-16\``;

  it('flags a burst: 200 calls within one minute, when, and where the entries are', () => {
    expect(flagsUnder(BURT)).toEqual([`200 activities logged within one minute (Fri 20 Nov 14:58): 200 calls${history(BURT)}`]);
  });

  it('flags a count far outside the rep’s own norm, with her average and the weeks it is over', () => {
    expect(flagsUnder(NORA)).toEqual([`40 meetings booked this week, 4× their weekly average of 10 over 4 weeks${history(NORA)}`]);
  });

  it('flags many entries backdated', () => {
    expect(flagsUnder(BECK)).toEqual([`5 of 6 entries this week logged on a later day than the day they are for${history(BECK)}`]);
  });

  it('flags an amount far above the team’s largest deal of the weeks before', () => {
    expect(flagsUnder(AMOS)).toEqual([
      `a closed-won deal of $50,000 on Tue 17 Nov, 5× the team’s largest of the weeks before ($10,000)${history(AMOS)}`,
    ]);
  });

  it('gives the reason only a look across weeks shows: discoveries and no demo since', () => {
    expect(new RegExp(`<@${STAN}>[^\\n]*\\n\\s*↳ ([^\\n]*)`).exec(digest)?.[1]).toBe('2 discoveries, no demo since 9 Nov');
    expect(flagsUnder(STAN)).toEqual([]);
  });
});
