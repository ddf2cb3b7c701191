import { exportCli } from './data.js';
import { runTool } from './main.js';

await runTool(({ db, out }) => exportCli(process.argv.slice(2), { db, out }));
