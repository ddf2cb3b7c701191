import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/index.js';
import type { RoleActivity } from '../../src/db/schema.js';
import { changeUsers, findUser, removeUser, saveProfile } from '../../src/roster/people.js';
import { eraseUser } from '../../src/roster/privacy.js';
import { activityInForce, catalogueFor, saveCatalogueRow } from '../../src/scoring/catalogue.js';
import { addRole, changeRoleGoals, knownRoles, programmeForWeek, saveProgramme } from '../../src/scoring/programme.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Each cached table (by its schema name) and the one module allowed to write it (it empties the cache on every write). */
const OWNERS: Record<string, string> = {
  users: 'src/roster/people.ts',
  activities: 'src/scoring/catalogue.ts',
  summaryGroups: 'src/scoring/catalogue.ts',
  roleActivities: 'src/scoring/catalogue.ts',
  settings: 'src/scoring/programme.ts',
  settingsByWeek: 'src/scoring/programme.ts',
  roles: 'src/scoring/programme.ts',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The names a file uses for the cached tables it imports from the schema (`users`, `u` for `users as u`, `schema.users`). */
function cachedTableNames(text: string): Array<{ table: string; local: string }> {
  const found: Array<{ table: string; local: string }> = [];
  for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'[^']*schema\.js'/g)) {
    for (const part of m[1]!.split(',')) {
      const [name, alias] = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      if (name && name in OWNERS) found.push({ table: name, local: alias ?? name });
    }
  }
  for (const m of text.matchAll(/import\s*\*\s*as\s+(\w+)\s+from\s*'[^']*schema\.js'/g)) {
    for (const table of Object.keys(OWNERS)) found.push({ table, local: `${m[1]}.${table}` });
  }
  return found;
}

/**
 * A text check over src/: outside its owner, no file calls insert, update or delete on a cached
 * table imported from the schema (under any name), nor writes one in raw SQL, nor imports
 * changeCached (the owners' cache-emptying wrapper).
 */
describe('the cached tables have one writer each', () => {
  const files = sourceFiles(path.join(ROOT, 'src')).map((f) => ({ file: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }));

  it('finds the source files and the owners', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const owner of Object.values(OWNERS)) expect(files.map((f) => f.file)).toContain(owner);
  });

  it('no other module writes users, activities, summary groups or either settings table', () => {
    const offences: string[] = [];
    for (const { file, text } of files) {
      for (const { table, local } of cachedTableNames(text)) {
        if (OWNERS[table] === file) continue;
        const write = new RegExp(`\\.\\s*(insert|update|delete)\\s*\\(\\s*${local.replace('.', '\\.')}\\s*\\)`);
        if (write.test(text)) offences.push(`${file} writes ${table} (only ${OWNERS[table]} may)`);
      }
      for (const m of text.matchAll(
        /\b(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+["`']?(users|activities|role_activities|summary_groups|settings_by_week|settings)\b/gi,
      )) {
        const table = m[1]!.toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
        if (OWNERS[table] !== file) offences.push(`${file} writes ${table} in SQL: "${m[0]}"`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('only the owners import changeCached', () => {
    const importers = files.filter((f) => /import\s*\{[^}]*\bchangeCached\b[^}]*\}/.test(f.text)).map((f) => f.file);
    expect(importers.sort()).toEqual([...new Set(Object.values(OWNERS))].sort());
  });
});

const now = new Date('2026-11-18T15:00:00Z');

interface WritePath {
  name: string;
  /** Puts the row the write changes in place, through the owner. */
  setUp?: (db: Db) => void;
  read: (db: Db) => unknown;
  write: (db: Db) => void;
  expected: unknown;
}

const rep = (db: Db) => findUser(db, 'U1');
const profile = { tz: 'Europe/Paris', tzCheckedAt: now.getTime(), slackAdmin: false, deactivated: false };
const onRoster = (db: Db) => changeUsers(db, [{ id: 'U1', change: { onRoster: true, managerId: 'UM', role: 'AE' } }], now);

/** AE's self-led demo changed from the week of 16 Nov, as an applied catalogue change saves it. */
function changeDemo(db: Db, change: Partial<RoleActivity>): void {
  const { id: _, ...demo } = activityInForce(db, 'AE', 'demo_self', '2026-11-16')!;
  saveCatalogueRow(db, { ...demo, weekStart: '2026-11-16', changedBy: 'UADMIN', changedAt: 1, ...change, changeId: 'c1' });
}

/** Every exported write function of the owners, and the write paths built on them. */
const WRITE_PATHS: WritePath[] = [
  {
    name: 'saveProfile',
    setUp: onRoster,
    read: (db) => rep(db)?.tz,
    write: (db) => saveProfile(db, 'U1', now.getTime(), profile),
    expected: 'Europe/Paris',
  },
  {
    name: 'changeUsers',
    setUp: onRoster,
    read: (db) => rep(db)?.role,
    write: (db) => changeUsers(db, [{ id: 'U1', change: { role: 'SDR' } }], now),
    expected: 'SDR',
  },
  {
    name: 'changeUsers creating a user',
    read: (db) => rep(db)?.startDate,
    write: (db) => changeUsers(db, [{ id: 'U1', change: { startDate: '2026-11-02' } }], now),
    expected: '2026-11-02',
  },
  { name: 'removeUser', setUp: onRoster, read: rep, write: (db) => removeUser(db, 'U1'), expected: undefined },
  {
    name: 'removeUser unlinks the reps of a manager',
    setUp: onRoster,
    read: (db) => rep(db)?.managerId,
    write: (db) => removeUser(db, 'UM'),
    expected: null,
  },
  { name: 'eraseUser (privacy)', setUp: onRoster, read: rep, write: (db) => void eraseUser(db, 'U1'), expected: undefined },
  {
    name: 'saveCatalogueRow',
    read: (db) => catalogueFor(db, 'AE', '2026-11-16').find((a) => a.key === 'demo_self')?.points,
    write: (db) => changeDemo(db, { points: 40 }),
    expected: 40,
  },
  {
    name: 'saveCatalogueRow retiring an activity',
    read: (db) => catalogueFor(db, 'AE', '2026-11-16').some((a) => a.key === 'demo_self'),
    write: (db) => changeDemo(db, { active: false }),
    expected: false,
  },
  {
    name: 'saveCatalogueRow adding an activity to a new role',
    read: (db) => catalogueFor(db, 'CSM', '2026-11-16').map((a) => a.key),
    write: (db) => changeDemo(db, { role: 'CSM', activityKey: 'onboarding_call', shorthand: 'onboarding call' }),
    expected: ['onboarding_call'],
  },
  {
    name: 'saveProgramme',
    read: (db) => programmeForWeek(db, '2026-11-16').digestTime,
    write: (db) => saveProgramme(db, { digestTime: '09:30' }),
    expected: '09:30',
  },
  {
    name: 'changeRoleGoals',
    read: (db) => programmeForWeek(db, '2026-11-16').goals.get('SDR')?.established,
    write: (db) => changeRoleGoals(db, 'SDR', '2026-11-16', { ramp: [], established: 650 }, { by: 'U1', at: new Date(0) }),
    expected: 650,
  },
  {
    name: 'addRole',
    read: (db) => knownRoles(db).includes('CSM'),
    write: (db) => void addRole(db, 'CSM', 'U1', new Date(0)),
    expected: true,
  },
];

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('every write to a cached table leaves the next read fresh', () => {
  const opened: Db[] = [];
  const open = (file: string) => {
    const db = openDatabase(file);
    opened.push(db);
    return db;
  };
  const fileDb = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cache-owners-')), 'points.db');
  afterEach(() => {
    for (const db of opened.splice(0)) db.$client.close();
  });

  it.each(WRITE_PATHS)('$name: in the same process, in the same turn', ({ setUp, read, write, expected }) => {
    const db = open(fileDb());
    setUp?.(db);
    expect(read(db)).not.toEqual(expected);
    write(db);
    expect(read(db)).toEqual(expected);
  });

  it.each(WRITE_PATHS)(
    '$name: from another connection on the same file, once a turn has passed',
    async ({ setUp, read, write, expected }) => {
      const file = fileDb();
      const first = open(file);
      const second = open(file);
      setUp?.(second);
      await nextTurn();
      expect(read(first)).not.toEqual(expected);
      write(second);
      await nextTurn();
      expect(read(first)).toEqual(expected);
    },
  );

  it.each(WRITE_PATHS)('$name: inside a transaction that rolls back, read in it, leaves nothing cached of it', ({ setUp, read, write }) => {
    const db = open(fileDb());
    setUp?.(db);
    const before = read(db);
    expect(() =>
      db.transaction(() => {
        write(db);
        read(db);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(read(db)).toEqual(before);
  });
});
