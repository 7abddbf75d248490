// The LSP documents layer in process: every change range a client may send (past the end,
// reversed, inside a CR LF pair, with NaN or negative numbers) is clamped and ordered before it is
// applied, so the line index and the incremental analysis stay exactly those of the text.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AT_ONCE_CHARS, clampedOffset, OpenDocument } from '../../server/src/lsp/documents';
import { analyze } from '../../server/src/service/analyze';

const open = (text: string) => new OpenDocument(TextDocument.create('file:///d.tcpfsm', 'tcpfsm', 1, text));
/** A document taken in steps however small it is. */
const inSteps = (text: string) => new OpenDocument(TextDocument.create('file:///d.tcpfsm', 'tcpfsm', 1, text), undefined, 0);
const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const block = (name: string) => `scenario "${name}" {\n  CLOSED -> LISTEN\n}\n`;

/** The document's line index against a fresh one of the same text: every offset's position and back. */
function assertLineIndex(doc: TextDocument): void {
  const fresh = TextDocument.create(doc.uri, 'tcpfsm', doc.version, doc.getText());
  assert.equal(doc.lineCount, fresh.lineCount, `line count of ${JSON.stringify(doc.getText())}`);
  for (let offset = 0; offset <= doc.getText().length; offset++) {
    assert.deepEqual(doc.positionAt(offset), fresh.positionAt(offset), `position of offset ${offset} in ${JSON.stringify(doc.getText())}`);
  }
}

const codes = (ds: readonly { code: string; span: { start: number; end: number } }[]) => ds.map((d) => `${d.code}@${d.span.start}-${d.span.end}`);

describe('documents: change ranges are clamped and ordered', () => {
  it('a range past the end of the document inserts at the end and keeps the line index whole', () => {
    const d = open('a\nb\n');
    d.applyChanges([{ range: range(5, 0, 6, 0), text: '\n' }], 2);
    assert.equal(d.doc.getText(), 'a\nb\n\n');
    assert.deepEqual(d.doc.positionAt(4), { line: 2, character: 0 });
    assert.deepEqual(d.doc.positionAt(5), { line: 3, character: 0 });
    assertLineIndex(d.doc);
    // A later edit lands where it is aimed.
    d.applyChanges([{ range: range(1, 0, 1, 1), text: 'c' }], 3);
    assert.equal(d.doc.getText(), 'a\nc\n\n');
    assertLineIndex(d.doc);
  });

  it('a reversed range is the same change as the ordered one (diagnostics equal a fresh analysis)', () => {
    const text = ['a', 'b', 'c', 'd', 'e'].map(block).join('');
    const d = open(text);
    d.current();
    d.applyChanges([{ range: range(6, 0, 1, 0), text: '' }], 2);
    assert.equal(d.doc.getText(), `scenario "a" {\n${['c', 'd', 'e'].map(block).join('')}`);
    assert.deepEqual(codes(d.current().diagnostics()), ['syntax@13-14']);
    assert.deepEqual(codes(d.current().diagnostics()), codes(analyze(d.doc.getText()).diagnostics));
  });

  it('a character past the end of a line is the end of that line, before its line break', () => {
    const doc = TextDocument.create('file:///x', 'tcpfsm', 1, 'ab\r\ncd\nef');
    assert.equal(clampedOffset(doc, { line: 0, character: 99 }), 2);
    assert.equal(clampedOffset(doc, { line: 1, character: 99 }), 6);
    assert.equal(clampedOffset(doc, { line: 2, character: 99 }), 9);
    assert.equal(clampedOffset(doc, { line: 9, character: 0 }), 9);
    assert.equal(clampedOffset(doc, { line: -3, character: -1 }), 0);
    assert.equal(clampedOffset(doc, { line: Number.NaN, character: 1 }), 1);
    assert.equal(clampedOffset(doc, { line: 1, character: 1.7 }), 5);
  });

  it('an edit that joins a lone CR and an LF, or splits a CR LF, keeps the line index whole', () => {
    const joined = open('a\rb\n');
    joined.applyChanges([{ range: range(1, 0, 1, 1), text: '\n' }], 2); // a\r\n\n
    assert.equal(joined.doc.getText(), 'a\r\n\n');
    assertLineIndex(joined.doc);
    const split = open('a\r\nb');
    split.applyChanges([{ range: range(0, 1, 0, 1), text: 'x' }], 2); // inside the pair: the end of line 0
    assert.equal(split.doc.getText(), 'ax\r\nb');
    const raw = TextDocument.create('file:///x', 'tcpfsm', 1, 'a\r\nb');
    const inside = { start: raw.positionAt(2), end: raw.positionAt(2) }; // between CR and LF
    const between = open('a\r\nb');
    between.applyChanges([{ range: inside, text: 'x' }], 2);
    assertLineIndex(between.doc);
  });

  it('changes without a range replace the whole text', () => {
    const d = open('scenario "a" {\n');
    d.applyChanges([{ text: block('b') }], 2);
    assert.equal(d.doc.getText(), block('b'));
    assert.deepEqual(d.current().diagnostics(), []);
  });
});

// Random edits as a client could send them: any numbers, reversed, past the end, with line breaks.
const INSERTS = ['', '\n', '\r', '\r\n', 'x', '}', '{', 'scenario "q" {', '  CLOSED -> LISTEN\n', '"', 'é', '\n}\n'];
const position = fc.record({ line: fc.integer({ min: -2, max: 14 }), character: fc.integer({ min: -2, max: 30 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text: fc.constantFrom(...INSERTS) }) },
  { weight: 1, arbitrary: fc.record({ text: fc.constantFrom('', block('w')) }) },
);
const TEXTS = [block('a') + block('b'), 'a\r\nb\rc\n', `${block('a')}conversation "c" {\n  client: connect\n}\n`, ''];

describe('documents: random client edits', () => {
  it('after any batches of changes the line index and the diagnostics equal a fresh document\'s', () => {
    fc.assert(fc.property(fc.constantFrom(...TEXTS), fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), (text, batches) => {
      const d = open(text);
      let version = 1;
      let expected = text;
      for (const batch of batches) {
        for (const c of batch) {
          // The reference: the same change on a fresh document, ordered and clamped by hand.
          const ref = TextDocument.create('file:///r', 'tcpfsm', 1, expected);
          if ('range' in c) {
            const a = clampedOffset(ref, c.range.start);
            const b = clampedOffset(ref, c.range.end);
            expected = expected.slice(0, Math.min(a, b)) + c.text + expected.slice(Math.max(a, b));
          } else {
            expected = c.text;
          }
        }
        d.applyChanges(batch, ++version);
        assert.equal(d.doc.getText(), expected);
        assertLineIndex(d.doc);
        if (version % 2 === 0) assert.deepEqual(codes(d.current().diagnostics()), codes(analyze(expected).diagnostics));
      }
      assert.deepEqual(codes(d.current().diagnostics()), codes(analyze(expected).diagnostics));
    }), { numRuns: 300, seed: 14 });
  });
});

describe('documents: the analysis in slices', () => {
  it('batches of changes between slices of any length end as a fresh analysis of the text', () => {
    const step = fc.oneof(fc.constant(0), fc.constant(Infinity));
    fc.assert(fc.property(
      fc.constantFrom(...TEXTS),
      fc.array(fc.tuple(fc.array(change, { minLength: 1, maxLength: 3 }), fc.array(step, { maxLength: 4 })), { maxLength: 8 }),
      (text, rounds) => {
        const d = inSteps(text.repeat(3));
        assert.equal(d.analysed, false);
        let version = 1;
        for (const [batch, steps] of rounds) {
          d.applyChanges(batch, ++version);
          assert.equal(d.analysed, false);
          // A budget of 0 ms: one item a slice.
          for (const budget of steps) assert.equal(d.analyzeSome(budget), d.analysed);
        }
        let slices = 0;
        while (!d.analyzeSome(0)) slices++;
        assert.ok(slices <= d.current().blocks().length + d.doc.getText().length);
        assert.deepEqual(codes(d.current().diagnostics()), codes(analyze(d.doc.getText()).diagnostics));
      },
    ), { numRuns: 300, seed: 14 });
  });

  it('a budget of 0 ms takes one item a slice', () => {
    const d = inSteps(['a', 'b', 'c', 'd'].map(block).join(''));
    const done: boolean[] = [];
    for (let i = 0; i < 5; i++) done.push(d.analyzeSome(0));
    // 5 items: the 4 blocks and the last line break.
    assert.deepEqual(done, [false, false, false, false, true]);
    assert.equal(d.analysed, true);
  });

  it('a document up to AT_ONCE_CHARS is analysed at once whatever the budget, a bigger one in steps', () => {
    const small = open(block('a').repeat(4));
    assert.equal(small.analyzeSome(0), true);
    const unit = block('a');
    const big = open(unit.repeat(Math.floor(AT_ONCE_CHARS / unit.length) + 1));
    assert.equal(big.analyzeSome(0), false);
    // An edit once it is analysed ends within one step.
    while (!big.analyzeSome(0));
    big.applyChanges([{ range: range(1, 2, 1, 8), text: 'LISTEN' }], 2);
    assert.equal(big.analyzeSome(0), true);
    assert.deepEqual(codes(big.current().diagnostics()).slice(0, 2), ['illegal-transition@27-33', 'duplicate-name@45-48']);
    assert.deepEqual(codes(big.current().diagnostics()), codes(analyze(big.doc.getText()).diagnostics));
  });
});
