import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * What `npm run demo` runs, as it runs it: the quick build of src/ (scripts/build-demo.mjs), then
 * the built demo, which must seed its team through the real bot and serve its page.
 */
describe('npm run demo, built as it runs', () => {
  it('builds, seeds the demo team through the bot and serves the page', async () => {
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build-demo.mjs')], { cwd: ROOT });
    // Its data/demo.db in a folder of its own, not the project's.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-start-'));
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/demo-build/demo/main.js')], {
      cwd,
      env: { PATH: process.env.PATH, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const ready = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready within 60 s:\n${out}`)), 60_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/Open http/.test(out)) {
            clearTimeout(timer);
            resolve(out);
          }
        });
        child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`the demo exited (${code}):\n${out}`)));
      });
      expect(ready).toMatch(/Ready in [\d.]+ s \(222 \/log lines, 60 digests and rep notes\)/);
      const url = /Open (http:\/\/localhost:\d+\/demo)/.exec(ready)![1]!;
      const page = await fetch(url.replace('localhost', '127.0.0.1'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);
});
