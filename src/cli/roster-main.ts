import { runTool } from './main.js';
import { rosterCli } from './roster.js';

await runTool(({ config, db, out }) => rosterCli(process.argv.slice(2), { config, db, out, now: () => new Date() }));
