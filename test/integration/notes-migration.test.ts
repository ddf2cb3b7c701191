import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { databaseMigratedBefore } from '../support/migrations.js';

describe('the migration that keeps notes as typed', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-notes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('decodes the notes /log stored as Slack escaped them, once, and leaves the form’s alone', () => {
    const file = path.join(dir, 'points.db');
    const old = databaseMigratedBefore(dir, file, '_notes_as_typed');
    const entry = old.prepare(
      `INSERT INTO entries (user_id, activity_key, count, unit_points, points, note, day, week_start, batch_id, source, logged_at)
       VALUES ('U0A', 'call', 1, 1, 1, ?, '2026-11-17', '2026-11-16', 'b', ?, 0)`,
    );
    entry.run('&lt;!channel&gt; Tom &amp; Jerry', 'command');
    // Typed as "&lt;": Slack sent "&amp;lt;".
    entry.run('&amp;lt; is how HTML writes <', 'command');
    entry.run('plain note', 'command');
    // The form's notes always arrived as typed: this one was typed with an entity in it.
    entry.run('R&amp;D budget', 'modal');
    old.close();

    const db = openDatabase(file);
    try {
      const notes = db.$client.prepare('SELECT note FROM entries ORDER BY id').pluck().all();
      expect(notes).toEqual(['<!channel> Tom & Jerry', '&lt; is how HTML writes <', 'plain note', 'R&amp;D budget']);
    } finally {
      db.$client.close();
    }
  });
});
