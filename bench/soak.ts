// LSP soak: the bundled server (dist/server.js) over stdio with a real client, one document edited
// thousands of times at random (insertions, deletions, reversed and past-the-end ranges, batches)
// with requests interleaved (hover, completion, code actions, highlights, tokens, inlay hints,
// outline, folding, formatting, the diagram model). Checked: the server stays up and logs no
// failure, no request fails (ContentModified for a request whose document changed meanwhile is
// an answer, counted apart), the final diagnostics equal the CLI's on the same text, and the RSS
// (sampled along the way) ends at most 2× what it was after the open.
//
// Then, in the full run, responsiveness: while a 20 MB document is opened (its first analysis),
// and then while whole-document requests run on it, a small one is edited, and how long the small
// one waits for its diagnostics. `--compare DIR/server.js` runs the open part with another build
// of the server too (e.g. main's), side by side.
//
//   npm run soak [-- --seed N] [--edits N] [--kb N] [--heap MB] [--minutes M] [--big-mb N] [--no-big]
//                [--no-soak] [--compare PATH]
// `npm test` runs a short soak (test/lsp/soak.test.ts). Build first: `node esbuild.mjs`.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, LSPErrorCodes, ResponseError, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { offsetChange } from '../server/src/lsp/documents';
import { LspClient, SERVER_BUNDLE } from '../test/support/lspClient';
import { chance, int, pick, type Rng, rngOf } from '../test/fuzz/generate';
import { generateConversation, generateScenarios } from './generate';

const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');
const MB = 1024 * 1024;

export interface SoakOptions {
  readonly seed: number;
  readonly edits: number;
  /** Size of the document, in KB. */
  readonly kb: number;
  /** The server's heap limit (--max-old-space-size), MB; none when undefined. */
  readonly heapMb?: number;
  /** RSS samples: one every this many edits. */
  readonly sampleEvery?: number;
  /** Stop editing after this long (the last edit is then the final one). */
  readonly timeLimitMs?: number;
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  /** Edits made (fewer than asked when the time limit stopped the run). */
  readonly edits: number;
  readonly stoppedByTime: boolean;
  readonly bytes: number;
  readonly requests: { ok: number; contentModified: number; failed: number };
  readonly failures: readonly string[];
  readonly alive: boolean;
  readonly finalDiagnostics: number;
  readonly equalsCli: boolean;
  /** RSS in bytes after the open, then a sample every `sampleEvery` edits, the last at the end. */
  readonly rss: readonly { edits: number; bytes: number }[];
  readonly rssAfterOpen: number;
  readonly seconds: number;
}

/** A realistic document of about `kb` KB: scenarios (2% mistakes) and a conversation. */
export function soakDocument(kb: number, seed: number): string {
  const conversation = generateConversation(Math.max(20, Math.round(kb / 4)), seed).text;
  const steps = Math.max(10, Math.round(((kb * 1024) - conversation.length) / 49));
  return `${generateScenarios(steps, seed).text}\n${conversation}\n`;
}

const INSERTS = [
  'x', ' ', '\n', '\r\n', '}', '{', '"', '->', ':', '/', '+', 'SYN', 'ACK', 'LISTEN', 'ESTABLISHED', 'SYN_SEND', 'é',
  '  CLOSED -> LISTEN : listen\n', '  client: connect\n', 'scenario "soak" {\n', '# note\n', '\n}\n',
];

/** A random change of `doc` as a client sends it (sometimes reversed, past the end, or several). */
function randomChanges(rng: Rng, doc: TextDocument, targetLength: number): TextDocumentContentChangeEvent[] {
  const text = doc.getText();
  const count = chance(rng, 0.1) ? 2 + int(rng, 3) : 1;
  const out: TextDocumentContentChangeEvent[] = [];
  for (let i = 0; i < count; i++) {
    const at = int(rng, text.length + 1);
    const grow = text.length < targetLength;
    const del = grow ? int(rng, 3) : int(rng, 40);
    let start = doc.positionAt(at);
    let end = doc.positionAt(Math.min(text.length, at + del));
    if (chance(rng, 0.05)) [start, end] = [end, start];
    if (chance(rng, 0.03)) {
      // Past the end: from the last line (or beyond it) to lines that do not exist.
      start = { line: doc.lineCount - 1 + int(rng, 3), character: int(rng, 50) };
      end = { line: start.line + 1 + int(rng, 5), character: 0 };
    }
    if (chance(rng, 0.02)) start = { line: start.line, character: start.character + 500 };
    out.push({ range: { start, end }, text: chance(rng, grow ? 0.9 : 0.6) ? pick(rng, INSERTS) : '' });
  }
  return out;
}

/** The mirror of the server's text: each change clamped and ordered the way the server does it. */
function applyMirror(doc: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TextDocument {
  let current = doc;
  for (const c of changes) {
    const change = offsetChange(current, c);
    const text = current.getText();
    current = TextDocument.create(current.uri, 'tcpfsm', version, text.slice(0, change.start) + change.text + text.slice(change.end));
  }
  return current;
}

/** CPU milliseconds a process has used (Linux /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function rssOf(pid: number | undefined): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The CLI's diagnostics of `text` (the bundle, as a process) as `line:col-line:col code: message`. */
export function cliDiagnostics(text: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-soak-'));
  try {
    const file = path.join(dir, 'soak.tcpfsm');
    fs.writeFileSync(file, text);
    const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 512 * MB });
    if (r.status === 2 || r.error) throw new Error(`the CLI failed: ${r.error ?? r.stderr}`);
    const found = JSON.parse(r.stdout) as { line: number; column: number; endLine: number; endColumn: number; code: string; severity: string; message: string }[];
    return found.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code}: ${d.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
/** An LSP diagnostic in the form `cliDiagnostics` gives. */
export const lspBrief = (d: Diagnostic) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY[d.severity ?? 1]} ${d.code}: ${d.message}`;

/** One request of each kind, at a random place: [method, params]. */
function randomRequest(rng: Rng, uri: string, doc: TextDocument): [string, unknown] {
  const at = doc.positionAt(int(rng, doc.getText().length + 1));
  const lines = doc.lineCount;
  const range = { start: at, end: { line: Math.min(lines, at.line + int(rng, 40)), character: 0 } };
  const textDocument = { uri };
  const kinds: [string, unknown, number][] = [
    ['textDocument/hover', { textDocument, position: at }, 6],
    ['textDocument/completion', { textDocument, position: at }, 6],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }, 6],
    ['textDocument/documentHighlight', { textDocument, position: at }, 3],
    ['textDocument/semanticTokens/range', { textDocument, range }, 4],
    ['textDocument/inlayHint', { textDocument, range }, 4],
    ['textDocument/selectionRange', { textDocument, positions: [at] }, 2],
    ['textDocument/codeLens', { textDocument }, 2],
    ['tcpfsm/diagram', { textDocument, position: at }, 3],
    ['textDocument/rangeFormatting', { textDocument, range, options: { tabSize: 2, insertSpaces: true } }, 2],
    ['textDocument/documentSymbol', { textDocument }, 1],
    ['textDocument/foldingRange', { textDocument }, 1],
    ['textDocument/semanticTokens/full', { textDocument }, 1],
    ['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }, 1],
  ];
  let r = rng() * kinds.reduce((n, k) => n + k[2], 0);
  for (const [method, params, weight] of kinds) {
    r -= weight;
    if (r < 0) return [method, params];
  }
  return [kinds[0][0], kinds[0][1]];
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const rng = rngOf(options.seed);
  const nodeArgs = options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : [];
  const client = await LspClient.start({ textDocument: { foldingRange: { rangeLimit: 5000 } } }, { nodeArgs });
  const started = performance.now();
  const failures: string[] = [];
  const requests = { ok: 0, contentModified: 0, failed: 0 };
  const uri = 'file:///soak.tcpfsm';
  const text = soakDocument(options.kb, options.seed);
  let mirror = TextDocument.create(uri, 'tcpfsm', 1, text);
  const rss: { edits: number; bytes: number }[] = [];
  let version = 1;
  let final: Diagnostic[] = [];
  try {
    await client.open(uri, text);
    const rssAfterOpen = rssOf(client.process.pid);
    rss.push({ edits: 0, bytes: rssAfterOpen });
    log(`opened ${(text.length / 1024).toFixed(0)} KB; RSS ${(rssAfterOpen / MB).toFixed(0)} MB`);
    const sampleEvery = options.sampleEvery ?? Math.max(1, Math.floor(options.edits / 10));
    let pending: Promise<void>[] = [];
    const settle = async () => {
      await Promise.all(pending);
      pending = [];
    };
    let edits = options.edits;
    let stoppedByTime = false;
    for (let e = 1; e <= edits; e++) {
      if (options.timeLimitMs !== undefined && e < edits && performance.now() - started > options.timeLimitMs) {
        edits = e;
        stoppedByTime = true;
      }
      const changes = randomChanges(rng, mirror, text.length);
      version++;
      mirror = applyMirror(mirror, changes, version);
      if (e === edits) {
        await settle();
        final = await client.change(uri, version, changes);
      } else {
        void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      }
      if (chance(rng, 0.35) && e < edits) {
        const [method, params] = randomRequest(rng, uri, mirror);
        pending.push(client.connection.sendRequest(method, params).then(
          () => {
            requests.ok++;
          },
          (err: unknown) => {
            if (err instanceof ResponseError && (err.code === LSPErrorCodes.ContentModified || err.code === LSPErrorCodes.RequestCancelled)) {
              requests.contentModified++;
              return;
            }
            requests.failed++;
            if (failures.length < 20) failures.push(`${method} failed: ${err instanceof Error ? err.message : String(err)}`);
          },
        ));
      }
      if (pending.length >= 32) await settle();
      if (e % sampleEvery === 0 || e === edits) {
        await settle();
        const bytes = rssOf(client.process.pid);
        rss.push({ edits: e, bytes });
        log(`${e} edits: RSS ${(bytes / MB).toFixed(0)} MB, ${(mirror.getText().length / 1024).toFixed(0)} KB`);
      }
      if (client.process.exitCode !== null) {
        failures.push(`the server exited (code ${client.process.exitCode}) after ${e} edits`);
        break;
      }
    }
    const alive = client.process.exitCode === null;
    const logged = client.stderr.join('').split('\n').filter((l) => /failed|uncaught|heap|FATAL/i.test(l));
    for (const l of logged.slice(0, 10)) failures.push(`server stderr: ${l}`);
    const expected = cliDiagnostics(mirror.getText());
    const got = final.map(lspBrief);
    const equalsCli = alive && JSON.stringify(got) === JSON.stringify(expected);
    if (!equalsCli) {
      const missing = expected.filter((d) => !got.includes(d)).slice(0, 3);
      const extra = got.filter((d) => !expected.includes(d)).slice(0, 3);
      failures.push(`the final diagnostics differ from the CLI's (${got.length} vs ${expected.length}); missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`);
    }
    if (requests.failed > 0) failures.push(`${requests.failed} requests failed`);
    return {
      edits, stoppedByTime, bytes: mirror.getText().length, requests, failures, alive, finalDiagnostics: final.length, equalsCli, rss, rssAfterOpen,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await client.stop();
  }
}

export function soakTable(r: SoakReport, heapMb?: number): string {
  const end = r.rss[r.rss.length - 1]?.bytes ?? NaN;
  const peak = Math.max(...r.rss.map((s) => s.bytes));
  const rows: [string, string, string][] = [
    ['edits', `${r.edits.toLocaleString('en-US')}${r.stoppedByTime ? ' (stopped by the time limit)' : ''}`, '10,000'],
    ['document at the end', `${(r.bytes / 1024).toFixed(0)} KB`, '≈ 500 KB'],
    ['requests ok / ContentModified / failed', `${r.requests.ok} / ${r.requests.contentModified} / ${r.requests.failed}`, '0 failed'],
    ['server alive', r.alive ? 'yes' : 'NO', 'yes'],
    ['final diagnostics = CLI', `${r.equalsCli ? 'yes' : 'NO'} (${r.finalDiagnostics} diagnostics)`, 'yes'],
    ['heap limit', heapMb ? `${heapMb} MB` : 'none', '256 MB'],
    ['RSS after open → peak → end', `${(r.rssAfterOpen / MB).toFixed(0)} → ${(peak / MB).toFixed(0)} → ${(end / MB).toFixed(0)} MB`, ''],
    ['RSS end / after open', `${(end / r.rssAfterOpen).toFixed(2)}×`, '≤ 2×'],
    ['wall time', `${r.seconds.toFixed(0)} s`, ''],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = [`| ${'soak'.padEnd(w0)} | ${'measured'.padEnd(w1)} | target |`, `|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|--------|`];
  for (const [a, b, c] of rows) lines.push(`| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} |`);
  lines.push('', `RSS curve (MB): ${r.rss.map((s) => `${s.edits}: ${(s.bytes / MB).toFixed(0)}`).join(', ')}`);
  for (const f of r.failures) lines.push(`FAIL ${f}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// responsiveness: a huge document's whole-document requests do not hold up another's diagnostics

export interface ResponsivenessReport {
  readonly bigBytes: number;
  readonly openSeconds: number;
  readonly requests: readonly { method: string; seconds: number; outcome: string }[];
  /** How long each edit of the small document waited for its diagnostics while the requests ran. */
  readonly smallWaitsMs: readonly number[];
  /** The server's CPU time during each of those waits (what the wait costs on an idle machine). */
  readonly smallWaitsCpuMs: readonly number[];
}

export async function runResponsiveness(bigMb: number, seed: number, log: (line: string) => void = () => undefined): Promise<ResponsivenessReport> {
  const client = await LspClient.start({ textDocument: { foldingRange: { rangeLimit: 5000 } } });
  try {
    const big = 'file:///huge.tcpfsm';
    const small = 'file:///small.tcpfsm';
    const text = generateScenarios(Math.round((bigMb * MB) / 49), seed).text;
    let t = performance.now();
    await client.open(big, text);
    const openSeconds = (performance.now() - t) / 1000;
    log(`opened ${(text.length / MB).toFixed(1)} MB in ${openSeconds.toFixed(1)} s`);
    await client.open(small, 'scenario "s" {\n  CLOSED -> LISTEN\n}\n');
    const textDocument = { uri: big };
    const methods: [string, unknown][] = [
      ['textDocument/documentSymbol', { textDocument }],
      ['textDocument/foldingRange', { textDocument }],
      ['textDocument/semanticTokens/full', { textDocument }],
      ['textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }],
      ['textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.canonicalStateNames'] } }],
    ];
    t = performance.now();
    const requests = methods.map(([method, params]) => client.connection.sendRequest(method, params).then(
      (result) => ({ method, seconds: (performance.now() - t) / 1000, outcome: Array.isArray(result) ? `${result.length} items` : 'answered' }),
      (err: unknown) => ({ method, seconds: (performance.now() - t) / 1000, outcome: `error ${err instanceof Error ? err.message : String(err)}` }),
    ));
    let done = false;
    const all = Promise.all(requests).then((r) => {
      done = true;
      return r;
    });
    const smallWaitsMs: number[] = [];
    const smallWaitsCpuMs: number[] = [];
    for (let v = 2; !done && v < 10_000; v++) {
      const before = performance.now();
      const cpu = cpuMsOf(client.process.pid);
      await client.change(small, v, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 18 } }, text: v % 2 === 0 ? 'SYN_SEND' : 'LISTEN' }]);
      smallWaitsMs.push(performance.now() - before);
      smallWaitsCpuMs.push(cpuMsOf(client.process.pid) - cpu);
    }
    return { bigBytes: text.length, openSeconds, requests: await all, smallWaitsMs, smallWaitsCpuMs };
  } finally {
    await client.stop();
  }
}

function responsivenessTable(r: ResponsivenessReport): string {
  const waits = [...r.smallWaitsMs].sort((a, b) => a - b);
  const p = (q: number) => waits.length ? waits[Math.min(waits.length - 1, Math.floor(q * waits.length))].toFixed(0) : 'n/a';
  return [
    `responsiveness: ${(r.bigBytes / MB).toFixed(1)} MB document opened in ${r.openSeconds.toFixed(1)} s; whole-document requests on it:`,
    ...r.requests.map((q) => `  ${q.method.padEnd(34)} ${q.seconds.toFixed(1).padStart(6)} s  ${q.outcome}`),
    `meanwhile ${waits.length} edits of a small document waited for their diagnostics: median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${waits.length ? waits[waits.length - 1].toFixed(0) : 'n/a'} ms`,
    `  (the server's CPU time during each wait, ms: ${r.smallWaitsCpuMs.map((x) => x.toFixed(0)).join(', ')})`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// the open: a small document edited while a huge one is opened and analysed

export interface OpenLatencyReport {
  readonly server: string;
  readonly bigBytes: number;
  /** From the huge document's didOpen to its diagnostics: wall time and the server's CPU time. */
  readonly bigSeconds: number;
  readonly bigCpuMs: number;
  /** How long each edit of the small document waited for its diagnostics meanwhile (wall, ms). */
  readonly smallWaitsMs: readonly number[];
  /** The server's CPU time during each of those waits (what the wait costs on an idle machine). */
  readonly smallWaitsCpuMs: readonly number[];
}

/**
 * Opens a small document, then the huge `text` (without waiting), and edits the small one, each
 * edit after the diagnostics of the one before, until the huge one's diagnostics arrive.
 */
export async function runOpenLatency(text: string, bundle = SERVER_BUNDLE): Promise<OpenLatencyReport> {
  const client = await LspClient.start({}, { bundle });
  try {
    const big = 'file:///huge-open.tcpfsm';
    const small = 'file:///small.tcpfsm';
    await client.open(small, 'scenario "s" {\n  CLOSED -> LISTEN\n}\n');
    const pid = client.process.pid;
    let bigDone: { seconds: number; cpuMs: number } | undefined;
    const t = performance.now();
    const cpu = cpuMsOf(pid);
    const published = client.nextDiagnostics(big, 1).then(() => {
      bigDone = { seconds: (performance.now() - t) / 1000, cpuMs: cpuMsOf(pid) - cpu };
    });
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: big, languageId: 'tcpfsm', version: 1, text } });
    const smallWaitsMs: number[] = [];
    const smallWaitsCpuMs: number[] = [];
    for (let v = 2; !bigDone && v < 100_000; v++) {
      const before = performance.now();
      const cpuBefore = cpuMsOf(pid);
      await client.change(small, v, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 18 } }, text: v % 2 === 0 ? 'SYN_SEND' : 'LISTEN' }]);
      smallWaitsMs.push(performance.now() - before);
      smallWaitsCpuMs.push(cpuMsOf(pid) - cpuBefore);
    }
    await published;
    return { server: path.relative(process.cwd(), bundle), bigBytes: text.length, bigSeconds: bigDone!.seconds, bigCpuMs: bigDone!.cpuMs, smallWaitsMs, smallWaitsCpuMs };
  } finally {
    await client.stop();
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** The open part as a table, one column per server build (before → after). */
export function openLatencyTable(reports: readonly OpenLatencyReport[]): string {
  const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
  const mb = reports.length ? `${(reports[0].bigBytes / MB).toFixed(0)} MB` : '';
  const rows: string[][] = [
    [`${mb} open: small document's diagnostics latency (median)`, ...reports.map((r) => ms(median(r.smallWaitsMs)))],
    ['  p95 / max', ...reports.map((r) => `${ms(quantile(r.smallWaitsMs, 0.95))} / ${ms(Math.max(...r.smallWaitsMs))}`)],
    ['  server CPU during a wait (median / max)', ...reports.map((r) => `${ms(median(r.smallWaitsCpuMs))} / ${ms(Math.max(...r.smallWaitsCpuMs))}`)],
    ['  small document\'s edits answered before the big one\'s diagnostics', ...reports.map((r) => String(r.smallWaitsMs.length))],
    [`  ${mb} document's diagnostics after (wall / server CPU)`, ...reports.map((r) => `${(r.bigSeconds).toFixed(1)} s / ${(r.bigCpuMs / 1000).toFixed(1)} s`)],
  ];
  const header = ['', ...reports.map((r) => r.server)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

async function main(): Promise<void> {
  const seed = option('seed', 14);
  const edits = option('edits', 10_000);
  const kb = option('kb', 500);
  const heapMb = option('heap', 256);
  const minutes = option('minutes', 30);
  let failed = false;
  if (!process.argv.includes('--no-soak')) {
    console.log(`soak: seed ${seed}, ${edits.toLocaleString('en-US')} random edits on a ${kb} KB document, server heap limit ${heapMb} MB, at most ${minutes} minutes`);
    const report = await runSoak({ seed, edits, kb, heapMb, timeLimitMs: minutes * 60_000, log: (l) => console.log(`  ${l}`) });
    console.log(soakTable(report, heapMb));
    failed = report.failures.length > 0;
    const end = report.rss[report.rss.length - 1].bytes;
    if (end > 2 * report.rssAfterOpen) {
      console.log(`MISS RSS at the end is ${(end / report.rssAfterOpen).toFixed(2)}× the RSS after the open`);
      failed = true;
    }
  }
  if (!process.argv.includes('--no-big')) {
    const bigMb = option('big-mb', 20);
    const text = generateScenarios(Math.round((bigMb * MB) / 49), seed).text;
    const i = process.argv.indexOf('--compare');
    const bundles = i < 0 ? [SERVER_BUNDLE] : [path.resolve(process.argv[i + 1]), SERVER_BUNDLE];
    const reports: OpenLatencyReport[] = [];
    // Each build opens the document in turn, twice, alternating (the machine's load changes).
    for (let round = 0; round < 2; round++) {
      for (const bundle of bundles) {
        const r = await runOpenLatency(text, bundle);
        console.log(`  ${r.server}: ${r.smallWaitsMs.length} edits of the small document during the open, median wait ${median(r.smallWaitsMs).toFixed(0)} ms`);
        reports.push(r);
      }
    }
    // Per build, the two runs together.
    const merged = bundles.map((_, b) => {
      const runs = reports.filter((__, k) => k % bundles.length === b);
      return {
        ...runs[0],
        bigSeconds: median(runs.map((r) => r.bigSeconds)),
        bigCpuMs: median(runs.map((r) => r.bigCpuMs)),
        smallWaitsMs: runs.flatMap((r) => r.smallWaitsMs),
        smallWaitsCpuMs: runs.flatMap((r) => r.smallWaitsCpuMs),
      };
    });
    console.log('');
    console.log(openLatencyTable(merged));
    console.log('');
    console.log(responsivenessTable(await runResponsiveness(bigMb, seed, (l) => console.log(`  ${l}`))));
  }
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
