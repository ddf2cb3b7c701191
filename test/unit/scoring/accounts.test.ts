import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/index.js';
import { accountKey, namedAccount, NEAR_MATCH_NEIGHBOURS } from '../../../src/scoring/accounts.js';

const NOW = new Date('2026-11-18T12:00:00Z');

/** Each name as a rep would add it, one after the other. */
function add(db: Db, names: string[]): void {
  const insert = db.$client.prepare('INSERT INTO accounts (name, norm, created_by, created_at) VALUES (?, ?, ?, ?)');
  db.$client.transaction(() => {
    for (const name of names) insert.run(name, accountKey(name), 'U0REP', 0);
  })();
}

/** What a new name is hinted at, the account it made taken back so each case starts alike. */
function hint(db: Db, name: string): string | null {
  db.$client.exec('SAVEPOINT hint');
  try {
    return namedAccount(db, name, 'U0REP', NOW)!.nearMatch;
  } finally {
    db.$client.exec('ROLLBACK TO hint');
    db.$client.exec('RELEASE hint');
  }
}

describe('"did you mean" for a new account name in a book of thousands', () => {
  let db: Db;
  beforeAll(() => {
    db = openDatabase(':memory:');
    // Far more accounts than are compared with a new name: three times as many branches of Acme
    // Corporation as are compared on each side, sorted between "acmecorporation" and "acne…".
    const branches = Array.from({ length: 3 * NEAR_MATCH_NEIGHBOURS }, (_, i) => `Acme Corporation Branch ${i}`);
    const words = ['North', 'Blue', 'Quantum', 'Harbor', 'Silver', 'Pioneer', 'Granite', 'Summit', 'Vertex', 'Willow'];
    const others = Array.from({ length: 3 * NEAR_MATCH_NEIGHBOURS }, (_, i) => `${words[i % 10]} ${words[(i * 7) % 10]} ${i} Ltd`);
    add(db, ['Acme Corp', 'Acme Corporation', ...branches, ...others, 'Zenith Analytics']);
  });

  it('names the account a typo near the end of a name is near: among its alphabetical neighbours', () => {
    expect(hint(db, 'Acme Corporation Branch 2500x')).toBe('Acme Corporation Branch 2500');
    expect(hint(db, 'Zenith Analytix')).toBe('Zenith Analytics');
  });

  it('names the account a typo after the first two letters is near, thousands of names away alphabetically', () => {
    expect(hint(db, 'Acne Corporation')).toBe('Acme Corporation');
    expect(hint(db, 'Zeinth Analytics')).toBe('Zenith Analytics');
  });

  it('names nothing for a name near none', () => {
    expect(hint(db, 'Brand New Company')).toBeNull();
  });

  it('finds an existing account by its key, with no hint', () => {
    expect(namedAccount(db, 'ACME corp.', 'U0REP', NOW)).toMatchObject({ name: 'Acme Corp', nearMatch: null });
  });
});
