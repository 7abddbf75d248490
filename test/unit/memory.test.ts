// Memory stays flat under edits: nothing kept between edits (the did-you-mean cache, the items'
// summaries and their diagnostics) may hold a piece of an old version of the text, because in V8
// a piece holds the whole version it was cut from. Measured with forced garbage collections.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { IncrementalAnalysis } from '../../server/src/service/incremental';
import { suggestStates } from '../../server/src/service/suggest';
import { detached } from '../../server/src/service/strings';
import { spellingCheck } from '../../server/src/service/spelling';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;
/** About 1 MB of comment lines: each version of the text is that big. */
const PADDING = '# padding line to make every version of the text about one megabyte\n'.repeat(16_000);
const BLOCKS = 40;

function block(i: number, state: string, name = `block ${i}`): string {
  return `scenario "${name}" {\n  CLOSED -> ${state} : listen\n  ESTAB -> CLOSE_WAIT : recv FIN / send ACK\n}\n`;
}

describe('memory under edits', () => {
  it('detached() copies: a kept name does not keep its 1 MB text alive', () => {
    const before = heapUsed();
    const kept: string[] = [];
    for (let i = 0; i < 20; i++) {
      const text = `${PADDING}NAME_OF_SOME_LENGTH_${i}\n`;
      kept.push(detached(text.slice(PADDING.length, PADDING.length + 25)));
    }
    assert.ok(heapUsed() - before < 4 * MB, `${((heapUsed() - before) / MB).toFixed(1)} MB kept`);
    assert.equal(kept[7], 'NAME_OF_SOME_LENGTH_7\n');
  });

  it('editing each block of a 1 MB document once keeps about one version of the text, not one per edit', () => {
    // Each edit writes a new misspelled state (a new did-you-mean cache key, a new unknown-state
    // message), a new block name and an accepted non-rfc spelling (a state-spelling message).
    let text = PADDING + Array.from({ length: BLOCKS }, (_, i) => block(i, 'LISTEN')).join('');
    const analysis = new IncrementalAnalysis(text, spellingCheck('rfc'));
    const before = heapUsed();
    for (let i = 0; i < BLOCKS; i++) {
      const old = block(i, 'LISTEN');
      const at = text.indexOf(old);
      const edited = block(i, `LISTEN_MISSPELLED_AS_EDIT_${i}`, `block ${i} edited ${'x'.repeat(20)}`);
      text = text.slice(0, at) + edited + text.slice(at + old.length);
      analysis.update(text, at, text.length - at - edited.length);
      analysis.diagnostics();
    }
    const grown = heapUsed() - before;
    assert.equal(analysis.diagnostics().filter((d) => d.code === 'unknown-state').length, BLOCKS);
    assert.ok(grown < 6 * MB, `the heap grew by ${(grown / MB).toFixed(1)} MB over ${BLOCKS} edits of a 1 MB text`);
  });

  it('the did-you-mean cache keeps no piece of the text it was asked about', () => {
    const before = heapUsed();
    for (let i = 0; i < 30; i++) {
      const text = `${PADDING}SYN_SENT_TYPO_NUMBER_${i}\n`;
      suggestStates(text.slice(PADDING.length, text.length - 1));
    }
    const grown = heapUsed() - before;
    assert.ok(grown < 4 * MB, `the heap grew by ${(grown / MB).toFixed(1)} MB for 30 cached names`);
  });
});
