// The preview's pure parts (client/src/diagram): which block is drawn while the text has syntax
// errors (stale handling), which block a cursor line belongs to, the latest-wins request
// scheduling, and the exported file's name and PNG bytes.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockIndexAt } from '../../client/src/diagram/blocks';
import { exportFileName, pngBytes } from '../../client/src/diagram/exportName';
import { LatestOnly } from '../../client/src/diagram/schedule';
import { isSameBlock, nextShown } from '../../client/src/diagram/stale';
import type { ShownDiagram } from '../../client/src/webview/messages';
import type {
  BlockDiagram, BlockSummary, ConversationDiagram, DiagramModel, ScenarioDiagram, SourceRange,
} from '../../server/src/protocol/diagram';

const URI = 'file:///work/a.tcpfsm';

function lines(start: number, end: number): SourceRange {
  return { start: { line: start, character: 0 }, end: { line: end, character: 1 } };
}

function scenario(index: number, name: string | undefined, syntaxErrors = 0, steps = 1): ScenarioDiagram {
  const range = lines(index * 10, index * 10 + 5);
  return {
    kind: 'scenario', index, name, range, syntaxErrors, stack: 'rfc9293',
    steps: Array.from({ length: steps }, (_, i) => ({
      number: i + 1, from: 'CLOSED', to: 'LISTEN', edgeId: 0, ok: true, range: lines(index * 10 + 1 + i, index * 10 + 1 + i),
    })),
  };
}

function conversation(index: number, name: string | undefined, syntaxErrors = 0): ConversationDiagram {
  return {
    kind: 'conversation', index, name, range: lines(index * 10, index * 10 + 5), syntaxErrors,
    peers: ['client', 'server'], stacks: ['rfc9293', 'rfc9293'], start: ['CLOSED', 'LISTEN'], timed: false, events: [], segments: [], paths: [[], []],
    owedAcks: [],
  };
}

function model(current: BlockDiagram | undefined, uri = URI, version = 1): DiagramModel {
  const blocks: BlockSummary[] = current ? [{ index: current.index, kind: current.kind, name: current.name, range: current.range }] : [];
  return { uri, version, states: [], edges: [], blocks, current };
}

/** Shows each model in turn, as the panel does, and returns every ShownDiagram. */
function showAll(models: DiagramModel[]): ShownDiagram[] {
  const shown: ShownDiagram[] = [];
  let previous: ShownDiagram | undefined;
  for (const m of models) {
    previous = nextShown(previous, m);
    shown.push(previous);
  }
  return shown;
}

describe('nextShown: the last good drawing while the block has syntax errors', () => {
  it('shows the current block when nothing was shown yet, errors or not', () => {
    const good = scenario(0, 'A');
    assert.deepEqual(nextShown(undefined, model(good)), { model: model(good), block: good, stale: false });
    const broken = scenario(0, 'A', 2);
    assert.deepEqual(nextShown(undefined, model(broken)), { model: model(broken), block: broken, stale: false });
  });

  it('keeps the previous good block, marked stale, while the same block has syntax errors', () => {
    const good = scenario(0, 'A', 0, 3);
    const broken = scenario(0, 'A', 1, 1);
    const next = nextShown({ model: model(good), block: good, stale: false }, model(broken, URI, 2));
    assert.equal(next.stale, true);
    assert.equal(next.block, good, 'the previous drawing, not the broken one');
    assert.equal(next.model.version, 2, 'the model is the new one (blocks, cursor lookup)');
  });

  it('stays on the last good block across several broken edits, and leaves it when the errors are fixed', () => {
    const good = scenario(0, 'A', 0, 2);
    const broken1 = scenario(0, 'A', 1, 1);
    const broken2 = scenario(0, 'A', 3, 0);
    const fixed = scenario(0, 'A', 0, 3);
    const shown = showAll([model(good), model(broken1), model(broken2), model(fixed)]);
    assert.deepEqual(shown.map((s) => [s.block, s.stale]), [[good, false], [good, true], [good, true], [fixed, false]]);
  });

  it('recognises the same block by its name when its position changed (a block inserted above)', () => {
    const good = scenario(0, 'A');
    const moved = scenario(1, 'A', 1);
    assert.equal(nextShown({ model: model(good), block: good, stale: false }, model(moved)).block, good);
  });

  it('recognises the same block by its position when its name is being edited', () => {
    const good = scenario(2, 'Active open');
    const renaming = scenario(2, 'Active op', 1);
    const unnamed = scenario(2, undefined, 1);
    assert.equal(nextShown({ model: model(good), block: good, stale: false }, model(renaming)).stale, true);
    assert.equal(nextShown({ model: model(good), block: good, stale: false }, model(unnamed)).stale, true);
  });

  it('shows a different block as it is, even with syntax errors (the cursor moved)', () => {
    const a = scenario(0, 'A');
    const b = scenario(1, 'B', 2);
    assert.deepEqual(nextShown({ model: model(a), block: a, stale: false }, model(b)), { model: model(b), block: b, stale: false });
  });

  it('does not keep a scenario drawing for a conversation at the same position', () => {
    const s = scenario(0, 'X');
    const c = conversation(0, 'X', 1);
    assert.equal(isSameBlock(s, c), false);
    assert.deepEqual(nextShown({ model: model(s), block: s, stale: false }, model(c)), { model: model(c), block: c, stale: false });
  });

  it('keeps a conversation drawing the same way', () => {
    const good = conversation(1, 'Handshake');
    const broken = conversation(1, 'Handshake', 1);
    const next = nextShown({ model: model(good), block: good, stale: false }, model(broken));
    assert.deepEqual([next.block, next.stale], [good, true]);
  });

  it('never keeps a drawing that itself had syntax errors', () => {
    const broken1 = scenario(0, 'A', 1, 1);
    const broken2 = scenario(0, 'A', 1, 2);
    const next = nextShown({ model: model(broken1), block: broken1, stale: false }, model(broken2));
    assert.deepEqual([next.block, next.stale], [broken2, false]);
  });

  it('never keeps a drawing of another document (the preview followed another editor)', () => {
    const good = scenario(0, 'A');
    const other = scenario(0, 'A', 1);
    const next = nextShown({ model: model(good), block: good, stale: false }, model(other, 'file:///work/b.tcpfsm'));
    assert.deepEqual([next.block, next.stale], [other, false]);
  });

  it('shows nothing, not stale, when the file has no block any more', () => {
    const good = scenario(0, 'A');
    assert.deepEqual(nextShown({ model: model(good), block: good, stale: false }, model(undefined)),
      { model: model(undefined), block: undefined, stale: false });
  });
});

describe('blockIndexAt: the block a cursor line selects (the server rule)', () => {
  const blocks: BlockSummary[] = [
    { index: 0, kind: 'scenario', name: 'A', range: lines(3, 6) },
    { index: 1, kind: 'conversation', name: 'B', range: lines(9, 15) },
  ];
  it('is the block holding the line, first and last lines included', () => {
    assert.deepEqual([3, 4, 6, 9, 12, 15].map((l) => blockIndexAt(blocks, l)), [0, 0, 0, 1, 1, 1]);
  });
  it('is the last block before the line between and after blocks, else the first', () => {
    assert.deepEqual([7, 8, 16, 100].map((l) => blockIndexAt(blocks, l)), [0, 0, 1, 1]);
    assert.deepEqual([0, 2].map((l) => blockIndexAt(blocks, l)), [0, 0]);
  });
  it('is undefined for a file without blocks', () => {
    assert.equal(blockIndexAt([], 0), undefined);
  });
});

describe('LatestOnly: one request in flight, the latest wins', () => {
  /** A job whose runs finish when the test says so. */
  function controlledJob() {
    const runs: Array<() => void> = [];
    let started = 0;
    const job = () => new Promise<void>((resolve) => {
      started++;
      runs.push(resolve);
    });
    return { job, runs, started: () => started };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at once when idle', async () => {
    const c = controlledJob();
    const latest = new LatestOnly(c.job);
    latest.schedule();
    assert.equal(c.started(), 1);
    assert.equal(latest.busy, true);
    c.runs[0]();
    await latest.idle();
    assert.equal(latest.busy, false);
  });

  it('a burst while a run is in flight gives exactly one more run, after it', async () => {
    const c = controlledJob();
    const latest = new LatestOnly(c.job);
    latest.schedule();
    for (let i = 0; i < 10; i++) latest.schedule();
    assert.equal(c.started(), 1, 'never two in flight');
    c.runs[0]();
    await tick();
    assert.equal(c.started(), 2, 'one more run for the whole burst');
    c.runs[1]();
    await latest.idle();
    assert.equal(c.started(), 2);
  });

  it('a failing run is reported and does not stop the next', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const latest = new LatestOnly(async () => {
      calls++;
      if (calls === 1) throw new Error('server gone');
    }, (error) => errors.push(error));
    latest.schedule();
    latest.schedule();
    await latest.idle();
    assert.equal(calls, 2);
    assert.deepEqual(errors.map((e) => (e as Error).message), ['server gone']);
  });
});

describe('export file names and PNG data', () => {
  it('replaces .tcpfsm by the format', () => {
    assert.equal(exportFileName('active-open.tcpfsm', 'svg'), 'active-open.svg');
    assert.equal(exportFileName('a.b.TCPFSM', 'png'), 'a.b.png');
    assert.equal(exportFileName('Untitled-1', 'svg'), 'Untitled-1.svg');
    assert.equal(exportFileName('.tcpfsm', 'svg'), 'diagram.svg');
  });

  it('decodes a PNG data URL and refuses anything else', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    assert.deepEqual(pngBytes(`data:image/png;base64,${png.toString('base64')}`), new Uint8Array(png));
    assert.equal(pngBytes(`data:image/jpeg;base64,${png.toString('base64')}`), undefined);
    assert.equal(pngBytes(`data:image/png;base64,${Buffer.from('<svg/>').toString('base64')}`), undefined);
    assert.equal(pngBytes('<svg></svg>'), undefined);
    // Line breaks inside the base64 are allowed; broken padding is refused, not thrown.
    const wrapped = png.toString('base64').replace(/(.{4})/g, '$1\n');
    assert.deepEqual(pngBytes(`data:image/png;base64,${wrapped}`), new Uint8Array(png));
    assert.equal(pngBytes('data:image/png;base64,iVBORw0KGgoA='), undefined);
  });
});
