import { backupCli } from './data.js';
import { runDataTool } from './main.js';

await runDataTool(({ db, out }) => backupCli(process.argv.slice(2), { db, out }));
