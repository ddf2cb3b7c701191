/**
 * Starting the bot for a measurement, as `npm start` runs it, and reading its memory: shared by
 * the benchmark (`run.ts`) and the attack script (`attack-body.ts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { startCommand } from '../test/support/start-command.js';

/** Resident memory of a process, in MB (VmRSS from /proc). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** A loopback port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once `/health` answers 200 (it answers 503 until the bot is ready). */
async function fetchHealthy(port: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The bot in HTTP mode on a free loopback port, started as `npm start` starts it, with `env`
 * (Slack settings, database path) over a bare PATH; resolves once it is ready, with how long that
 * took and its resident memory then.
 */
export async function startBot(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; startMs: number; rss: number }> {
  const port = await freePort();
  const start = startCommand();
  const started = performance.now();
  const child = spawn(process.execPath, [...start.nodeArgs, start.script], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await fetchHealthy(port);
  return { child, port, startMs: performance.now() - started, rss: rssMb(child.pid!) };
}
