// Capture viewer benchmark (part of `npm run bench`): how soon the "TCP Capture" editor shows its
// first rows when a 100 MB capture is opened (issue 11: within 1 s), and how long until every row
// has its states. The viewer's own session (client/src/capture/session.ts) reads a generated pcap
// of 700k packets (≈ 100 MB; bench/captureTraffic.ts, fixed seed) streamed from disk in 1 MiB
// chunks as the Node extension host does (client/src/capture/nodeFile.ts), in a fresh process per
// run (`bench/viewer.ts FILE` is one run). Medians of the runs; wall and CPU time both shown: on a
// shared machine wall time mostly measures waiting. A report, not a test: exit 0 either way.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { nodeFileChunks } from '../client/src/capture/nodeFile';
import { CaptureSession } from '../client/src/capture/session';
import { pcapChunks } from '../test/support/captureWriter';
import { traffic } from './captureTraffic';

const SEED = 9293;
const PACKETS = 700_000;
const RUNS = 3;
const TARGET_FIRST_ROWS_MS = 1000;
/** client/src/capture/source.ts's CHUNK_SIZE (that module needs `vscode`). */
const CHUNK_SIZE = 1024 * 1024;
const FILE = path.join(__dirname, 'out', `viewer-${PACKETS / 1000}k.pcap`);

interface Run { firstRowsMs: number; firstRowsCpuMs: number; firstRows: number; doneMs: number; doneCpuMs: number; rows: number; packets: number; peakRssMB: number }

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/** One run in this process: open the capture as the viewer does and time its updates. */
async function oneRun(file: string): Promise<Run> {
  const session = new CaptureSession();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let first: Pick<Run, 'firstRowsMs' | 'firstRowsCpuMs' | 'firstRows'> | undefined;
  session.onUpdate((update) => {
    if (!first && update.rows.length > 0) first = { firstRowsMs: performance.now() - t0, firstRowsCpuMs: cpuMs(c0), firstRows: update.rows.length };
  });
  await session.read(nodeFileChunks(file, CHUNK_SIZE), fs.statSync(file).size);
  const doneMs = performance.now() - t0;
  const doneCpuMs = cpuMs(c0);
  if (session.problem) throw new Error(`${file}: ${session.problem.message}`);
  if (!first) throw new Error(`${file}: no rows`);
  return { ...first, doneMs, doneCpuMs, rows: session.rows().length, packets: session.progress.packets, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function main(): void {
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  if (!fs.existsSync(FILE)) {
    const fd = fs.openSync(FILE, 'w');
    try {
      for (const chunk of pcapChunks(traffic(PACKETS, SEED), { nano: true, tcpOptions: 12 })) fs.writeSync(fd, chunk);
    } finally {
      fs.closeSync(fd);
    }
  }
  const mb = fs.statSync(FILE).size / 1e6;
  console.log(`\n## Capture viewer: opening a ${fmt(mb)} MB capture (${fmt(PACKETS)} packets), median of ${RUNS} fresh processes\n`);
  console.log(`load average ${os.loadavg().map((x) => fmt(x, 2)).join(' ')} on ${os.cpus().length} CPU(s)\n`);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, FILE], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`viewer run failed: ${r.stderr || r.error}`);
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as Run);
  }
  const m = (key: keyof Run) => median(runs.map((r) => r[key]));
  const rows = [
    ['first rows shown', `${fmt(m('firstRowsMs'))} ms`, `${fmt(m('firstRowsCpuMs'))} ms`, `${fmt(m('firstRows'))} rows`],
    ['every row with its states', `${fmt(m('doneMs'))} ms`, `${fmt(m('doneCpuMs'))} ms`, `${fmt(m('rows'))} rows, ${fmt(m('packets'))} packets`],
  ];
  const header = ['moment', 'wall', 'CPU', 'what'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  console.log(`peak RSS ${fmt(m('peakRssMB'))} MB`);
  const verdict = m('firstRowsMs') <= TARGET_FIRST_ROWS_MS ? 'PASS' : 'MISS';
  console.log(`\n${verdict}  first rows within ${TARGET_FIRST_ROWS_MS / 1000} s of opening a ${fmt(mb)} MB capture (wall ${fmt(m('firstRowsMs'))} ms)`);
}

if (process.argv[2]) {
  oneRun(process.argv[2]).then((run) => console.log(JSON.stringify(run)), (error) => { console.error(error); process.exit(1); });
} else {
  main();
}
