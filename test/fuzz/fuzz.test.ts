// The fuzzer, short and seeded, so that a regression fails CI (the full run is `npm run fuzz`):
// every kept reproducer (test/fuzz/reproducers/) through every target, then 2,000 fresh inputs
// through parse + check + simulate, 100 of them through every feature and through random edits.
// The time budget per call is generous here (a shared machine pauses); it catches hangs and
// slow paths that are slower by orders of magnitude, which is what the reproducers are.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Budget, readReproducers, runFuzz, runTarget, table } from './engine';
import { rngOf } from './generate';
import { TARGETS } from './targets';

/** Fresh inputs: a generous budget (hangs and gross slow paths only). */
const BUDGET: Budget = { baseMs: 2_000, perKbMs: 20 };
/** The reproducers of slow paths were slower than this by several times before their fix. */
const REPLAY_BUDGET: Budget = { baseMs: 500, perKbMs: 3 };

describe('fuzz (short, seeded)', () => {
  it('every kept reproducer passes every target', () => {
    const reproducers = readReproducers();
    assert.ok(reproducers.length > 0, 'the reproducers are found');
    const failures: string[] = [];
    for (const r of reproducers) {
      const own = TARGETS.find((t) => t.name === r.target);
      for (const target of TARGETS) {
        // A target with inputs of its own kind (a capture's bytes) replays only its own reproducers.
        if ((target.generate || own?.generate) && r.target !== target.name) continue;
        for (const f of runTarget(target, r.input, rngOf(r.seed), REPLAY_BUDGET)) failures.push(`${r.file}: ${f.target} / ${f.oracle}: ${f.message}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('2,000 generated inputs: no exception, no slow call, every oracle holds', () => {
    const report = runFuzz({ seed: 14, inputs: 2_000, timeLimitMs: 120_000, big: false, budget: BUDGET });
    assert.equal(report.stopped, 'done', table(report));
    assert.deepEqual(report.stats.map((s) => [s.name, s.inputs]), [['core', 2_000], ['features', 100], ['incremental', 100], ['capture', 40]]);
    assert.deepEqual(report.failures.map((f) => `${f.target} / ${f.oracle}: ${f.message}`), [], table(report));
  });
});
