import { openDatabase } from '../../src/db/index.js';
import { catalogueFor } from '../../src/scoring/catalogue.js';
import type { ParseContext } from '../../src/scoring/parse/index.js';

/**
 * What `/log` reads a line with, for an AE on Wednesday 18 November 2026: the seeded AE
 * catalogue of that week and the default limits. `change` replaces any part of it.
 */
export function aeParseContext(change: Partial<ParseContext> = {}): ParseContext {
  return {
    catalogue: catalogueFor(openDatabase(':memory:'), 'AE', '2026-11-16'),
    today: '2026-11-18',
    backdateDays: 7,
    maxCount: 500,
    maxDealAmount: 10_000_000,
    maxDealsPerLine: 5,
    currency: 'USD',
    ...change,
  };
}
