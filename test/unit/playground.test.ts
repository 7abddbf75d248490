// The preview's playground (service/playground.ts): what may be appended to the block now and
// where. Every choice offered, appended where it says, checks clean — on every block of every
// example — and the insertion keeps the block's layout (indentation, comments, `}` on its line).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/service/analyze';
import { complete } from '../../server/src/service/complete';
import { playgroundOf } from '../../server/src/service/playground';
import { LineIndex } from '../../server/src/syntax/lines';
import { parse } from '../../server/src/syntax/parser';
import { ROOT } from '../support/fixtures';

/** The playground of the block holding `marker`'s first occurrence (the first block when none). */
function playgroundAt(text: string, blockIndex = 0) {
  const lines = new LineIndex(text);
  const items = parse(text).items.filter((i) => i.block);
  return playgroundOf(text, items[blockIndex], (o) => lines.positionAt(o))!;
}

/** `text` with `line` appended as the playground does it. */
function append(text: string, blockIndex: number, line: string): string {
  const p = playgroundAt(text, blockIndex);
  const at = new LineIndex(text).offsetAt(p.insertAt);
  return text.slice(0, at) + p.prefix + line + p.suffix + text.slice(at);
}

const errors = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}@${d.span.start}`);

function examples(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? examples(path.join(dir, e.name)) : e.name.endsWith('.tcpfsm') && e.name !== 'diagnostics.tcpfsm' ? [path.join(dir, e.name)] : []);
}

describe('playground', () => {
  it('a conversation: each peer\'s legal events, exactly as completion offers them on a new last line, the arriving segment first', () => {
    const text = 'conversation "H" {\n  server: listen\n  client: connect\n}\n';
    const p = playgroundAt(text);
    for (const [peer, name] of [[0, 'client'], [1, 'server']] as const) {
      const typed = `conversation "H" {\n  server: listen\n  client: connect\n  ${name}: `;
      const offered = complete(`${typed}\n}\n`, typed.length).filter((e) => e.label !== 'recv old');
      assert.deepEqual(p.choices.filter((c) => c.peer === peer).map((c) => [c.label, c.detail]), offered.map((e) => [e.label, e.detail]), name);
    }
    assert.deepEqual(p.choices.filter((c) => c.peer === 1).map((c) => c.line).slice(0, 2), ['server: recv SYN', 'server: connect']);
    assert.match(p.choices.find((c) => c.line === 'server: recv SYN')?.detail ?? '', /^LISTEN → SYN_RECEIVED, sends SYN\+ACK/);
    assert.ok(!p.choices.some((c) => c.line === 'client: connect'), 'a peer in SYN_SENT cannot connect again');
    assert.equal(append(text, 0, 'server: recv SYN'), 'conversation "H" {\n  server: listen\n  client: connect\n  server: recv SYN\n}\n');
  });

  it('a timed conversation: a timer that cannot fire yet is written at the earliest time it can', () => {
    const text = 'conversation "T" {\n  stack linux\n  start client FIN_WAIT_2, server CLOSE_WAIT\n  0 server: close\n  0.1 client: recv FIN\n}\n';
    const choice = playgroundAt(text).choices.find((c) => c.label === 'timeout 2MSL');
    assert.equal(choice?.line, '60.1 client: timeout 2MSL');
    assert.deepEqual(errors(append(text, 0, choice!.line)), []);
  });

  it('a scenario: the edges out of its last state (CLOSED when it has none), main edges first', () => {
    const text = 'scenario "S" {\n  CLOSED -> LISTEN : listen\n}\n';
    assert.deepEqual(playgroundAt(text).choices.slice(0, 2).map((c) => [c.line, c.label, c.exceptional ?? false]), [
      ['LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK', '→ SYN_RECEIVED', false],
      ['LISTEN -> SYN_SENT : send data / send SYN', '→ SYN_SENT', false],
    ]);
    assert.ok(playgroundAt(text).choices.some((c) => c.exceptional));
    assert.deepEqual(playgroundAt('scenario "E" {\n}\n').choices.slice(0, 2).map((c) => c.line), ['CLOSED -> LISTEN : listen', 'CLOSED -> SYN_SENT : connect / send SYN']);
  });

  it('keeps the layout: indentation, a trailing comment, an empty block, `}` on the content\'s line, CRLF', () => {
    assert.equal(append('scenario "S" {\n    CLOSED -> LISTEN   # passive\n}\n', 0, 'X'), 'scenario "S" {\n    CLOSED -> LISTEN   # passive\n    X\n}\n');
    assert.equal(append('scenario "S" {\n}\n', 0, 'X'), 'scenario "S" {\n  X\n}\n');
    assert.equal(append('scenario "S" { CLOSED -> LISTEN }\n', 0, 'X'), 'scenario "S" { CLOSED -> LISTEN \n  X\n}\n');
    assert.equal(append('scenario "S" {\r\n  CLOSED -> LISTEN\r\n}\r\n', 0, 'X'), 'scenario "S" {\r\n  CLOSED -> LISTEN\r\n  X\r\n}\r\n');
    // The second block of a file.
    assert.equal(append('scenario "A" {\n}\nscenario "B" {\n  CLOSED -> LISTEN\n}\n', 1, 'X'), 'scenario "A" {\n}\nscenario "B" {\n  CLOSED -> LISTEN\n  X\n}\n');
  });

  it('every choice on every block of every example, appended, adds no error', () => {
    let checked = 0;
    for (const file of examples(path.join(ROOT, 'examples'))) {
      const text = fs.readFileSync(file, 'utf8');
      const before = errors(text);
      const blocks = parse(text).items.filter((i) => i.block).length;
      for (let b = 0; b < blocks; b++) {
        for (const choice of playgroundAt(text, b).choices) {
          const after = append(text, b, choice.line);
          // Errors after the insertion point shift; compare how many there are.
          assert.equal(errors(after).length, before.length, `${path.relative(ROOT, file)} block ${b + 1} + ${choice.line}: ${errors(after).join(', ')}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 150, `${checked} lines checked`);
  });
});
