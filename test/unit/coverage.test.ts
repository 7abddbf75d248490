// The fixtures cover the table: every edge and staying step is taken by some scenario step of
// the fixtures and examples, and every staying step or edge the engine can take is taken by some
// conversation fixture (so a new rule without a fixture fails here).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { scenarioHops } from '../../server/src/service/check';
import { simulate } from '../../server/src/service/simulate';
import { parse } from '../../server/src/syntax/parser';
import { type Edge, EDGES, writtenLabel } from '../../server/src/tcp/machine';
import { listFixtures, ROOT } from '../support/fixtures';

const DIRS = ['test/fixtures/check', 'test/fixtures/parse', 'test/fixtures/events', 'examples', 'examples/conversations', 'examples/real-world', 'examples/real-world/captures'];

function blocks() {
  return DIRS.flatMap((dir) => listFixtures(path.join(ROOT, dir))).flatMap((file) => parse(fs.readFileSync(file, 'utf8')).items.map((i) => i.block).filter((b) => b !== undefined));
}

const name = (e: Edge) => `${e.from} -> ${e.to} : ${writtenLabel(e)} (${e.kind})`;

describe('fixtures cover the table', () => {
  it('every edge and staying step is written in some scenario', () => {
    const taken = new Set<Edge>();
    for (const b of blocks()) if (b.kind === 'scenario') for (const hop of scenarioHops(b)) if (hop.edge) taken.add(hop.edge);
    assert.deepEqual(EDGES.filter((e) => !taken.has(e)).map(name), []);
  });

  it('every edge the engine can take is taken by some conversation fixture or example', () => {
    const taken = new Set<Edge>();
    for (const b of blocks()) {
      if (b.kind !== 'conversation') continue;
      for (const step of simulate(b, []).steps) for (const s of step.steps) if (s.edge) taken.add(s.edge);
    }
    // Note 3's `send RST` into TIME_WAIT has no event that takes it, and a bare `send ACK`
    // in the table is written as an event of its own.
    const untakeable = (e: Edge) => e.kind === 'exceptional' && e.to === 'TIME_WAIT' && e.triggers.length === 0;
    assert.deepEqual(EDGES.filter((e) => !untakeable(e) && !taken.has(e)).map(name), []);
  });
});
