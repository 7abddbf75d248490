// Formatting in the core: the exact text of a messy block, lines with syntax errors kept, range
// formatting of one block, minimal edits; and as properties: only whitespace changes, formatting
// twice changes nothing more, and the examples and fixtures keep their diagnostics.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/service/analyze';
import { applyEdits } from '../../server/src/service/edits';
import { formatEdits } from '../../server/src/service/format';
import { LineIndex } from '../../server/src/syntax/lines';
import { parse } from '../../server/src/syntax/parser';
import { listFixtures, ROOT } from '../support/fixtures';

function format(text: string, range?: { start: number; end: number }): string {
  return applyEdits(text, formatEdits(text, parse(text).items, range));
}

const MESSY = [
  '# top comment',
  '   scenario   "Messy"   {   # header comment',
  'CLOSED->SYN_SENT:connect/send SYN',
  '      SYN_SENT   ->   ESTABLISHED :recv SYN + ACK,send ACK # trailing',
  '    # a comment',
  'ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2',
  '   ',
  '',
  '  FIN_WAIT_2 -> TIME_WAIT : rcv FIN , ACK/snd ACK of FIN',
  '  TIME_WAIT => CLOSED',
  '# column-0 comment',
  '\tTIME_WAIT->CLOSED:timeout 2MSL',
  '    }  // end',
  'conversation "c" {',
  '    peers   a ,b',
  '  start a ESTABLISHED ,  b ESTABLISHED',
  ' a:close     # x',
  '  b :  recv FIN+ ACK',
  '        expect a   FIN_WAIT_1,b CLOSE_WAIT',
  '  a: recv ACK of',
  '}',
  '',
].join('\n');

const MESSY_FORMATTED = [
  '# top comment',
  'scenario "Messy" {          # header comment',
  '  CLOSED      -> SYN_SENT    : connect / send SYN',
  '  SYN_SENT    -> ESTABLISHED : recv SYN+ACK, send ACK      # trailing',
  '  # a comment',
  '  ESTABLISHED -> FIN_WAIT_1  -> FIN_WAIT_2',
  '',
  '',
  '  FIN_WAIT_2 -> TIME_WAIT : rcv FIN,ACK / snd ACK of FIN',
  '  TIME_WAIT => CLOSED',
  '# column-0 comment',
  '  TIME_WAIT -> CLOSED : timeout 2MSL',
  '}      // end',
  'conversation "c" {',
  '  peers a, b',
  '  start a ESTABLISHED, b ESTABLISHED',
  '  a: close   # x',
  '  b: recv FIN+ACK',
  '  expect a FIN_WAIT_1, b CLOSE_WAIT',
  '  a: recv ACK of',
  '}',
  '',
].join('\n');

const squeeze = (s: string) => s.replace(/\s+/g, '');

function examples(): string[] {
  const dirs = ['examples', 'examples/conversations'];
  const fixtures = path.join(ROOT, 'test', 'fixtures');
  for (const d of fs.readdirSync(fixtures)) if (fs.statSync(path.join(fixtures, d)).isDirectory()) dirs.push(path.join('test', 'fixtures', d));
  return dirs.flatMap((d) => listFixtures(path.join(ROOT, d)));
}

describe('formatting', () => {
  it('formats a messy scenario and conversation exactly', () => {
    assert.equal(format(MESSY), MESSY_FORMATTED);
    assert.equal(format(MESSY_FORMATTED), MESSY_FORMATTED);
  });

  it('aligns each run of steps apart (a blank line or an error line ends a run)', () => {
    const text = 'scenario "a" {\n  CLOSED -> SYN_SENT : connect\n  SYN_RECEIVED -> ESTABLISHED\n  LISTEN -> CLOSED : ??\n  CLOSED -> LISTEN : listen\n\n  LISTEN -> CLOSED : close\n}\n';
    assert.equal(format(text), [
      'scenario "a" {',
      '  CLOSED       -> SYN_SENT : connect',
      '  SYN_RECEIVED -> ESTABLISHED',
      '  LISTEN -> CLOSED : ??',
      '  CLOSED -> LISTEN : listen',
      '',
      '  LISTEN -> CLOSED : close',
      '}',
      '',
    ].join('\n'));
  });

  it('keeps one-line blocks, braces on their own line and unclosed headers as written', () => {
    const oneLine = 'scenario "x" {   CLOSED   -> LISTEN }\n';
    assert.equal(format(oneLine), oneLine);
    const braceBelow = 'scenario "x"\n{\nCLOSED->LISTEN\n}\n';
    assert.equal(format(braceBelow), 'scenario "x"\n{\n  CLOSED -> LISTEN\n}\n');
    const unclosed = 'scenario "x" {\nCLOSED->LISTEN\n\nscenario "y" {\n}\n';
    assert.equal(format(unclosed), 'scenario "x" {\n  CLOSED -> LISTEN\n\nscenario "y" {\n}\n');
  });

  it('keeps CRLF line ends', () => {
    assert.equal(format('scenario "x" {\r\nCLOSED->LISTEN\r\n  }\r\n'), 'scenario "x" {\r\n  CLOSED -> LISTEN\r\n}\r\n');
  });

  it('never empties a line between a lone CR and an LF: they would become one line break (issue 14, finding 6)', () => {
    const text = 'scenario "x" {\r  \n  CLOSED -> LISTEN\n}\n';
    const once = format(text);
    assert.equal(once, text);
    assert.equal(once.split(/\r\n|\r|\n/).length, 5);
    // After a CR LF the blanks still go.
    assert.equal(format('scenario "x" {\r\n  \n  CLOSED -> LISTEN\n}\n'), 'scenario "x" {\r\n\n  CLOSED -> LISTEN\n}\n');
  });

  it('formats only the blocks a range touches, with minimal edits', () => {
    const text = 'scenario "a" {\nCLOSED->LISTEN\n}\nscenario "b" {\nCLOSED->LISTEN\n}\n';
    const lines = new LineIndex(text);
    const range = { start: lines.offsetAt({ line: 4, character: 2 }), end: lines.offsetAt({ line: 4, character: 3 }) };
    const edits = formatEdits(text, parse(text).items, range);
    assert.deepEqual(edits.map((e) => [lines.positionAt(e.span.start), lines.positionAt(e.span.end), e.newText]), [
      [{ line: 4, character: 0 }, { line: 4, character: 8 }, '  CLOSED -> '],
    ]);
    assert.equal(applyEdits(text, edits), 'scenario "a" {\nCLOSED->LISTEN\n}\nscenario "b" {\n  CLOSED -> LISTEN\n}\n');
  });

  it('makes no edit on formatted text', () => {
    assert.deepEqual(formatEdits(MESSY_FORMATTED, parse(MESSY_FORMATTED).items), []);
  });

  it('is idempotent on every example and fixture, and keeps their diagnostics', () => {
    const files = examples();
    assert.ok(files.length > 30, `${files.length} files`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const once = format(text);
      assert.equal(format(once), once, file);
      assert.equal(squeeze(once), squeeze(text), file);
      assert.equal(once.split(/\r\n|\r|\n/).length, text.split(/\r\n|\r|\n/).length, file);
      const before = new LineIndex(text);
      const after = new LineIndex(once);
      const diags = (t: string, l: LineIndex) => analyze(t).diagnostics.map((d) => `${l.positionAt(d.span.start).line} ${d.code}: ${d.message}`);
      assert.deepEqual(diags(once, after), diags(text, before), file);
    }
  });

  const PIECES = [
    'scenario', 'conversation', '"n"', '"x', '{', '}', '\n', '\r\n', '\r', ' ', '  ', '\t', 'CLOSED', 'LISTEN', 'SYN_SENT',
    'ESTAB', 'fin-wait-1', '->', '-', '>', ':', '/', ',', '+', 'SYN', 'ACK', 'of', 'recv', 'send', 'connect', 'close',
    'peers', 'start', 'expect', 'a', 'b', '# c', '// d', '=>', '\u00a0', '\u200b', 'é', '🙂', '\\',
  ];
  const doc = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((ps) => ps.join(''));

  it('changes only whitespace on any text, keeps the line count, and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(doc, fc.string({ maxLength: 60 })), (text) => {
        const once = format(text);
        assert.equal(squeeze(once), squeeze(text));
        assert.equal(once.split(/\r\n|\r|\n/).length, text.split(/\r\n|\r|\n/).length);
        assert.equal(format(once), once);
      }),
      { numRuns: 600 },
    );
  });

  it('range formatting is whole-document formatting of the touched blocks', () => {
    fc.assert(
      fc.property(doc, fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(a, b) % (text.length + 1);
        const ranged = format(text, { start: Math.min(start, end), end: Math.max(start, end) });
        assert.equal(squeeze(ranged), squeeze(text));
        assert.equal(format(ranged), format(text));
      }),
      { numRuns: 300 },
    );
  });
});
