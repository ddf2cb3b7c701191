import { describe, expect, it } from 'vitest';
import { ChartCache } from '../../../src/charts/cache.js';
import { repTrendChart, teamWeekChart } from '../../../src/charts/charts.js';
import { teamSample, trendSample } from '../../support/chart-samples.js';

describe('charts are cached by content', () => {
  it('draws the same chart of the same data once, and returns the same image', () => {
    const cache = new ChartCache();
    const first = teamWeekChart(teamSample, cache);
    const second = teamWeekChart(structuredClone(teamSample), cache);
    expect(second.png).toBe(first.png);
    expect(second.altText).toBe(first.altText);
    expect(cache.renders).toBe(1);
  });

  it('draws again when a number changes, and tells the kinds of chart apart', () => {
    const cache = new ChartCache();
    const first = teamWeekChart(teamSample, cache);
    const changed = teamWeekChart({ ...teamSample, reps: [{ ...teamSample.reps[0]!, total: 121 }, ...teamSample.reps.slice(1)] }, cache);
    expect(changed.png.equals(first.png)).toBe(false);
    expect(changed.altText).toContain('Ana Lima 121 of 500');
    repTrendChart(trendSample, cache);
    expect(cache.renders).toBe(3);
  });

  it('keeps at most its bound, dropping the least recently used chart first', () => {
    const cache = new ChartCache(2);
    const team = (total: number) => ({ ...teamSample, reps: [{ label: 'Ana', total, goal: 500 }] });
    teamWeekChart(team(1), cache);
    teamWeekChart(team(2), cache);
    teamWeekChart(team(1), cache); // used again: now the most recent
    teamWeekChart(team(3), cache); // drops team(2)
    expect(cache.size).toBe(2);
    expect(cache.renders).toBe(3);
    teamWeekChart(team(1), cache);
    expect(cache.renders).toBe(3);
    teamWeekChart(team(2), cache);
    expect(cache.renders).toBe(4);
  });
});
