import { describe, expect, it } from 'vitest';
import {
  isAbove,
  isDirector,
  MAX_REPORTING_DEPTH,
  reportingProblem,
  teamsBelow,
  type ReportingTree,
} from '../../../src/roster/hierarchy.js';
import { parseAdmin } from '../../../src/roster/admin-parse.js';

/** A tree from "rep:manager" pairs. */
function tree(...pairs: string[]): ReportingTree {
  const managerOf = new Map(pairs.map((p) => p.split(':') as [string, string]));
  const reportsOf = new Map<string, string[]>();
  for (const [rep, manager] of [...managerOf].sort()) reportsOf.set(manager, [...(reportsOf.get(manager) ?? []), rep]);
  return { managerOf, reportsOf };
}

describe('reporting lines above managers', () => {
  const org = tree('ana:mia', 'ben:mia', 'cal:leo', 'mia:dir', 'leo:dir', 'dan:dir');

  it('a director is someone a manager reports to', () => {
    expect(isDirector(org, 'dir')).toBe(true);
    expect(isDirector(org, 'mia')).toBe(false);
  });

  it('lists the director’s own reps, then each team below, with reps who manage no one', () => {
    expect(teamsBelow(org, 'dir')).toEqual([
      { managerId: 'dir', level: 0, repIds: ['dan'] },
      { managerId: 'leo', level: 1, repIds: ['cal'] },
      { managerId: 'mia', level: 1, repIds: ['ana', 'ben'] },
    ]);
  });

  it('knows who is above whom, and not a peer', () => {
    expect(isAbove(org, 'dir', 'ana')).toBe(true);
    expect(isAbove(org, 'mia', 'ana')).toBe(true);
    expect(isAbove(org, 'leo', 'ana')).toBe(false);
  });

  it('refuses loops and chains deeper than the limit', () => {
    expect(reportingProblem(org, 'dir', 'ana')).toEqual({ kind: 'loop', chain: ['dir', 'ana', 'mia', 'dir'] });
    expect(MAX_REPORTING_DEPTH).toBe(6);
    const deep = tree('ana:mia', 'mia:dir', 'dir:vp', 'vp:svp');
    expect(reportingProblem(deep, 'svp', 'ceo')).toBeUndefined();
    expect(reportingProblem(tree('ana:mia', 'mia:dir', 'dir:vp', 'vp:svp', 'svp:ceo'), 'ceo', 'chair')).toEqual({
      kind: 'too_deep',
      chain: ['chair', 'ceo', 'svp', 'vp', 'dir', 'mia', 'ana'],
    });
  });

  it.each([
    ['digest rollup <@U0DIR> on', { kind: 'digest_rollup', directorId: 'U0DIR', on: true }],
    ['digest roll-up <@U0DIR> OFF', { kind: 'digest_rollup', directorId: 'U0DIR', on: false }],
    [
      'digest rollup on',
      { kind: 'error', message: 'Say which director: mention them with @, e.g. `/points-admin digest rollup @dir on`.' },
    ],
    ['digest rollup <@U0DIR>', { kind: 'error', message: 'Write it as `/points-admin digest rollup @director on` (or `off`).' }],
  ])('reads `/points-admin %s`', (text, req) => {
    expect(parseAdmin(text)).toEqual(req);
  });
});
