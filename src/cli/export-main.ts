import { exportCli } from './data.js';
import { runDataTool } from './main.js';

await runDataTool(({ db, out }) => exportCli(process.argv.slice(2), { db, out }));
