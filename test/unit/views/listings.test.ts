import { describe, expect, it } from 'vitest';
import { buildHolidayList } from '../../../src/views/absence.js';
import { openDatabase } from '../../../src/db/index.js';
import type { Entry } from '../../../src/db/schema.js';
import { loadCatalogue } from '../../../src/scoring/catalogue.js';
import { buildAdminHistory, listing } from '../../../src/views/admin.js';
import { buildRollupView } from '../../../src/views/rollup.js';
import { blockKitProblems } from '../../../src/views/block-kit.js';
import { sectionsOf } from '../../../src/views/message.js';
import { allText } from '../../support/blocks.js';

const catalogue = loadCatalogue(openDatabase(':memory:'));

/** `count` holidays across 2027, each named by `name`. */
const holidaysNamed = (count: number, name: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => ({
    day: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    region: 'US',
    name: name(i),
    setBy: 'UADMIN',
    createdAt: 0,
  }));

describe('long listings stay within what Slack accepts', () => {
  it('lists a roster of 400 reps up to a message’s 12,000 characters and counts the rest', () => {
    const lines = Array.from(
      { length: 400 },
      (_, i) => `• <@U${String(i).padStart(10, '0')}> · AE · wk 3 · :warning: no start date: judged as established`,
    );
    const message = listing('*Roster*', lines, 'The export lists everyone.');
    expect(blockKitProblems(message, 'message')).toEqual([]);
    const text = allText(message);
    const shown = lines.filter((l) => text.includes(l)).length;
    expect(shown).toBeGreaterThan(50);
    expect(text).toContain(`_…and ${400 - shown} more. The export lists everyone._`);
  });

  it('cuts a title longer than a section (every failed note named) to fit', () => {
    const message = listing(`*Digest status*\n${'x'.repeat(5000)}`, ['• one'], '');
    expect(blockKitProblems(message, 'message')).toEqual([]);
    expect(allText(message)).toContain('• one');
  });

  it('lists sixty holidays with long, escaped names in as many sections as fit a message, the rest counted', () => {
    const holidays = holidaysNamed(60, (i) => `Founders & Friends Day ${i} ${'&'.repeat(30)}`);
    const message = buildHolidayList(holidays);
    expect(blockKitProblems(message, 'message')).toEqual([]);
    const text = allText(message.blocks ? { blocks: message.blocks } : message);
    const listed = text.match(/Founders &amp; Friends Day/g)?.length ?? 0;
    expect(listed).toBeGreaterThan(30);
    if (listed < 60) expect(text).toContain(`…and ${60 - listed} more.`);
  });
});

describe('sixty holidays named with sixty ampersands each', () => {
  it('fit a message, the rest counted', () => {
    const holidays = holidaysNamed(60, () => '&'.repeat(60));
    const message = buildHolidayList(holidays);
    expect(blockKitProblems(message, 'message')).toEqual([]);
    expect(allText({ blocks: message.blocks })).toMatch(/…and \d+ more\./);
  });
});

describe('more holidays than a message holds', () => {
  it('counts every holiday not shown, once', () => {
    const holidays = holidaysNamed(150, (i) => `Founders & Friends Day ${i} ${'&'.repeat(30)}`);
    const message = buildHolidayList(holidays);
    expect(blockKitProblems(message, 'message')).toEqual([]);
    const text = allText({ blocks: message.blocks });
    const listed = text.match(/Founders &amp; Friends Day/g)?.length ?? 0;
    expect(listed).toBeGreaterThan(30);
    expect(listed).toBeLessThan(150);
    expect(text.match(/…and \d+ more/g)).toEqual([`…and ${150 - listed} more`]);
  });
});

describe('a director’s roll-up of hundreds of teams', () => {
  it('takes as many messages as it needs, each within the limits, every team once', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      managerId: `M${String(i).padStart(10, '0')}`,
      level: 1 + (i % 3),
      reps: 12,
      points: 4_321,
      judged: 10,
      atGoal: 3,
    }));
    const messages = buildRollupView({
      directorId: 'UDIRECTOR',
      weekStart: '2026-11-16',
      rows,
      total: { reps: 3_600, points: 1_296_300, judged: 3_000, atGoal: 900 },
    });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(blockKitProblems(m, 'message')).toEqual([]);
    const all = messages.map(allText).join('\n');
    for (const r of rows) expect(all.split(`open it: \`/points team\` <@${r.managerId}>`)).toHaveLength(2);
    expect(messages[1]!.text).toContain('(part 2 of');
  });
});

describe('an admin’s history of a week of long notes', () => {
  it('lists the entries that fit a message, counts the rest, and stays within the limits', () => {
    const entries = Array.from(
      { length: 60 },
      (_, i) =>
        ({
          id: i + 1,
          userId: 'UREP',
          activityKey: 'call',
          count: 1,
          unitPoints: 1,
          points: 1,
          amountCents: null,
          currency: null,
          note: '&'.repeat(200),
          day: '2026-11-17',
          weekStart: '2026-11-16',
          undoneAt: null,
        }) as unknown as Entry,
    );
    const message = buildAdminHistory({
      repId: 'UREP',
      weekStart: '2026-11-16',
      entries,
      total: entries.length,
      adjustments: [],
      catalogue,
    });
    expect(blockKitProblems(message, 'message')).toEqual([]);
    const listed = message.blocks!.filter((b) => b.type === 'section' && 'accessory' in b).length;
    expect(listed).toBeGreaterThan(5);
    expect(allText(message)).toContain(`…and ${60 - listed} earlier entries`);
  });
});

describe('lines packed into sections', () => {
  it('takes at most the lines a section is given, and never more text than a section holds', () => {
    const texts = (lines: string[], perSection?: number) =>
      sectionsOf(lines, perSection).map((b) => (b.type === 'section' ? b.text?.text : undefined));
    expect(texts(['a', 'b', 'c', 'd', 'e'], 2)).toEqual(['a\nb', 'c\nd', 'e']);
    expect(texts(['a', 'b', 'c'])).toEqual(['a\nb\nc']);
    const long = 'x'.repeat(2000);
    expect(texts([long, long, 'y'], 5)).toEqual([long, `${long}\ny`]);
  });
});
