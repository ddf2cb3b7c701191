import { describe, expect, it } from 'vitest';
import { pts, thousands } from '../../../src/views/format.js';

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
