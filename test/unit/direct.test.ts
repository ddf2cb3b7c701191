import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { direct, openDatabase } from '../../src/db/index.js';
import { settings } from '../../src/db/schema.js';

describe('direct (a drizzle query run straight on better-sqlite3)', () => {
  it('binds placeholders by name wherever they appear, keeps constants, and reads the first column', () => {
    const db = openDatabase(':memory:');
    const upsert = direct<{ key: string; value: string }>(
      db,
      db
        .insert(settings)
        .values({ key: sql.placeholder('key'), value: sql.placeholder('value') })
        .onConflictDoUpdate({ target: settings.key, set: { value: sql`${settings.value} || '+' || ${sql.placeholder('value')}` } }),
    );
    expect(upsert.run({ key: 'k', value: 'a' }).changes).toBe(1);
    upsert.run({ key: 'k', value: 'b' });
    const read = direct<{ key: string }>(
      db,
      db
        .select({ value: settings.value })
        .from(settings)
        .where(eq(settings.key, sql.placeholder('key'))),
    );
    expect(read.value<string>({ key: 'k' })).toBe('a+b');
    expect(read.value<string>({ key: 'missing' })).toBeUndefined();
    const constant = direct<Record<string, never>>(db, db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'k')));
    expect(constant.value<string>({})).toBe('a+b');
  });
});
