// `npm run demo`'s build: each file of src/ turned into JavaScript on its own, without the type
// check, into dist/demo-build/. The checked build (`npm run build`, which `npm start` runs) takes about
// 14 s from clean on a 2-core machine; TypeScript's own per-file transpile took about 7 s for
// src/, esbuild's (a compiled transpiler, already installed with drizzle-kit) takes a fraction of
// a second, so a newcomer sees the demo soon after `npm ci`. `npm test` type-checks the same files.
// Only files changed since the last run are redone.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// Laid out as src/ is (src/db/index.ts as dist/demo-build/db/index.js), so that what finds the
// migrations or the page by walking up from its own file finds the project's.
const out = path.join(root, 'dist', 'demo-build');

const stale = fs
  .readdirSync(path.join(root, 'src'), { recursive: true })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ source: path.join(root, 'src', file), target: path.join(out, file.replace(/\.ts$/, '.js')) }))
  .filter(({ source, target }) => !fs.existsSync(target) || fs.statSync(target).mtimeMs < fs.statSync(source).mtimeMs);

if (stale.length > 0) {
  // Loaded only when there is something to do.
  const { transform } = await import('esbuild');
  await Promise.all(
    stale.map(async ({ source, target }) => {
      const result = await transform(fs.readFileSync(source, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
        sourcefile: source,
      });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, result.code);
    }),
  );
}
