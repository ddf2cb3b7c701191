import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/index.js';
import type { Adjustment } from '../../../src/db/schema.js';
import { loadCatalogue } from '../../../src/scoring/catalogue.js';
import { blockKitProblems } from '../../../src/views/block-kit.js';
import { ADJUSTMENTS_LISTED, buildPointsView } from '../../../src/views/points.js';
import { allText } from '../../support/blocks.js';

const catalogue = loadCatalogue(openDatabase(':memory:'));

/** An adjustment whose reason is at the length limit and all ampersands, which Slack's escaping makes five times longer. */
const adjustment = (id: number): Adjustment => ({
  id,
  userId: 'UREP',
  weekStart: '2026-11-16',
  kind: 'adjust',
  points: 5,
  reason: '&'.repeat(200),
  adminId: 'UADMIN',
  entryId: null,
  createdAt: 0,
});

describe('a week with many adjustments', () => {
  const view = (n: number) =>
    buildPointsView({
      summary: { weekStart: '2026-11-16', total: 5 * n, byActivity: [] },
      goal: 500,
      catalogue,
      current: false,
      adjustments: Array.from({ length: n }, (_, i) => adjustment(i)),
    });

  it('lists ten with their reasons, counts the rest, and stays within Block Kit limits', () => {
    const message = view(40);
    expect(blockKitProblems(message, 'message')).toEqual([]);
    const text = allText(message);
    expect(text.match(/• Adjustment by <@UADMIN>/g)).toHaveLength(ADJUSTMENTS_LISTED);
    expect(text).toContain('…and 30 more adjustments, all counted in the total above');
  });

  it('lists a few without a count line', () => {
    const text = allText(view(2));
    expect(text.match(/• Adjustment by <@UADMIN>/g)).toHaveLength(2);
    expect(text).not.toContain('more adjustment');
  });
});
