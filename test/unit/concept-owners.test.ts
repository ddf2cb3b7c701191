import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [path.relative(SRC, full)] : [];
  });
}

/** Each concept written once: the pattern that gives away a copy, and the one module allowed to hold it. */
const CONCEPTS: Array<{ concept: string; pattern: RegExp; owner: string }> = [
  { concept: 'the Slack user-ID and mention syntax', pattern: /\[UW\]|<@\(/, owner: 'slack-ids.ts' },
  { concept: 'the weekday names', pattern: /['"](monday|mon|sunday|sun)['"]/i, owner: 'scoring/week.ts' },
  { concept: 'the time-zone validity check', pattern: /\btimeZone:/, owner: 'time-zone.ts' },
  { concept: 'the digest time format', pattern: /\\d\{2\}:\\d\{2\}|\\d\{1,2\}\)\(\?::/, owner: 'digest/schedule.ts' },
];

describe('each concept has one owner', () => {
  const files = sources(SRC).map((file) => ({ file, text: fs.readFileSync(path.join(SRC, file), 'utf8') }));

  it.each(CONCEPTS)('$concept lives in $owner only', ({ pattern, owner }) => {
    const holders = files.filter((f) => pattern.test(f.text)).map((f) => f.file);
    expect(holders).toEqual([owner]);
  });

  it('the people module sits with the roster', () => {
    expect(files.map((f) => f.file)).toContain('roster/people.ts');
    expect(files.map((f) => f.file)).not.toContain('people.ts');
  });

  /** The deps and options an entry point or job is handed, and whether each must carry the clock. */
  const HANDED: Array<{ file: string; name: string; clock: boolean }> = [
    { file: 'app.ts', name: 'BotOptions', clock: true },
    { file: 'commands/deps.ts', name: 'Deps', clock: true },
    { file: 'cli/main.ts', name: 'CliDeps', clock: true },
    { file: 'digest/job.ts', name: 'DigestDeps', clock: true },
    { file: 'digest/job.ts', name: 'RunOptions', clock: false },
  ];

  it('entry points and jobs are handed the clock as `now: () => Date`, not a moment or a number', () => {
    const shapes = HANDED.map(({ file, name, clock }) => {
      const text = files.find((f) => f.file === file)!.text;
      const body = new RegExp(`interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1] ?? '';
      const members = [...body.matchAll(/^\s*(\w*(?:now|clock)\w*)\??:\s*([^;]+);/gim)].map((m) => `${m[1]}: ${m[2]}`);
      return { name, members, expected: clock ? ['now: () => Date'] : [] };
    });
    expect(shapes.map(({ name, members }) => ({ name, members }))).toEqual(
      shapes.map(({ name, expected }) => ({ name, members: expected })),
    );
  });
});
