import fs from 'node:fs';
import path from 'node:path';

/** The project's folder: the nearest package.json above this file (compiled, it runs from dist/). */
function projectRoot(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('package.json not found above ' + import.meta.dirname);
  }
}

/**
 * What `npm start` runs after building: node's own flags and the script, read from
 * package.json, so the tests and the benchmark run the bot exactly as an operator does.
 */
export function startCommand(): { nodeArgs: string[]; script: string } {
  const root = projectRoot();
  const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const run = /(?:^|&&\s*)node\s+((?:--\S+\s+)*)(\S+\.js)\s*$/.exec(scripts.start ?? '');
  if (!run) throw new Error(`package.json's start script does not end in "node [flags] script.js": ${scripts.start}`);
  return { nodeArgs: run[1]!.trim().split(/\s+/).filter(Boolean), script: path.join(root, run[2]!) };
}
