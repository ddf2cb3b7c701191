import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/**
 * The layers, top to bottom. A module may import from its own layer and from the layers below
 * it, never above: entry points pick views, views turn data into blocks, the domain returns
 * data, the database knows none of them. Type-only imports count too.
 */
const LAYERS: Array<{ name: string; matches: (file: string) => boolean }> = [
  {
    name: 'entry point',
    matches: (f) =>
      /^(commands|cli|demo)\//.test(f) || ['index.ts', 'app.ts', 'digest/job.ts', 'digest/job-chart.ts', 'digest/scheduler.ts'].includes(f),
  },
  { name: 'view', matches: (f) => f.startsWith('views/') },
  { name: 'domain', matches: (f) => /^(scoring|roster|digest|charts)\//.test(f) },
];

function layerOf(file: string): number {
  const i = LAYERS.findIndex((l) => l.matches(file));
  // Everything else (db/, config, logger, the request guard, ...) sits below the domain.
  return i === -1 ? LAYERS.length : i;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [path.relative(SRC, full)] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)].map((m) =>
    path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), m[1]!)).replace(/\.js$/, '.ts'),
  );
}

describe('the layers point one way', () => {
  it('no module imports from a layer above its own', () => {
    const upward = sources(SRC).flatMap((file) =>
      importsOf(file)
        .filter((target) => layerOf(target) < layerOf(file))
        .map((target) => `${file} (${LAYERS[layerOf(file)]?.name ?? 'base'}) imports ${target} (${LAYERS[layerOf(target)]!.name})`),
    );
    expect(upward).toEqual([]);
  });

  it('can see an upward import', () => {
    expect(layerOf('scoring/parse.ts')).toBeGreaterThan(layerOf('views/log.ts'));
    expect(importsOf('app.ts')).toContain('commands/index.ts');
  });
});
