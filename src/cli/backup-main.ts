import { backupCli } from './data.js';
import { runTool } from './main.js';

await runTool(({ db, out }) => backupCli(process.argv.slice(2), { db, out }));
