/**
 * Writing an export of a big history, as the bot does inside its own process: the workbook and
 * the CSV, each in a fresh node with the bot's flags (its heap cap), timed, with the process's
 * peak resident memory and the longest the event loop waited meanwhile (what every Slack request
 * waits behind). Part of `npm run bench`; also runs alone:
 * `tsc -p tsconfig.bench.json && node dist/bench/export.js` (BENCH_EXPORT_ENTRIES, default 500,000).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { writeExport, type ExportFormat } from '../src/cli/export-file.js';
import { openDatabase } from '../src/db/index.js';
import { localDay } from '../src/scoring/week.js';
import { startCommand } from '../test/support/start-command.js';
import { seedHistory } from './seed.js';

/** What one export cost, measured inside the process that wrote it. */
interface Measured {
  entries: number;
  seconds: number;
  peakRssMb: number;
  longestPauseMs: number;
  p99PauseMs: number;
  fileMb: number;
}

/** Writes one export of `dbPath` to `file` in this process, and measures it. */
async function measureHere(dbPath: string, format: ExportFormat, file: string): Promise<Measured> {
  const db = openDatabase(dbPath);
  // A 10 ms resolution, as the bot's own event-loop watch would sample it.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const counts = await writeExport({ db, filter: {}, file, format, today: localDay(new Date(), 'UTC') });
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  db.$client.close();
  return {
    entries: counts.entries,
    seconds,
    // The kernel's high-water mark of this process's resident memory (kB), start-up included.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    longestPauseMs: delay.max / 1e6,
    p99PauseMs: delay.percentile(99) / 1e6,
    fileMb: fs.statSync(file).size / 1e6,
  };
}

/** Runs one export in a fresh node started with the bot's flags, so its memory is the export's alone. */
function measureApart(dbPath: string, format: ExportFormat, file: string): Promise<Measured> {
  const start = startCommand();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...start.nodeArgs, fileURLToPath(import.meta.url), dbPath, format, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Measured) : reject(new Error(`the export exited ${code}`))));
  });
}

/** The section's lines, as Markdown: `total` entries over 1,000 reps, a note on every third. */
export async function exportReport(total: number): Promise<string[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'points-export-bench-'));
  try {
    const dbPath = path.join(work, 'points.db');
    seedHistory(dbPath, total, 1000);
    const db = new Database(dbPath);
    db.exec(`
      UPDATE entries SET note = 'followed up on the proposal, call back ' || id WHERE id % 3 = 0;
      -- Joined when the history starts: the Weeks sheet lists a rep's weeks from joining on.
      UPDATE users SET created_at = (SELECT CAST(strftime('%s', min(day)) AS INTEGER) * 1000 FROM entries);
    `);
    db.close();
    const lines = [
      `${total.toLocaleString('en-US')} entries over 1,000 reps and three years, a note on every third; each export in a fresh node with the bot's flags (\`${startCommand().nodeArgs.join(' ')}\`), names by Slack ID. Peak RSS is the process's high-water mark; pauses are the event loop's delay (sampled every 10 ms) while the export ran.`,
      '',
      '| format | time | peak RSS | longest pause | p99 pause | file |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const format of ['xlsx', 'csv'] as const) {
      const m = await measureApart(dbPath, format, path.join(work, `export.${format}`));
      lines.push(
        `| ${format} (${m.entries.toLocaleString('en-US')} entries) | ${m.seconds.toFixed(1)} s | ${m.peakRssMb.toFixed(0)} MB | ${m.longestPauseMs.toFixed(0)} ms | ${m.p99PauseMs.toFixed(0)} ms | ${m.fileMb.toFixed(1)} MB |`,
      );
    }
    return lines;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dbPath, format, file] = process.argv.slice(2);
  if (dbPath && (format === 'xlsx' || format === 'csv') && file) {
    process.stdout.write(JSON.stringify(await measureHere(dbPath, format, file)));
  } else {
    for (const line of await exportReport(Number(process.env.BENCH_EXPORT_ENTRIES ?? 500_000))) console.log(line);
  }
}
