// The fuzz targets: what the fuzzer feeds each input to, and the oracles it checks. One list,
// TARGETS, read by the engine (engine.ts), `npm run fuzz`, the short run in `npm test` and the
// replay of the kept reproducers. To fuzz something new (the capture readers of the real-traffic
// issue, say), add a target here: a name, which share of the inputs it takes, optionally its own
// input generator and storage (bytes rather than text: random damage to real captures), and
// `run`, which calls the code through its public entry points inside `check.call` (an exception
// or a call over the time budget is a failure) and states its oracles with `check.expect`.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { groupConnections } from '../../server/src/capture/connections';
import { importConnection } from '../../server/src/capture/importer';
import { readCapture } from '../../server/src/capture/reader';
import { OpenDocument } from '../../server/src/lsp/documents';
import { analyze } from '../../server/src/service/analyze';
import type { Diagnostic } from '../../server/src/service/diagnostics';
import { applyEdits, type TextEdit } from '../../server/src/service/edits';
import { formatEdits } from '../../server/src/service/format';
import { IncrementalAnalysis } from '../../server/src/service/incremental';
import { renamePeer } from '../../server/src/service/navigate';
import { canonicalNamesFix, quickFixes } from '../../server/src/service/quickfix';
import { traceConversations } from '../../server/src/service/trace';
import { LineIndex } from '../../server/src/syntax/lines';
import { parse, parseItem } from '../../server/src/syntax/parser';
import type { Item, Span } from '../../server/src/syntax/tree';
import { FEATURES, type FeatureDocument } from './features';
import { chance, int, pick, type Rng, TOKENS } from './generate';

export interface Check {
  readonly rng: Rng;
  /** Runs one call of the code under test: a throw, or a call over the time budget, is a failure. */
  call<T>(name: string, fn: () => T): T | undefined;
  /** A failure of `oracle` unless `ok` (the message is built only on failure). */
  expect(ok: boolean, oracle: string, message: () => string): void;
}

export interface FuzzTarget<I = string> {
  readonly name: string;
  readonly description: string;
  /** Takes every `every`-th input of the run (1: all of them). */
  readonly every: number;
  /** Its own inputs (default: the shared .tcpfsm documents). */
  readonly generate?: (rng: Rng) => I;
  /** How a reproducer stores an input, and reads it back (default: the text itself). */
  readonly encode?: (input: I) => string;
  readonly decode?: (stored: string) => I;
  /** The size of an input in bytes, for the time budget (default: its length). */
  readonly size?: (input: I) => number;
  run(input: I, check: Check): void;
}

// ---------------------------------------------------------------------------------------------
// oracles shared by the targets

const squeeze = (s: string) => s.replace(/\s+/g, '');
const lineCount = (s: string) => s.split(/\r\n|\r|\n/).length;
const syntaxErrors = (text: string) => parse(text).items.reduce((n, i) => n + i.errors.length, 0);
const brief = (d: Diagnostic) => `${d.code}@${d.span.start}-${d.span.end} ${d.severity}: ${d.message}`;

function spansInside(check: Check, what: string, text: string, spans: readonly Span[]): void {
  for (const s of spans) {
    check.expect(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length,
      'span-inside', () => `${what}: span ${JSON.stringify(s)} outside the text (length ${text.length})`);
  }
}

/** Edits that do not overlap, inside the text. */
function editsWellFormed(check: Check, what: string, text: string, edits: readonly TextEdit[]): boolean {
  spansInside(check, what, text, edits.map((e) => e.span));
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].span.start < sorted[i - 1].span.end) {
      check.expect(false, 'edits-overlap', () => `${what}: edits ${JSON.stringify(sorted[i - 1].span)} and ${JSON.stringify(sorted[i].span)} overlap`);
      return false;
    }
  }
  return true;
}

/** Applying `edits` adds no syntax error (quick fixes, rename, the canonical-names action). */
function leavesParseable(check: Check, what: string, text: string, edits: readonly TextEdit[], before: number): void {
  if (!editsWellFormed(check, what, text, edits)) return;
  const after = applyEdits(text, edits);
  const errors = syntaxErrors(after);
  check.expect(errors <= before, 'fix-parses', () => `${what} leaves ${errors} syntax errors where there were ${before}: ${JSON.stringify(after.slice(0, 300))}`);
}

function* blockItems(analysis: IncrementalAnalysis): Generator<Item> {
  for (const b of analysis.blocks()) yield parseItem(analysis.source, b.itemStart);
}

function formatOracles(check: Check, text: string, analysis: IncrementalAnalysis): void {
  const edits = check.call('formatting', () => formatEdits(text, blockItems(analysis)));
  if (!edits || !editsWellFormed(check, 'formatting', text, edits)) return;
  const once = applyEdits(text, edits);
  check.expect(squeeze(once) === squeeze(text), 'format-whitespace-only', () => `formatting changed more than whitespace: ${JSON.stringify(once.slice(0, 300))}`);
  check.expect(lineCount(once) === lineCount(text), 'format-line-count', () => `formatting changed the line count ${lineCount(text)} → ${lineCount(once)}`);
  const again = check.call('formatting', () => formatEdits(once, parse(once).items));
  check.expect(again !== undefined && again.length === 0, 'format-idempotent', () => `formatting twice changes more: ${JSON.stringify(again?.slice(0, 3))}`);
  const before = analysis.diagnostics().map((d) => d.code).sort().join();
  const after = analyze(once).diagnostics.map((d) => d.code).sort().join();
  check.expect(before === after, 'format-keeps-diagnostics', () => `formatting changed the diagnostics: ${before} → ${after}`);
  // A range: formatting it is whitespace only too.
  const a = int(check.rng, text.length + 1);
  const range = { start: a, end: Math.min(text.length, a + int(check.rng, 400)) };
  const ranged = check.call('rangeFormatting', () => formatEdits(text, blockItems(analysis), range));
  if (ranged && editsWellFormed(check, 'rangeFormatting', text, ranged)) {
    const out = applyEdits(text, ranged);
    check.expect(squeeze(out) === squeeze(text) && lineCount(out) === lineCount(text), 'format-whitespace-only',
      () => `range formatting ${JSON.stringify(range)} changed more than whitespace`);
  }
}

function fixOracles(check: Check, text: string, analysis: IncrementalAnalysis): void {
  const diagnostics = analysis.diagnostics();
  if (diagnostics.length === 0) return;
  const before = syntaxErrors(text);
  for (let k = 0; k < 6; k++) {
    const d = pick(check.rng, diagnostics);
    const fixes = check.call('codeAction', () => quickFixes(diagnostics, d.span, analysis)) ?? [];
    for (const fix of fixes) leavesParseable(check, `the fix "${fix.title}" of ${brief(fix.diagnostic ?? d)}`, text, fix.edits, before);
  }
  const canonical = check.call('canonicalNames', () => canonicalNamesFix(analysis.file));
  if (canonical) leavesParseable(check, 'Use canonical state names', text, canonical.edits, before);
}

// ---------------------------------------------------------------------------------------------
// the targets

/** parse + check + simulate: the whole-file analysis and the CLI's trace. */
const core: FuzzTarget = {
  name: 'core',
  description: 'parse + check + simulate (analyze, trace)',
  every: 1,
  run(text, check) {
    const analysis = check.call('analyze', () => analyze(text));
    if (!analysis) return;
    const ds = analysis.diagnostics;
    spansInside(check, 'diagnostics', text, ds.map((d) => d.span));
    for (let i = 1; i < ds.length; i++) {
      if (ds[i].span.start < ds[i - 1].span.start) {
        check.expect(false, 'diagnostics-sorted', () => `diagnostic ${brief(ds[i])} comes after ${brief(ds[i - 1])}`);
        break;
      }
    }
    check.call('trace', () => traceConversations(text));
  },
};

/** Every editor feature at random offsets, with the formatting and quick-fix oracles. */
const features: FuzzTarget = {
  name: 'features',
  description: 'every feature at random offsets; format and fix oracles',
  every: 20,
  run(text, check) {
    const analysis = check.call('analyze', () => new IncrementalAnalysis(text));
    if (!analysis) return;
    const doc: FeatureDocument = { analysis, lines: new LineIndex(text) };
    const whole = { start: 0, end: text.length };
    const offsets = [int(check.rng, text.length + 1), int(check.rng, text.length + 1), text.length];
    const ds = analysis.diagnostics();
    if (ds.length > 0) offsets.push(pick(check.rng, ds).span.start);
    for (const feature of FEATURES) {
      if (feature.scope === 'document') {
        check.call(feature.name, () => feature.run(doc, 0, whole));
        continue;
      }
      for (const offset of offsets) {
        const range = { start: offset, end: Math.min(text.length, offset + int(check.rng, 300)) };
        const result = check.call(feature.name, () => feature.run(doc, offset, range));
        if (feature.name === 'hover' && result && typeof result === 'object' && 'span' in result) spansInside(check, 'hover', text, [(result as { span: Span }).span]);
      }
    }
    formatOracles(check, text, analysis);
    fixOracles(check, text, analysis);
    const offset = pick(check.rng, offsets);
    const renamed = check.call('rename', () => renamePeer(text, analysis.itemAt(offset), offset, pick(check.rng, ['b', 'peer_2', 'client'])));
    if (renamed && 'edits' in renamed) leavesParseable(check, 'rename', text, renamed.edits, syntaxErrors(text));
  },
};

const INSERTS = ['', '\n', '\r', '\r\n', '}', '{', '"', 'scenario "e" {\n', '  CLOSED -> LISTEN : listen\n', '  client: connect\n', 'é', '\ud83d\ude42'];

/**
 * Random edits as a client sends them (reversed ranges, past the end, inside a CR LF pair, odd
 * numbers) through the LSP documents layer: the incremental analysis equals a fresh one, and
 * the line index equals a fresh one of the text.
 */
const incremental: FuzzTarget = {
  name: 'incremental',
  description: 'random edits through the LSP documents layer: incremental == fresh, line index whole',
  every: 20,
  run(text, check) {
    const rng = check.rng;
    const open = check.call('open', () => new OpenDocument(TextDocument.create('file:///fuzz.tcpfsm', 'tcpfsm', 1, text)));
    if (!open) return;
    let version = 1;
    const batches = 1 + int(rng, 8);
    for (let b = 0; b < batches; b++) {
      const lines = open.doc.lineCount;
      const position = () => ({
        line: chance(rng, 0.1) ? lines + int(rng, 5) : chance(rng, 0.03) ? Number.NaN : int(rng, lines),
        character: chance(rng, 0.2) ? int(rng, 500) : int(rng, 30),
      });
      const changes = Array.from({ length: 1 + int(rng, 3) }, () => (chance(rng, 0.03)
        ? { text: chance(rng, 0.5) ? '' : `${text.slice(0, 200)}` }
        : { range: { start: position(), end: position() }, text: chance(rng, 0.7) ? pick(rng, INSERTS) : pick(rng, TOKENS) }));
      check.call('didChange', () => open.applyChanges(changes, ++version));
      if (chance(rng, 0.5) && b < batches - 1) continue;
      const now = open.doc.getText();
      const incrementalDiagnostics = check.call('diagnostics', () => open.current().diagnostics().map(brief));
      const fresh = analyze(now).diagnostics.map(brief);
      check.expect(JSON.stringify(incrementalDiagnostics) === JSON.stringify(fresh), 'incremental-equals-fresh',
        () => `after edits ${JSON.stringify(changes)}: incremental ${JSON.stringify(incrementalDiagnostics?.slice(0, 4))} ≠ fresh ${JSON.stringify(fresh.slice(0, 4))}`);
      const index = new LineIndex(now);
      check.expect(open.doc.lineCount === index.lineCount, 'line-index', () => `line count ${open.doc.lineCount} ≠ ${index.lineCount} of the text`);
      for (let k = 0; k < 12; k++) {
        const offset = int(rng, now.length + 1);
        // Inside a CR LF pair is no position: the library says the line's end, the index the column.
        if (now.charCodeAt(offset - 1) === 13 && now.charCodeAt(offset) === 10) continue;
        const a = open.doc.positionAt(offset);
        const e = index.positionAt(offset);
        check.expect(a.line === e.line && a.character === e.character, 'line-index',
          () => `offset ${offset}: the document says ${JSON.stringify(a)}, a fresh index ${JSON.stringify(e)}`);
        check.expect(open.doc.offsetAt(e) === index.offsetAt(e), 'line-index', () => `position ${JSON.stringify(e)}: offsets differ`);
      }
    }
  },
};

/** The real captures (pcap, pcapng, tcpdump text) the capture target damages. */
const CAPTURES: readonly Uint8Array[] = (() => {
  const dir = path.join(__dirname, '../fixtures/captures');
  return fs.readdirSync(dir).filter((f) => /\.(pcap|pcapng)$|tcpdump\.txt$/.test(f)).sort()
    .map((f) => new Uint8Array(fs.readFileSync(path.join(dir, f))));
})();

/**
 * Random damage to real captures (bytes set, cut, inserted, a record's length field changed)
 * through the readers and the import: no exception, every error a structured one, and every
 * imported conversation parses and checks (its text is what the engine did, so no syntax error).
 */
const capture: FuzzTarget<Uint8Array> = {
  name: 'capture',
  description: 'damaged real captures: read, group, import, check the imported text',
  every: 50,
  generate(rng) {
    const bytes = Array.from(pick(rng, CAPTURES));
    const edits = 1 + int(rng, 6);
    for (let e = 0; e < edits; e++) {
      const at = int(rng, Math.max(1, bytes.length));
      const kind = int(rng, 4);
      if (kind === 0) bytes[at] = int(rng, 256);
      else if (kind === 1) bytes.splice(at);
      else if (kind === 2) bytes.splice(at, 0, int(rng, 256));
      else bytes.splice(at, 4, ...[int(rng, 256), int(rng, 256), 0, 0]);
    }
    return new Uint8Array(bytes);
  },
  encode: (input) => Buffer.from(input).toString('base64'),
  decode: (stored) => new Uint8Array(Buffer.from(stored, 'base64')),
  size: (input) => input.length,
  run(input, check) {
    const read = check.call('readCapture', () => readCapture(input));
    if (!read) return;
    check.expect(read.error === undefined || typeof read.error.kind === 'string', 'structured-error', () => `error ${String(read.error)}`);
    const conns = check.call('groupConnections', () => groupConnections(read.packets)) ?? [];
    for (const conn of conns) {
      const imported = check.call('importConnection', () => importConnection(conn));
      if (!imported) continue;
      check.expect(syntaxErrors(imported.text) === 0, 'import-parses', () => `imported text has syntax errors:\n${imported.text.slice(0, 400)}`);
      check.call('analyze import', () => analyze(imported.text));
    }
  },
};

// Add a target at the end of the list (and describe it in ARCHITECTURE.md's codemap).
export const TARGETS: readonly FuzzTarget<unknown>[] = [core, features, incremental, capture] as FuzzTarget<unknown>[];
