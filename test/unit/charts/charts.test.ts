import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALT_TEXT_MAX } from '../../../src/charts/alt-text.js';
import { ChartCache } from '../../../src/charts/cache.js';
import { conversionChart, repTrendChart, teamChartSize, teamWeekChart } from '../../../src/charts/charts.js';
import { COLOURS, PIXEL_RATIO } from '../../../src/charts/render.js';
import { bigTeam, chainSample, teamSample, trendSample } from '../../support/chart-samples.js';
import { CHART_REFERENCES, decodePng, differenceFromReference, inkOf, pixelsOf, pngSize } from '../../support/png.js';

/** At most this share of pixels may differ from the reference: room for anti-aliasing, none for a lost bar or label. */
const TOLERANCE = 0.002;

/** A fresh cache per chart, so every test draws. */
const fresh = () => new ChartCache();

describe('the charts are PNG images that match their references', () => {
  it.each([
    ['rep-trend.png', () => repTrendChart(trendSample, fresh()), 800, 400],
    ['team-week.png', () => teamWeekChart(teamSample, fresh()), 800, teamChartSize(6).height],
    ['team-week-60.png', () => teamWeekChart(bigTeam(60), fresh()), 800, teamChartSize(60).height],
    ['conversion.png', () => conversionChart(chainSample, fresh()), 800, 400],
  ])('%s: its size, not blank, as stored', async (reference, draw, width, height) => {
    const { png } = await draw();
    expect(pngSize(png)).toEqual({ width: width * PIXEL_RATIO, height: height * PIXEL_RATIO });
    const img = await decodePng(png);
    const ink = inkOf(img);
    expect(ink.colours).toBeGreaterThan(20);
    expect(ink.nonWhite / (img.width * img.height)).toBeGreaterThan(0.03);
    // The corners are the white background, not transparent.
    expect([...img.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(await differenceFromReference(png, reference)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('the README shows the rep trend reference', () => {
    const readme = path.resolve(import.meta.dirname, '../../../docs/chart-trend.png');
    const reference = path.join(CHART_REFERENCES, 'rep-trend.png');
    if (process.env.UPDATE_CHART_REFERENCES === '1') fs.copyFileSync(reference, readme);
    expect(fs.readFileSync(readme).equals(fs.readFileSync(reference))).toBe(true);
  });

  // Rewriting the references would make this one compare with itself.
  it.skipIf(process.env.UPDATE_CHART_REFERENCES === '1')('the comparison sees a changed chart', async () => {
    const changed = await repTrendChart({ ...trendSample, weeks: trendSample.weeks.map((w) => ({ ...w, total: w.total + 60 })) }, fresh());
    expect(await differenceFromReference(changed.png, 'rep-trend.png')).toBeGreaterThan(TOLERANCE);
  });
});

describe('the rep trend', () => {
  it('says every week against its goal, the week without one, the prorated one and this week', async () => {
    const { altText, title } = await repTrendChart(trendSample, fresh());
    expect(title).toBe('Points per week against the goal');
    expect(altText).toBe(
      'Points per week against the goal: 28 Sep 80 (no goal), 5 Oct 190 (no goal), 12 Oct 260 of 250, 19 Oct 330 of 350, ' +
        '26 Oct 520 of 500, 2 Nov 380 of 400 (goal prorated for 1 day off), 9 Nov 420 of 500, 16 Nov 310 of 500 (this week).',
    );
  });

  it('draws this week in the highlight colour, and only this week', async () => {
    const withThisWeek = await decodePng((await repTrendChart(trendSample, fresh())).png);
    const without = await decodePng((await repTrendChart({ ...trendSample, currentWeek: '2026-11-23' }, fresh())).png);
    // The bar, less its label and goal mark; the legend's swatch is in both.
    expect(pixelsOf(withThisWeek, COLOURS.current) - pixelsOf(without, COLOURS.current)).toBeGreaterThan(20_000);
    expect(pixelsOf(without, COLOURS.past)).toBeGreaterThan(pixelsOf(withThisWeek, COLOURS.past));
  });
});

describe('the team week', () => {
  it('names each rep with their numbers, behind first, then at goal, then those not judged', async () => {
    const { altText, title } = await teamWeekChart(teamSample, fresh());
    expect(title).toBe('Team week of 16–22 Nov 2026: points against the goal');
    expect(altText).toBe(
      "Each rep's points against their goal, week of 16–22 Nov 2026: 2 of 5 judged reps at goal. " +
        'Behind: Ana Lima 120 of 500, Bo Chen 300 of 500, Cy Okafor 240 of 350. At goal: Dee Novak 510 of 500, Ed Park 640 of 500. ' +
        'No goal: Flo Meyer (starts Monday) 40.',
    );
  });

  it('draws the reps not judged in their own colour', async () => {
    const judgedOnly = { ...teamSample, reps: teamSample.reps.filter((r) => r.goal !== null) };
    const mixed = await decodePng((await teamWeekChart(teamSample, fresh())).png);
    const allJudged = await decodePng((await teamWeekChart(judgedOnly, fresh())).png);
    // Beyond the legend's swatch, which both have.
    expect(pixelsOf(mixed, COLOURS.notJudged) - pixelsOf(allJudged, COLOURS.notJudged)).toBeGreaterThan(2_000);
  });

  it('grows with the team, within bounds', async () => {
    expect(teamChartSize(6).height).toBeLessThan(teamChartSize(60).height);
    expect(teamChartSize(0).height).toBe(300);
    expect(teamChartSize(600).height).toBe(1600);
  });

  it('for 60 reps with long names, stays within Slack’s alt text limit: the first ones with their numbers, the rest counted', async () => {
    const team = bigTeam(60);
    team.reps = team.reps.map((r, i) => ({ ...r, label: `Representative number ${i + 1} of the northern region` }));
    const { altText } = await teamWeekChart(team, fresh());
    expect(altText.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(altText).toContain('22 of 56 judged reps at goal.');
    expect(altText).toContain('Behind: Representative number 1 of the northern region 100 of 500, Representative number 2');
    const behind = /Behind: .*? and (\d+) more\./.exec(altText);
    expect(behind).not.toBeNull();
    const shown = altText.slice(0, altText.indexOf(' At goal:')).split(' of 500').length - 1;
    expect(shown + Number(behind![1])).toBe(34);
    expect(altText).toMatch(/At goal: .*Representative number 35 of the northern region 508 of 500/);
    expect(altText).toMatch(/No goal: .*\.$/);
  });

  it('says so when the team has no reps', async () => {
    expect((await teamWeekChart({ weekStart: '2026-11-16', reps: [] }, fresh())).altText).toBe(
      'Week of 16–22 Nov 2026: no reps on the team.',
    );
  });
});

describe('the conversion chain', () => {
  it('carries each step’s count per week', async () => {
    const { altText, title } = await conversionChart(chainSample, fresh());
    expect(title).toBe('Conversion chain, last 4 weeks');
    expect(altText).toBe(
      'Conversion chain, last 4 weeks, counts per week (26 Oct, 2 Nov, 9 Nov, 16 Nov): Calls: 420, 380, 460, 250. ' +
        'Conversations: 64, 58, 71, 40. Meetings booked: 18, 15, 21, 11. Discovery: 12, 10, 14, 7. Demo: 7, 6, 9, 4. Closed-won: 2, 1, 3, 0.',
    );
  });
});
