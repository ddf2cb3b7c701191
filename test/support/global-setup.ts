import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Builds dist/ once, for the tests that run the bot as a real process (kill, restart, SIGTERM). */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
