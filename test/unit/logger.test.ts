import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedStdout, createJsonLogger } from '../../src/logger.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the JSON logger', () => {
  it('writes one JSON object per line, with the fields, and no token or signature at any depth', () => {
    const lines: string[] = [];
    const logger = createJsonLogger(LogLevel.INFO, (l) => lines.push(l));
    logger.info({ user: 'U1', nested: { auth: 'Bearer xoxb-1234-abcd', list: ['xapp-1-A0-99'] } }, 'saw', 'v0=0123456789abcdef0123');
    logger.debug('below the level');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const line = JSON.parse(lines[0]!) as Record<string, any>;
    expect(line).toMatchObject({ level: 'info', name: 'points-bot', user: 'U1', msg: 'saw [redacted-signature]' });
    expect(line.nested).toEqual({ auth: 'Bearer [redacted-token]', list: ['[redacted-token]'] });
    expect(lines[0]).not.toMatch(/xox|xapp|v0=/);
  });

  it('logs an error with its stack, redacted', () => {
    const lines: string[] = [];
    const logger = createJsonLogger(LogLevel.INFO, (l) => lines.push(l));
    logger.error('failed', new Error('token xoxb-9-9 refused'));
    const line = JSON.parse(lines[0]!) as { level: string; msg: string };
    expect(line.level).toBe('error');
    expect(line.msg).toMatch(/^failed Error: token \[redacted-token\] refused\n\s+at /);
  });

  it('redacts a token or signature at the start of a line or after a tab, where JSON escapes what comes before it', () => {
    const lines: string[] = [];
    const logger = createJsonLogger(LogLevel.INFO, (l) => lines.push(l));
    logger.error(new Error('refused:\nxoxb-1-2\txapp-1-A0-9'), { header: 'sig:\nv0=0123456789abcdef0123' });
    expect(lines[0]).not.toMatch(/xox|xapp|v0=/);
    expect((JSON.parse(lines[0]!) as { msg: string }).msg).toMatch(/^Error: refused:\n\[redacted-token\]\t\[redacted-token\]\n/);
  });
});

describe('what Bolt and the Web API client do with the logger', () => {
  it('renames its lines and changes its level, as a WebClient built on it does', () => {
    const lines: string[] = [];
    const logger = createJsonLogger(LogLevel.INFO, (l) => lines.push(l));
    logger.setName('web-api:WebClient:0');
    logger.setLevel(LogLevel.WARN);
    logger.info('hidden');
    logger.warn('shown', { retry: 1 }, 42);
    expect(logger.getLevel()).toBe(LogLevel.WARN);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ level: 'warn', name: 'web-api:WebClient:0', msg: 'shown {"retry":1} 42' }),
    ]);
  });

  it('never throws on a field it cannot serialize, and still writes the line', () => {
    const lines: string[] = [];
    const logger = createJsonLogger(LogLevel.INFO, (l) => lines.push(l));
    const loop: Record<string, unknown> = { token: 'xoxb-1-loop' };
    loop.self = loop;
    expect(() => logger.error({ loop, big: 10n }, 'stuck')).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', msg: 'stuck', loop: { token: '[redacted-token]', self: '[Circular]' } });
  });
});

describe('the time on each line', () => {
  afterEach(() => vi.useRealTimers());

  it('is the time the line was written', () => {
    vi.useFakeTimers({ now: new Date('2026-11-20T15:00:00.000Z') });
    const lines: string[] = [];
    const logger = createJsonLogger(LogLevel.INFO, (l) => lines.push(l));
    logger.info('one');
    logger.info('two');
    vi.setSystemTime(new Date('2026-11-20T15:00:00.001Z'));
    logger.info('three');
    vi.setSystemTime(new Date('2026-11-21T09:30:12.345Z'));
    logger.info('four');
    expect(lines.map((l) => (JSON.parse(l) as { time: string }).time)).toEqual([
      '2026-11-20T15:00:00.000Z',
      '2026-11-20T15:00:00.000Z',
      '2026-11-20T15:00:00.001Z',
      '2026-11-21T09:30:12.345Z',
    ]);
  });
});

describe('buffered standard output', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the lines of one turn of the event loop together, in order, after that turn', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const write = bufferedStdout();
    write('a\n');
    write('b\n');
    expect(written).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    write('c\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual(['a\nb\n', 'c\n']);
  });

  it('gets every line, in order, even when the process exits right after logging them', () => {
    // The built logger in a process of its own: lines still buffered are written on exit.
    const script = `
      const { createJsonLogger } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/logger.js')).href)});
      const logger = createJsonLogger('info');
      for (let i = 0; i < 2000; i++) logger.info({ i }, 'line');
      process.exit(0);`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; msg: string });
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });
});
