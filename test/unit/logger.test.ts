import { LogLevel } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedStdout, createJsonLogger } from '../../src/logger.js';

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
});
