import { describe, expect, it } from 'vitest';
import { ChartCache } from '../../../src/charts/cache.js';
import { repTrendChart, teamWeekChart } from '../../../src/charts/charts.js';
import { teamSample, trendSample } from '../../support/chart-samples.js';

describe('charts are cached by content', () => {
  it('draws the same chart of the same data once, and returns the same image', async () => {
    const cache = new ChartCache();
    const first = await teamWeekChart(teamSample, cache);
    const second = await teamWeekChart(structuredClone(teamSample), cache);
    expect(second.png).toBe(first.png);
    expect(second.altText).toBe(first.altText);
    expect(cache.renders).toBe(1);
  });

  it('shares one drawing between callers at the same moment (a team opening the App Home together)', async () => {
    const cache = new ChartCache();
    const images = await Promise.all(Array.from({ length: 10 }, () => teamWeekChart(structuredClone(teamSample), cache)));
    expect(new Set(images.map((i) => i.png)).size).toBe(1);
    expect(cache.renders).toBe(1);
  });

  it('keeps at most its bound in bytes, so a run of tall team charts cannot fill the memory', async () => {
    const cache = new ChartCache(200, 2_500);
    const image = (n: number) => ({ png: Buffer.alloc(1_000, n), altText: String(n), title: '' });
    for (const n of [1, 2, 3]) await cache.get('kind', n, () => Promise.resolve(image(n)));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(2_000);
    // 1 was dropped first; 2 and 3 are kept.
    await cache.get('kind', 3, () => Promise.resolve(image(3)));
    await cache.get('kind', 2, () => Promise.resolve(image(2)));
    expect(cache.renders).toBe(3);
    await cache.get('kind', 1, () => Promise.resolve(image(1)));
    expect(cache.renders).toBe(4);
  });

  it('forgets a drawing that failed, so the next call draws again', async () => {
    const cache = new ChartCache();
    await expect(cache.get('kind', 1, () => Promise.reject(new Error('canvas failed')))).rejects.toThrow('canvas failed');
    const image = { png: Buffer.from('x'), altText: 'x', title: 'x' };
    expect(await cache.get('kind', 1, () => Promise.resolve(image))).toBe(image);
    expect(cache.renders).toBe(2);
  });

  it('draws again when a number changes, and tells the kinds of chart apart', async () => {
    const cache = new ChartCache();
    const first = await teamWeekChart(teamSample, cache);
    const changed = await teamWeekChart(
      { ...teamSample, reps: [{ ...teamSample.reps[0]!, total: 121 }, ...teamSample.reps.slice(1)] },
      cache,
    );
    expect(changed.png.equals(first.png)).toBe(false);
    expect(changed.altText).toContain('Ana Lima 121 of 500');
    await repTrendChart(trendSample, cache);
    expect(cache.renders).toBe(3);
  });

  it('keeps at most its bound, dropping the least recently used chart first', async () => {
    const cache = new ChartCache(2);
    const team = (total: number) => ({ ...teamSample, reps: [{ label: 'Ana', total, goal: 500 }] });
    await teamWeekChart(team(1), cache);
    await teamWeekChart(team(2), cache);
    await teamWeekChart(team(1), cache); // used again: now the most recent
    await teamWeekChart(team(3), cache); // drops team(2)
    expect(cache.size).toBe(2);
    expect(cache.renders).toBe(3);
    await teamWeekChart(team(1), cache);
    expect(cache.renders).toBe(3);
    await teamWeekChart(team(2), cache);
    expect(cache.renders).toBe(4);
  });
});
