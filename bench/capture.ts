// Capture reader benchmark (part of `npm run bench`): generated captures of 10k, 100k and 1M
// packets (bench/captureTraffic.ts, fixed seed; written by test/support/captureWriter.ts into
// bench/out/) read as pcap, pcapng and (when tcpdump is installed) `tcpdump -nn` text. Each read
// runs in a fresh process (bench/captureRead.ts): `stream` only counts packets, `collect` keeps
// them all and groups them into connections, `import` also runs every connection on the engine.
// Medians of several runs: time, MB/s, packets/s and the process's peak RSS; then the import by
// size (CPU time, packets/s, µs per packet, and µs per packet added over the size before: the
// import is linear when that stays flat; the first row also pays the process's start and warm-up)
// against issue 11's target.
// A report, not a test: targets are printed PASS/MISS, exit 0 either way.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pcapChunks, pcapngChunks } from '../test/support/captureWriter';
import { traffic } from './captureTraffic';

const SEED = 9293;
const SIZES = [
  { name: '10k', packets: 10_000, runs: 5 },
  { name: '100k', packets: 100_000, runs: 5 },
  { name: '1M', packets: 1_000_000, runs: 3 },
];
const OUT = path.join(__dirname, 'out');
const MB = 1e6;
/** The import's target (issue 11) for 1M packets; the readers alone should be far inside it. */
const TARGET_1M_MS = 10_000;
const TARGET_1M_RSS_MB = 1000;

interface Measured { ms: number; cpuMs: number; packets: number; connections: number; error?: string; peakRssKiB: number | null }

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(x: number, digits = 1): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function writeChunks(file: string, chunks: Iterable<Uint8Array>): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const c of chunks) fs.writeSync(fd, c);
  } finally {
    fs.closeSync(fd);
  }
}

/** The generated files of a size, made once and kept in bench/out (same seed, same bytes). */
function inputs(size: (typeof SIZES)[number]): { format: string; file: string }[] {
  const pcap = path.join(OUT, `capture-${size.name}.pcap`);
  const pcapng = path.join(OUT, `capture-${size.name}.pcapng`);
  const text = path.join(OUT, `capture-${size.name}.tcpdump.txt`);
  const t0 = performance.now();
  if (!fs.existsSync(pcap)) writeChunks(pcap, pcapChunks(traffic(size.packets, SEED), { nano: true, tcpOptions: 12 }));
  if (!fs.existsSync(pcapng)) {
    writeChunks(pcapng, pcapngChunks(traffic(size.packets, SEED), {
      interfaces: [{ linkType: 1, tsresol: 9, tcpOptions: 12 }, { linkType: 276, tsresol: 6, tcpOptions: 12 }],
      interfaceOf: (_, i) => i % 2,
    }));
  }
  const list = [{ format: 'pcap', file: pcap }, { format: 'pcapng', file: pcapng }];
  if (!fs.existsSync(text)) {
    const fd = fs.openSync(text, 'w');
    const r = spawnSync('tcpdump', ['-nn', '-r', pcap], { stdio: ['ignore', fd, 'ignore'], env: { ...process.env, TZ: 'UTC' } });
    fs.closeSync(fd);
    if (r.error || r.status !== 0) fs.rmSync(text);
  }
  if (fs.existsSync(text)) list.push({ format: 'tcpdump text', file: text });
  const ms = performance.now() - t0;
  if (ms > 1000) console.log(`(generated the ${size.name} inputs in ${fmt(ms / 1000)} s)`);
  return list;
}

type Mode = 'stream' | 'collect' | 'import';

function measure(file: string, mode: Mode): Measured {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'captureRead.ts'), file, mode],
    { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`captureRead ${file} ${mode} failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured;
}

function main(): void {
  console.log('\n## Capture readers: generated captures, each read in a fresh process (median of runs)\n');
  console.log(`load average ${os.loadavg().map((x) => fmt(x, 2)).join(' ')} on ${os.cpus().length} CPU(s): times grow with it\n`);
  fs.mkdirSync(OUT, { recursive: true });
  const rows: string[][] = [];
  const results: Record<string, unknown>[] = [];
  let oneMillion: { ms: number; cpuMs: number; rssMB: number } | undefined;
  const imports: { size: string; packets: number; cpuMs: number; rssMB: number }[] = [];
  for (const size of SIZES) {
    for (const input of inputs(size)) {
      const bytes = fs.statSync(input.file).size;
      const modes: Mode[] = input.format === 'pcap' ? ['stream', 'collect', 'import'] : ['stream'];
      for (const mode of modes) {
        const runs = Array.from({ length: size.runs }, () => measure(input.file, mode));
        const bad = runs.find((r) => r.error || r.packets !== size.packets);
        if (bad) throw new Error(`${input.file}: ${bad.error ?? `${bad.packets} packets, not ${size.packets}`}`);
        const ms = median(runs.map((r) => r.ms));
        const cpuMs = median(runs.map((r) => r.cpuMs));
        const rssMB = median(runs.map((r) => (r.peakRssKiB ?? NaN) * 1024)) / MB;
        rows.push([size.name, input.format, mode, fmt(bytes / MB), fmt(ms, 0), fmt(cpuMs, 0), fmt(bytes / MB / (cpuMs / 1000), 0),
          fmt(size.packets / (cpuMs / 1000) / 1e6, 2), fmt(rssMB, 0), mode !== 'stream' ? fmt(runs[0].connections, 0) : '']);
        results.push({ size: size.name, format: input.format, mode, bytes, ms, cpuMs, mbPerCpuSecond: bytes / MB / (cpuMs / 1000),
          packetsPerCpuSecond: size.packets / (cpuMs / 1000), peakRssMB: rssMB, runs: runs.length, loadAverage: os.loadavg()[0] });
        if (input.format === 'pcap' && mode === 'import') imports.push({ size: size.name, packets: size.packets, cpuMs, rssMB });
        if (size.packets === 1_000_000 && input.format === 'pcap' && mode === 'import') oneMillion = { ms, cpuMs, rssMB };
      }
    }
  }
  // Throughput from CPU time (user + system): on a shared machine wall time mostly measures waiting.
  const header = ['size', 'format', 'mode', 'MB', 'wall ms', 'CPU ms', 'MB/CPU-s', 'Mpackets/CPU-s', 'peak RSS MB', 'connections'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  if (imports.length > 0) {
    console.log('\nImport (pcap: read, grouped, every connection run on the engine and written as a conversation), median CPU time:\n');
    const importRows = imports.map((r, i) => {
      const before = imports[i - 1];
      const added = before ? fmt((r.cpuMs - before.cpuMs) * 1000 / (r.packets - before.packets), 2) : '';
      return [r.size, fmt(r.cpuMs / 1000, 2), fmt(r.packets / (r.cpuMs / 1000), 0), fmt(r.cpuMs * 1000 / r.packets, 2), added, fmt(r.rssMB, 0)];
    });
    const importHeader = ['size', 'CPU s', 'packets/CPU-s', 'µs/packet', 'µs/added packet', 'peak RSS MB'];
    const w = importHeader.map((h, i) => Math.max(h.length, ...importRows.map((r) => r[i].length)));
    const row = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
    console.log([row(importHeader), row(w.map((n) => '-'.repeat(n))), ...importRows.map(row)].join('\n'));
  }
  if (oneMillion) {
    const verdict = (ms: number) => (ms <= TARGET_1M_MS && oneMillion!.rssMB <= TARGET_1M_RSS_MB ? 'PASS' : 'MISS');
    console.log(`\n1M packets imported (pcap: read, grouped, every connection run on the engine and written as a conversation) `
      + `(≤ ${TARGET_1M_MS / 1000} s, ≤ ${TARGET_1M_RSS_MB} MB):`);
    console.log(`${verdict(oneMillion.cpuMs)}  CPU time ${fmt(oneMillion.cpuMs / 1000, 2)} s, peak RSS ${fmt(oneMillion.rssMB, 0)} MB`);
    console.log(`${verdict(oneMillion.ms)}  wall time ${fmt(oneMillion.ms / 1000, 2)} s (at load average ${fmt(os.loadavg()[0], 1)})`);
  }
  fs.writeFileSync(path.join(OUT, 'capture-results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main();
