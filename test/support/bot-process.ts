import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { SIGNING_SECRET } from './signing.js';
import { SlackStandIn } from './slack-stand-in.js';
import { startCommand } from './start-command.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BotProcess {
  child: ChildProcess;
  port: number;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the built bot (`node dist/src/index.js`) as its own process, as `npm start` does, and
 * waits until it listens. `nodeArgs` go to node before the script (e.g. an `--import`).
 */
export async function startBotProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<BotProcess> {
  const child = spawnBot({ LOG_LEVEL: 'info', ...env }, { nodeArgs });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start: ${output.join('')}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /listening on :(\d+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`bot exited at start: ${output.join('')}`));
    });
  });
  return { child, port, output, exited };
}

/**
 * Runs the built bot until it exits by itself (a start that fails), as the given user when set;
 * resolves to its exit code and what it wrote.
 */
export async function runBotToExit(
  env: Record<string, string>,
  options: { uid?: number; gid?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnBot(env, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

/** The built bot started as `npm start` starts it, on a free loopback port, with test tokens and `env` over them. */
function spawnBot(env: Record<string, string>, options: { nodeArgs?: string[]; uid?: number; gid?: number }): ChildProcess {
  const start = startCommand();
  const { nodeArgs = [], ...ids } = options;
  return spawn(process.execPath, [...start.nodeArgs, ...nodeArgs, start.script], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...ids,
  });
}

/**
 * Bot processes for the tests of one `describe`: each test gets a fresh Slack stand-in and a
 * folder for the database, and whatever processes it started are killed (SIGKILL if still up)
 * and the folder removed after it. Registers the hooks; read the fields inside a test.
 */
export function botProcessPerTest(env: Record<string, string> = {}) {
  const at = { slack: undefined as unknown as SlackStandIn, dir: '', dbPath: '' };
  let running: BotProcess[] = [];
  beforeEach(async () => {
    at.slack = await new SlackStandIn().start();
    at.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'points-process-'));
    at.dbPath = path.join(at.dir, 'points.db');
  });
  afterEach(async () => {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(running.map((p) => p.exited));
    running = [];
    await at.slack.stop();
    fs.rmSync(at.dir, { recursive: true, force: true });
  });
  return {
    get slack() {
      return at.slack;
    },
    get dir() {
      return at.dir;
    },
    get dbPath() {
      return at.dbPath;
    },
    /** Starts the bot on this test's stand-in and database, with `extra` settings and node's `nodeArgs`. */
    async start(extra: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BotProcess> {
      const p = await startBotProcess({ SLACK_API_URL: at.slack.url, DATABASE_PATH: at.dbPath, ...env, ...extra }, nodeArgs);
      running.push(p);
      return p;
    },
  };
}
