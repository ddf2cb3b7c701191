import { digestCli } from './digest.js';
import { runTool } from './main.js';

await runTool(({ config, db, out }) =>
  digestCli(process.argv.slice(2), {
    config,
    db,
    out,
    now: () => new Date(),
    terminal: process.stdout.isTTY ? { write: (chunk) => process.stdout.write(chunk) } : undefined,
  }),
);
