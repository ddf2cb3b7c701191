import { runDigests, type DigestDeps } from '../digest/job.js';
import { addDays, isoWeekday, localDay, weekStartOf, type LocalDay } from '../scoring/week.js';
import type { BotAnswer, DemoClient } from './client.js';
import { ADMIN_ID, DEMO_TEAM, demoReps, type DemoPerson } from './team.js';

/** A clock the seed moves through the past, then lets follow the real time. */
export class DemoClock {
  private fixed: Date | undefined;
  now = (): Date => (this.fixed ? new Date(this.fixed) : new Date());
  set(iso: string): void {
    this.fixed = new Date(iso);
  }
  release(): void {
    this.fixed = undefined;
  }
}

/** How many weeks of history the demo starts with. */
export const HISTORY_WEEKS = 6;

/** What the seed did, for the start-up line. */
export interface SeedReport {
  lines: number;
  digests: number;
}

/**
 * Six weeks of the demo team's history, made the way a real team makes it: the admin sets the
 * roster up with `/points-admin`, each rep types `/log` lines every working day, and the digest
 * job sends each Friday's digests and rep notes and Monday's final numbers. Every request is a
 * signed request to the running bot with its clock set to that day, so the totals are the bot's
 * own running totals. Days run up to yesterday: today is left for whoever tries the demo.
 */
export async function seedDemo(args: { client: DemoClient; clock: DemoClock; digestDeps: DigestDeps; now: Date }): Promise<SeedReport> {
  const { client, clock } = args;
  const today = localDay(args.now, 'UTC');
  const thisMonday = weekStartOf(today);
  const firstMonday = addDays(thisMonday, -7 * HISTORY_WEEKS);
  const startOf = (rep: DemoPerson) => addDays(thisMonday, -7 * ((rep.onboardingWeek ?? 1) - 1));
  const report: SeedReport = { lines: 0, digests: 0 };

  clock.set(`${firstMonday}T08:00:00Z`);
  const mention = (p: DemoPerson) => `@${p.id}`;
  for (const manager of DEMO_TEAM.filter((p) => p.kind === 'manager')) {
    const team = demoReps().filter((r) => r.manager === manager.id);
    await expectAnswer(client.command(ADMIN_ID, '/points-admin', `assign ${team.map(mention).join(' ')} to ${mention(manager)}`), 'assign');
  }
  for (const rep of demoReps()) {
    await expectAnswer(client.command(ADMIN_ID, '/points-admin', `start ${mention(rep)} ${startOf(rep)}`), 'start');
    if (rep.role !== 'AE') await expectAnswer(client.command(ADMIN_ID, '/points-admin', `role ${mention(rep)} ${rep.role}`), 'role');
  }

  for (let day = firstMonday; day < today; day = addDays(day, 1)) {
    const weekday = isoWeekday(day);
    if (weekday > 5) continue;
    clock.set(`${day}T16:00:00Z`);
    // The reps log side by side, as a team does; each rep's lines go in order.
    const working = demoReps().filter((rep) => day >= startOf(rep));
    const logged = await Promise.all(
      working.map(async (rep) => {
        const onboardingWeek = Math.floor((Date.parse(day) - Date.parse(startOf(rep))) / (7 * 86_400_000)) + 1;
        const lines = linesOf(rep, onboardingWeek, random(`${rep.id}:${day}`));
        for (const line of lines) {
          const answer = await expectAnswer(client.command(rep.id, '/log', line), `/log ${line}`);
          if (!String(answer.json?.text).startsWith('Logged'))
            throw new Error(`demo seed: "/log ${line}" for ${rep.id} was answered: ${answer.json?.text}`);
        }
        return lines.length;
      }),
    );
    report.lines += logged.reduce((a, b) => a + b, 0);
    // Friday's digests and rep notes once every manager's afternoon has come; Monday's final numbers of the week before.
    if (weekday === 5) clock.set(`${day}T23:30:00Z`);
    if (weekday === 5 || (weekday === 1 && day !== firstMonday)) {
      if (weekday === 1) clock.set(`${day}T18:00:00Z`);
      const sent = await runDigests(args.digestDeps, { mode: 'scheduled' });
      report.digests += sent.sent.length;
    }
  }
  clock.release();
  return report;
}

async function expectAnswer(request: Promise<BotAnswer>, what: string): Promise<BotAnswer> {
  const answer = await request;
  if (answer.status !== 200) throw new Error(`demo seed: ${what} was answered with HTTP ${answer.status}`);
  return answer;
}

/** A small deterministic generator (mulberry32) seeded from a string: the same day gives the same lines. */
function random(seed: string): () => number {
  let a = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16_777_619), 2_166_136_261) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ACCOUNTS = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Retail', 'Hooli', 'Vandelay Imports'];

/**
 * One working day of a rep's `/log` lines, as reps type them: a mix by role that lands around
 * the role's goal times the rep's pace, with the demos of a new AE mentor-led or shadowed.
 */
function linesOf(rep: DemoPerson, onboardingWeek: number, r: () => number): string[] {
  const pace = rep.pace ?? 1;
  const n = (base: number, spread: number) => Math.max(1, Math.round((base + r() * spread) * pace));
  const chance = (p: number) => r() < p * pace;
  const account = () => ACCOUNTS[Math.floor(r() * ACCOUNTS.length)]!;
  const amount = (low: number, high: number) => `$${(Math.round((low + r() * (high - low)) / 100) * 100).toLocaleString('en-US')}`;
  const lines: string[] = [];
  if (rep.role === 'SDR') {
    lines.push(`${n(24, 16)} calls, ${n(10, 8)} emails`);
    if (chance(0.6)) lines.push('dm convo');
    if (chance(0.6)) lines.push('meeting booked');
    if (chance(0.3)) lines.push(`qualified meeting "${account()}"`);
  } else if (rep.role === 'AM') {
    lines.push(`${n(5, 6)} calls, ${n(8, 6)} emails, ${n(3, 3)} check-in`);
    if (chance(0.35)) lines.push(`business review "${account()}"`);
    if (chance(0.3)) lines.push('upsell opportunity');
    if (chance(0.1)) lines.push(`renewal closed ${amount(8_000, 40_000)}`);
  } else {
    lines.push(`${n(24, 18)} calls, ${n(10, 8)} emails, ${n(1, 2)} dm convo, ${n(1, 2)} linkedin connect`);
    if (chance(0.7)) lines.push(r() < 0.5 ? 'meeting booked' : 'demo booked');
    const demo =
      onboardingWeek <= 4
        ? r() < 0.5
          ? 'demo shadow'
          : 'disco mentor-led'
        : onboardingWeek <= 8
          ? r() < 0.5
            ? 'demo mentor-led'
            : 'disco self-led'
          : r() < 0.6
            ? 'demo self-led'
            : 'disco self-led';
    if (chance(0.9)) lines.push(r() < 0.3 ? `${demo} "${account()}"` : demo);
    if (onboardingWeek > 6 && chance(0.12)) lines.push(`closed won ${amount(6_000, 60_000)} "${account()}"`);
  }
  // Reps log most of a day in one line; a line with a note about one account stays on its own.
  const plain = lines.filter((l) => !l.includes('"'));
  return [...(plain.length ? [plain.join(', ')] : []), ...lines.filter((l) => l.includes('"'))];
}
