import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/job.js';
import { allText } from '../support/blocks.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';

const REP = 'U0REP1';
const MANAGER = 'U0MGR1';
const ADMIN = 'U0ADMIN';

/**
 * What an organisation did to add activities before `/points-admin activity add`: writes them into the database file (here through
 * a connection of its own, as the sqlite3 shell would), with their nouns and a summary line.
 */
function addEventActivities(dbPath: string): void {
  const admin = new Database(dbPath);
  try {
    admin.exec(`
      INSERT INTO summary_groups (key, noun, noun_plural, sort_order, always_shown) VALUES ('event', 'event', 'events', 9, 0);
      INSERT INTO activities (key, label, shorthand, points, aliases, category, takes_amount, sort_order, noun, noun_plural, summary_group) VALUES
        ('webinar', 'Webinar hosted', 'webinar', 10, '["webinar","webinars"]', 'meeting', 0, 13, 'webinar hosted', 'webinars hosted', 'event'),
        ('workshop', 'Workshop run', 'workshop', 10, '["workshop","workshops"]', 'meeting', 0, 14, 'workshop run', 'workshops run', 'event'),
        ('coffee', 'Coffee with a prospect', 'coffee', 2, '["coffee","coffees"]', 'meeting', 0, 15, NULL, NULL, NULL);
      INSERT INTO role_activities (role, week_start, activity_key, label, shorthand, points, aliases, noun, noun_plural, summary_group, sort_order, changed_by, changed_at)
        SELECT 'AE', '0001-01-01', key, label, shorthand, points, aliases, noun, noun_plural, summary_group, sort_order, 'sqlite3', 0
        FROM activities WHERE key IN ('webinar', 'workshop', 'coffee');
    `);
  } finally {
    admin.close();
  }
}

describe('activities an organisation adds to the catalogue', () => {
  let t: TestBot;
  beforeEach(async () => {
    // Wednesday 18 Nov 2026.
    t = await startTestBot({ now: '2026-11-18T12:00:00Z', env: { ADMIN_USER_IDS: ADMIN } });
    for (const id of [REP, MANAGER, ADMIN]) t.slack.users.set(id, { tz: 'UTC' });
    await t.command('/points-admin', `assign <@${REP}> to <@${MANAGER}>`, { user_id: ADMIN });
    addEventActivities(t.dbPath);
  });
  afterEach(async () => t.close());

  it('read with their own nouns in the confirmation, /points and the team summary, counted in their own line', async () => {
    const logged = allText((await t.command('/log', '3 webinars, 1 workshop, 4 coffees, 20 calls', { user_id: REP })).json);
    expect(logged).toContain('*3 webinars hosted* (+30 pts)');
    expect(logged).toContain('*1 workshop run* (+10 pts)');
    // No noun: the count of its label, as before.
    expect(logged).toContain('*4 × Coffee with a prospect* (+8 pts)');

    expect(allText((await t.command('/points', '', { user_id: REP })).json)).toContain('• 3 webinars hosted · *30 pts*');

    const team = allText((await t.command('/points', 'team', { user_id: MANAGER })).json);
    expect(team).toContain('3 webinars hosted, 20 calls');
    expect(team).toContain(
      '20 calls, 0 emails, 0 DM conversations, 0 meetings booked, 0 demos, 0 closed-won deals, 4 events and 4 × Coffee with a prospect',
    );
  });

  it('shows them the same way in the Friday digest', async () => {
    await t.command('/log', '2 workshops', { user_id: REP });
    // Friday 20 Nov, past 15:00 in the manager's zone.
    t.clock.set('2026-11-20T15:30:00Z');
    await runDigests(t.bot.digestDeps, { mode: 'scheduled' });
    const digest = t.slack
      .callsTo('chat.postMessage')
      .map((c) => allText(c.args))
      .join('\n');
    expect(digest).toContain('2 workshops run');
    expect(digest).toContain('0 closed-won deals and 2 events');
  });
});
