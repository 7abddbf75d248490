// The fuzzing engine: makes the inputs (generate.ts), runs each target of TARGETS (targets.ts) on
// its share of them with a time budget per call, counts calls and failures, shrinks the first
// input of each kind of failure to a small reproducer, and keeps reproducers as files in
// test/fuzz/reproducers/ (replayed through every target by `npm test`).

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { documentSource, rngOf, type Rng } from './generate';
import { type Check, type FuzzTarget, TARGETS } from './targets';

export const REPRODUCERS = path.join(__dirname, 'reproducers');

/** A call may take BASE_MS plus PER_KB_MS per kilobyte of input (CPU time) before it is a failure. */
export interface Budget {
  readonly baseMs: number;
  readonly perKbMs: number;
}
// 5 ms per KB: a document whose every line is a syntax error costs about 3 (100,000 diagnostics
// for 200 KB); a slow path (quadratic, exponential) goes far past it.
export const DEFAULT_BUDGET: Budget = { baseMs: 250, perKbMs: 5 };

export interface Failure {
  readonly target: string;
  readonly oracle: string;
  message: string;
}

/** A failure with its input and the seed of the target's random choices (offsets, edits). */
export interface FoundFailure extends Failure {
  input: unknown;
  readonly seed: number;
  count: number;
  reproducer?: string;
}

export interface TargetStats {
  readonly name: string;
  inputs: number;
  calls: number;
  bytes: number;
  failures: number;
  slowestMs: number;
  slowestCall: string;
  slowestBytes: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly inputs: number;
  readonly seconds: number;
  readonly stats: readonly TargetStats[];
  /** The first failures of each kind (target and oracle), with the input, shrunk when asked. */
  readonly failures: readonly FoundFailure[];
  /** Why the run ended: all inputs done, or the time limit. */
  readonly stopped: 'done' | 'time';
}

function budgetMs(budget: Budget, bytes: number): number {
  return budget.baseMs + (budget.perKbMs * bytes) / 1024;
}

/**
 * CPU milliseconds of this process (user + system) since `since`: the time a call took that other
 * processes on a shared machine cannot inflate (wall time can be ten times as long there).
 */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * Runs `target` on one input; returns its failures. A call over the budget (in CPU time) is run
 * again and is a failure only when it is slow twice (a garbage collection is not a slow path).
 */
export function runTarget(target: FuzzTarget<unknown>, input: unknown, rng: Rng, budget: Budget, stats?: TargetStats): Failure[] {
  const failures: Failure[] = [];
  const bytes = target.size ? target.size(input) : (input as string).length;
  const limit = budgetMs(budget, bytes);
  const check: Check = {
    rng,
    call<T>(name: string, fn: () => T): T | undefined {
      if (stats) stats.calls++;
      let result: T;
      let ms: number;
      try {
        const t0 = process.cpuUsage();
        result = fn();
        ms = cpuMs(t0);
        if (ms > limit) {
          const t1 = process.cpuUsage();
          fn();
          ms = Math.min(ms, cpuMs(t1));
        }
      } catch (err) {
        const e = err as Error;
        failures.push({ target: target.name, oracle: `exception in ${name}`, message: `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}\n${(e?.stack ?? '').split('\n').slice(1, 6).join('\n')}` });
        return undefined;
      }
      if (stats && ms > stats.slowestMs) {
        stats.slowestMs = ms;
        stats.slowestCall = name;
        stats.slowestBytes = bytes;
      }
      if (ms > limit) failures.push({ target: target.name, oracle: `slow ${name}`, message: `${name} took ${ms.toFixed(0)} ms on ${bytes} bytes (budget ${limit.toFixed(0)} ms)` });
      return result;
    },
    expect(ok, oracle, message) {
      if (!ok) failures.push({ target: target.name, oracle, message: message() });
    },
  };
  try {
    target.run(input, check);
  } catch (err) {
    failures.push({ target: target.name, oracle: 'exception in the target', message: String((err as Error)?.stack ?? err) });
  }
  return failures;
}

/** The seed of input `i`'s private generator (so a failing input is made again from the seed alone). */
const inputSeed = (seed: number, i: number) => (Math.imul(seed ^ 0x9e3779b9, 2654435761) + Math.imul(i, 40503)) >>> 0;
/** The seed of a target's own random choices on an input: shrinking and replay make the same ones. */
const targetSeed = (input: number, k: number) => (Math.imul(input ^ 0x85ebca6b, 0xc2b2ae35) + k * 0x27d4eb2f) >>> 0;

export interface FuzzOptions {
  readonly seed: number;
  /** Inputs to make; target `core` takes all of them, the others every `every`-th. */
  readonly inputs: number;
  /** Stop after this long even when inputs are left. */
  readonly timeLimitMs: number;
  readonly budget?: Budget;
  /** Share of the inputs of the costly targets grown to 20–400 KB. */
  readonly big?: boolean;
  /** Shrink the first input of each kind of failure (costly). */
  readonly shrink?: boolean;
  /** Write each shrunk failure as a reproducer file. */
  readonly keep?: boolean;
  readonly targets?: readonly FuzzTarget<unknown>[];
  readonly progress?: (done: number, report: () => string) => void;
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const targets = options.targets ?? TARGETS;
  const budget = options.budget ?? DEFAULT_BUDGET;
  const source = documentSource(readReproducers().flatMap((r) => (typeof r.input === 'string' ? [r.input] : [])));
  const stats: TargetStats[] = targets.map((t) => ({ name: t.name, inputs: 0, calls: 0, bytes: 0, failures: 0, slowestMs: 0, slowestCall: '', slowestBytes: 0 }));
  const kinds = new Map<string, FoundFailure>();
  const started = performance.now();
  let i = 0;
  let stopped: FuzzReport['stopped'] = 'done';
  for (; i < options.inputs; i++) {
    if ((i & 63) === 0 && performance.now() - started > options.timeLimitMs) {
      stopped = 'time';
      break;
    }
    const costly = targets.some((t) => t.every > 1 && i % t.every === 0);
    const seedOfInput = inputSeed(options.seed, i);
    const rng = rngOf(seedOfInput);
    const text = source.next(rng, costly && options.big !== false);
    targets.forEach((target, k) => {
      if (i % target.every !== 0) return;
      const seed = targetSeed(seedOfInput, k);
      const own = rngOf(seed);
      const input = target.generate ? target.generate(own) : text;
      const s = stats[k];
      s.inputs++;
      s.bytes += target.size ? target.size(input) : (input as string).length;
      for (const f of runTarget(target, input, own, budget, s)) {
        s.failures++;
        const key = `${f.target}\u0000${f.oracle}`;
        const known = kinds.get(key);
        if (known) known.count++;
        else kinds.set(key, { ...f, input, seed, count: 1 });
      }
    });
    if (options.progress && (i + 1) % 1000 === 0) options.progress(i + 1, () => table({ seed: options.seed, inputs: i + 1, seconds: (performance.now() - started) / 1000, stats, failures: [...kinds.values()], stopped }, false));
  }
  const failures = [...kinds.values()];
  if (options.shrink) {
    for (const f of failures) {
      const target = targets.find((t) => t.name === f.target)!;
      f.input = shrink(target, f.input, f.oracle, budget, f.seed);
      const again = runTarget(target, f.input, rngOf(f.seed), budget).find((g) => g.oracle === f.oracle);
      if (again) f.message = again.message;
      if (options.keep) f.reproducer = keepReproducer(target, f.input, f);
    }
  }
  return { seed: options.seed, inputs: i, seconds: (performance.now() - started) / 1000, stats, failures, stopped };
}

// ---------------------------------------------------------------------------------------------
// shrinking: delta debugging on lines, then on characters, while the same oracle still fails

const SHRINK_MS = 60_000;

function fails(target: FuzzTarget<unknown>, input: unknown, oracle: string, budget: Budget, seed: number): boolean {
  // The same random choices for every try (offsets and edits drawn the same way).
  return runTarget(target, input, rngOf(seed), budget).some((f) => f.oracle === oracle);
}

export function shrink(target: FuzzTarget<unknown>, input: unknown, oracle: string, budget: Budget, seed: number): unknown {
  if (typeof input !== 'string') return input;
  const deadline = performance.now() + SHRINK_MS;
  let best = input;
  for (const unit of ['line', 'char'] as const) {
    let pieces = unit === 'line' ? best.split(/(?<=\n)/) : [...best];
    let n = 2;
    while (pieces.length >= 2 && performance.now() < deadline) {
      const size = Math.ceil(pieces.length / n);
      let reduced = false;
      for (let at = 0; at < pieces.length && performance.now() < deadline; at += size) {
        const candidate = [...pieces.slice(0, at), ...pieces.slice(at + size)];
        if (fails(target, candidate.join(''), oracle, budget, seed)) {
          pieces = candidate;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (n >= pieces.length) break;
        n = Math.min(pieces.length, n * 2);
      }
    }
    best = pieces.join('');
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// reproducers: JSON files {target, oracle, note, seed, text} or, for huge inputs, {parts: [[piece, times]]}

export interface Reproducer {
  readonly file: string;
  readonly target: string;
  readonly oracle: string;
  readonly note: string;
  readonly input: unknown;
  /** The seed of the target's random choices when it failed (replayed with the same). */
  readonly seed: number;
}

export function readReproducers(): Reproducer[] {
  if (!fs.existsSync(REPRODUCERS)) return [];
  return fs.readdirSync(REPRODUCERS).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const data = JSON.parse(fs.readFileSync(path.join(REPRODUCERS, file), 'utf8')) as {
      target: string; oracle: string; note?: string; seed?: number; text?: string; parts?: [string, number][]; stored?: string;
    };
    const target = TARGETS.find((t) => t.name === data.target);
    const text = data.text ?? (data.parts ?? []).map(([piece, times]) => piece.repeat(times)).join('');
    const input = data.stored !== undefined && target?.decode ? target.decode(data.stored) : text;
    return { file, target: data.target, oracle: data.oracle, note: data.note ?? '', input, seed: data.seed ?? 1 };
  });
}

function keepReproducer(target: FuzzTarget<unknown>, input: unknown, failure: FoundFailure): string {
  fs.mkdirSync(REPRODUCERS, { recursive: true });
  const stored = target.encode ? { stored: target.encode(input) } : { text: input as string };
  const hash = crypto.createHash('sha256').update(JSON.stringify(stored)).digest('hex').slice(0, 10);
  const slug = failure.oracle.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const file = `${target.name}-${slug}-${hash}.json`;
  const note = `found by the fuzzer: ${failure.message.split('\n')[0]}`;
  fs.writeFileSync(path.join(REPRODUCERS, file), `${JSON.stringify({ target: target.name, oracle: failure.oracle, note, seed: failure.seed, ...stored }, null, 2)}\n`);
  return file;
}

// ---------------------------------------------------------------------------------------------
// the table

export function table(report: FuzzReport, details = true): string {
  const header = ['target', 'inputs', 'calls', 'MB', 'failures', 'slowest call'];
  const rows = report.stats.map((s) => [
    s.name, s.inputs.toLocaleString('en-US'), s.calls.toLocaleString('en-US'), (s.bytes / 1e6).toFixed(1), String(s.failures),
    s.slowestCall ? `${s.slowestCall} ${s.slowestMs.toFixed(0)} ms on ${(s.slowestBytes / 1024).toFixed(0)} KB` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const out = [
    `fuzz: seed ${report.seed}, ${report.inputs.toLocaleString('en-US')} inputs in ${report.seconds.toFixed(0)} s${report.stopped === 'time' ? ' (stopped by the time limit)' : ''}`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ];
  if (!details && report.failures.length > 0) out.push(`failures so far: ${report.failures.map((f) => `${f.target} / ${f.oracle} (${f.count}×)`).join(', ')}`);
  for (const f of details ? report.failures : []) {
    out.push('', `FAIL ${f.target} / ${f.oracle} (${f.count}×)${f.reproducer ? ` → test/fuzz/reproducers/${f.reproducer}` : ''}`, `  ${f.message.split('\n').join('\n  ')}`);
    if (typeof f.input === 'string') out.push(`  input (${f.input.length} chars): ${JSON.stringify(f.input.length > 400 ? `${f.input.slice(0, 400)}…` : f.input)}`);
  }
  return out.join('\n');
}
