// IncrementalAnalysis: after any edit, or any batch of edits described the way the LSP server
// describes them (unchanged prefix and suffix lengths), the items and diagnostics are exactly
// those of a fresh analysis of the new text; and an edit inside one block re-parses only a few items.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IncrementalAnalysis } from '../../server/src/service/incremental';

const TOKENS = [
  'scenario', 'conversation', '"x"', '"', '{', '}', '\n', '\r\n', '\r', '->', 'CLOSED', 'LISTEN', 'SYN_SENT', 'ESTAB', ':',
  'recv', 'send', 'SYN', '+', 'ACK', 'FIN', 'of', '/', ',', '#c', ' ', '  ', 'peers', 'start', 'expect', 'client', 'server',
  'connect', 'close', 'timeout', 'é',
];

/** What an edit may insert: tokens, and pieces that open, close or start blocks. */
const INSERTS = [
  ...TOKENS,
  '{', '}', '"', '\n', '\n\n', '}\n', '"y"', 'scenario "y" {', '\nscenario "x" {\n', 'conversation "c" {\n', 'scenario ',
  '  CLOSED -> LISTEN : listen\n', '  client: connect\n', '#', '//', '\\"', 'ESTABLISHED -> ',
];

const tokenDoc = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join(''));

const STEP_LINES = [
  'CLOSED -> LISTEN : listen', 'LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK', 'SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN',
  'ESTABLISHED -> CLOSED : close', 'CLOSED -> SYN_SEND', 'ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED', 'CLOSED => LISTEN',
  'LISTEN -> ESTABLISHED', 'FIN_WAIT_1 -> TIME_WAIT : recv FIN+ACK / send ACK',
];
const EVENT_LINES = [
  'peers client, server', 'start client CLOSED, server LISTEN', 'server: listen', 'client: connect', 'server: recv SYN',
  'client: recv SYN+ACK', 'server: recv ACK', 'expect client ESTABLISHED, server ESTABLISHED', 'client: lose FIN', 'x: timeout',
];

/** Documents made of scenario and conversation blocks (names repeat, so duplicate-name shows up). */
const blockDoc = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom('A', 'B', 'C'), fc.array(fc.constantFrom(...STEP_LINES), { maxLength: 4 }))
      .map(([name, steps]) => `scenario "${name}" {\n${steps.map((s) => `  ${s}\n`).join('')}}\n`),
    fc.tuple(fc.constantFrom('A', 'D'), fc.array(fc.constantFrom(...EVENT_LINES), { maxLength: 4 }))
      .map(([name, events]) => `conversation "${name}" {\n${events.map((s) => `  ${s}\n`).join('')}}\n`),
    fc.constantFrom('# a comment\n', '\n', 'stray line\n', '}\n'),
  ),
  { maxLength: 6 },
).map((blocks) => blocks.join(''));

const doc = fc.oneof(tokenDoc, blockDoc);

/** An edit before it is placed: numbers are reduced to the text's length when applied. */
interface RawEdit {
  readonly at: number;
  readonly del: number;
  readonly ins: string;
}

const rawEdit: fc.Arbitrary<RawEdit> = fc.record({
  at: fc.nat(),
  del: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 40 })),
  ins: fc.oneof(fc.constant(''), fc.constantFrom(...INSERTS), fc.array(fc.constantFrom(...INSERTS), { maxLength: 4 }).map((a) => a.join(''))),
});

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly ins: string;
}

function place(text: string, raw: RawEdit): Edit {
  const start = raw.at % (text.length + 1);
  const end = Math.min(text.length, start + raw.del);
  return { start, end, ins: raw.ins };
}

function apply(text: string, e: Edit): string {
  return text.slice(0, e.start) + e.ins + text.slice(e.end);
}

function snapshot(a: IncrementalAnalysis): { items: unknown; diagnostics: unknown } {
  return { items: JSON.parse(JSON.stringify(a.file.items)), diagnostics: JSON.parse(JSON.stringify(a.diagnostics())) };
}

function assertSameAsFresh(a: IncrementalAnalysis, text: string, context: () => string): void {
  assert.equal(a.source, text);
  const fresh = new IncrementalAnalysis(text);
  const got = snapshot(a);
  const want = snapshot(fresh);
  assert.deepEqual(got.items, want.items, `items differ from a fresh parse\n${context()}`);
  assert.deepEqual(got.diagnostics, want.diagnostics, `diagnostics differ from a fresh analysis\n${context()}`);
}

/** The longest common prefix and suffix of two texts, not overlapping in either. */
function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

describe('IncrementalAnalysis: same result as a fresh analysis', () => {
  it('after each edit of a random sequence (prefix/suffix = the edit range)', () => {
    fc.assert(fc.property(doc, fc.array(rawEdit, { minLength: 1, maxLength: 12 }), (initial, raws) => {
      const a = new IncrementalAnalysis(initial);
      let text = initial;
      const log: string[] = [];
      for (const raw of raws) {
        const e = place(text, raw);
        const next = apply(text, e);
        log.push(`update(${JSON.stringify(next)}, ${e.start}, ${text.length - e.end}) from ${JSON.stringify(text)}`);
        a.update(next, e.start, text.length - e.end);
        text = next;
        assertSameAsFresh(a, text, () => log.join('\n'));
      }
    }), { numRuns: 1500 });
  });

  it('after each edit, with prefix/suffix = the longest unchanged ends (as a diffing client would give)', () => {
    fc.assert(fc.property(doc, fc.array(rawEdit, { minLength: 1, maxLength: 8 }), (initial, raws) => {
      const a = new IncrementalAnalysis(initial);
      let text = initial;
      const log: string[] = [];
      for (const raw of raws) {
        const next = apply(text, place(text, raw));
        const { prefix, suffix } = commonEnds(text, next);
        log.push(`update(${JSON.stringify(next)}, ${prefix}, ${suffix}) from ${JSON.stringify(text)}`);
        a.update(next, prefix, suffix);
        text = next;
        assertSameAsFresh(a, text, () => log.join('\n'));
      }
    }), { numRuns: 1000 });
  });

  it('several edits accumulated into one update, prefix/suffix computed as the LSP server does', () => {
    fc.assert(fc.property(doc, fc.array(fc.array(rawEdit, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), (initial, batches) => {
      const a = new IncrementalAnalysis(initial);
      let text = initial;
      const log: string[] = [];
      for (const batch of batches) {
        const before = text;
        let prefix = Infinity;
        let suffix = Infinity;
        for (const raw of batch) {
          const e = place(text, raw);
          prefix = Math.min(prefix, e.start);
          suffix = Math.min(suffix, text.length - e.end);
          text = apply(text, e);
        }
        // The bounds really are unchanged ends.
        assert.equal(text.slice(0, prefix), before.slice(0, prefix));
        assert.equal(text.slice(text.length - suffix), before.slice(before.length - suffix));
        log.push(`update(${JSON.stringify(text)}, ${prefix}, ${suffix}) from ${JSON.stringify(before)}`);
        a.update(text, prefix, suffix);
        assertSameAsFresh(a, text, () => log.join('\n'));
      }
    }), { numRuns: 1000 });
  });

  it('update(text, 0, 0) and a whole-text replacement re-parse everything correctly', () => {
    fc.assert(fc.property(doc, doc, (first, second) => {
      const a = new IncrementalAnalysis(first);
      a.update(second, 0, 0);
      assertSameAsFresh(a, second, () => `${JSON.stringify(first)} → ${JSON.stringify(second)}`);
      a.update(first, 0, 0);
      assertSameAsFresh(a, first, () => `${JSON.stringify(second)} → ${JSON.stringify(first)}`);
    }), { numRuns: 300 });
  });

  it('hand-picked edits that move block boundaries', () => {
    const base = 'scenario "A" {\n  CLOSED -> LISTEN : listen\n}\nscenario "B" {\n  LISTEN -> CLOSED : close\n}\n';
    const cases: [string, Edit][] = [
      ['delete the first }', { start: base.indexOf('}'), end: base.indexOf('}') + 1, ins: '' }],
      ['add a { after the first name', { start: base.indexOf('{') + 1, end: base.indexOf('{') + 1, ins: '{' }],
      ['open a string in the first block', { start: base.indexOf('CLOSED'), end: base.indexOf('CLOSED'), ins: '"' }],
      ['break the second keyword', { start: base.indexOf('scenario "B"') + 3, end: base.indexOf('scenario "B"') + 4, ins: '' }],
      ['join the blocks on one line', { start: base.indexOf('}\n') + 1, end: base.indexOf('}\n') + 2, ins: ' ' }],
      ['insert a block between them', { start: base.indexOf('}\n') + 2, end: base.indexOf('}\n') + 2, ins: 'conversation "C" {\n  client: connect\n' }],
      ['rename B to A', { start: base.indexOf('"B"') + 1, end: base.indexOf('"B"') + 2, ins: 'A' }],
      ['comment out the first keyword', { start: 0, end: 0, ins: '# ' }],
      ['CRLF half: insert \\r before a \\n', { start: base.indexOf('\n'), end: base.indexOf('\n'), ins: '\r' }],
      ['append text after the end', { start: base.length, end: base.length, ins: 'scenario "Z" {' }],
      ['delete everything', { start: 0, end: base.length, ins: '' }],
    ];
    for (const [name, e] of cases) {
      const a = new IncrementalAnalysis(base);
      const next = apply(base, e);
      a.update(next, e.start, base.length - e.end);
      assertSameAsFresh(a, next, () => name);
    }
  });
});

describe('IncrementalAnalysis: an edit re-parses only what it can reach', () => {
  const blocks = Array.from({ length: 200 }, (_, i) =>
    `scenario "Block ${i}" {\n  CLOSED -> LISTEN : listen\n  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK\n}\n`);
  const text = blocks.join('');
  const inBlock = (i: number, needle: string) => {
    const start = text.indexOf(`scenario "Block ${i}" {`);
    const at = text.indexOf(needle, start);
    assert.ok(at >= 0);
    return at;
  };

  const edits: [string, (t: string) => Edit][] = [
    ['rename a state', () => ({ start: inBlock(100, 'LISTEN'), end: inBlock(100, 'LISTEN') + 6, ins: 'SYN_SENT' })],
    ['type a character', () => ({ start: inBlock(100, 'listen') + 6, end: inBlock(100, 'listen') + 6, ins: 'x' })],
    ['add a step line', () => ({ start: inBlock(100, '}'), end: inBlock(100, '}'), ins: '  SYN_RECEIVED -> ESTABLISHED : recv ACK\n' })],
    ['delete a line', () => ({ start: inBlock(100, '  CLOSED'), end: inBlock(100, '  LISTEN'), ins: '' })],
    ['delete the closing }', () => ({ start: inBlock(100, '}'), end: inBlock(100, '}') + 1, ins: '' })],
    ['open a string', () => ({ start: inBlock(100, 'CLOSED'), end: inBlock(100, 'CLOSED'), ins: '"' })],
    ['change the name', () => ({ start: inBlock(100, '100'), end: inBlock(100, '100') + 3, ins: '7' })],
    ['edit the first block', () => ({ start: inBlock(0, 'LISTEN'), end: inBlock(0, 'LISTEN') + 1, ins: '' })],
    ['edit the last block', () => ({ start: inBlock(199, 'SYN+ACK'), end: inBlock(199, 'SYN+ACK') + 7, ins: 'FIN' })],
  ];

  for (const [name, make] of edits) {
    it(`${name}: reparsed <= 3, the rest reused, result as fresh`, () => {
      const a = new IncrementalAnalysis(text);
      assert.equal(a.file.items.filter((i) => i.block).length, 200);
      const e = make(text);
      const next = apply(text, e);
      a.update(next, e.start, text.length - e.end);
      assert.ok(a.lastUpdate.reparsed <= 3, `reparsed ${a.lastUpdate.reparsed} items`);
      assert.equal(a.lastUpdate.reparsed + a.lastUpdate.reused, a.file.items.length);
      assertSameAsFresh(a, next, () => name);
    });
  }

  it('a run of keystrokes in one block keeps each update small', () => {
    const a = new IncrementalAnalysis(text);
    let current = text;
    const typed = '  ESTABLISHED -> FIN_WAIT_1 : close / send FIN\n';
    let at = inBlock(50, '}');
    for (const ch of typed) {
      const next = current.slice(0, at) + ch + current.slice(at);
      a.update(next, at, current.length - at);
      assert.ok(a.lastUpdate.reparsed <= 3, `reparsed ${a.lastUpdate.reparsed} after typing ${JSON.stringify(ch)}`);
      current = next;
      at++;
    }
    assertSameAsFresh(a, current, () => 'typed a line');
  });
});

/** A clock that moves one unit each time it is read: a budget of n lets `analyzeSome` take n items. */
function tickingClock(): () => number {
  let t = 0;
  return () => t++;
}

/** An analysis of `text` not yet done, to be taken in steps (as the language server opens a document). */
function deferred(text: string, check?: ConstructorParameters<typeof IncrementalAnalysis>[1]): IncrementalAnalysis {
  const a = new IncrementalAnalysis('', check);
  a.change(text, 0, 0);
  return a;
}

describe('IncrementalAnalysis in steps: the same result as in one piece', () => {
  const twoBlocks = (i: number) => `scenario "S${i}" {\n  CLOSED -> SYN_SEND\n}\nconversation "C${i}" {\n  client: connect\n}\n`;

  it('takes exactly `budget` items a step (a clock read per item), then answers as a fresh analysis', () => {
    const text = Array.from({ length: 50 }, (_, i) => twoBlocks(i)).join(''); // 101 items (the last: "\n")
    const a = deferred(text);
    const clock = tickingClock();
    assert.equal(a.analysed, false);
    let steps = 0;
    while (!a.analyzeSome(3, clock)) steps++;
    assert.equal(steps, 33); // 34 calls: 33 × 3 items, then the last 2
    assert.equal(a.analysed, true);
    assert.deepEqual(a.lastUpdate, { reparsed: 101, reused: 0 });
    assertSameAsFresh(a, text, () => 'in steps of 3');
    assert.equal(a.diagnostics().filter((d) => d.code === 'unknown-state').length, 50);
  });

  it('a query while the analysis is under way finishes it first', () => {
    const text = Array.from({ length: 10 }, (_, i) => twoBlocks(i)).join('');
    const a = deferred(text);
    assert.equal(a.analyzeSome(2, tickingClock()), false);
    assert.equal(a.blocks().length, 20);
    assert.equal(a.analysed, true);
    assertSameAsFresh(a, text, () => 'query during steps');
  });

  it('an edit at the top while the analysis is half done keeps the half done past it', () => {
    const text = Array.from({ length: 50 }, (_, i) => twoBlocks(i)).join('');
    const a = deferred(text);
    const clock = tickingClock();
    for (let i = 0; i < 10; i++) assert.equal(a.analyzeSome(5, clock), false); // 50 items done
    const next = `# note\n${text}`;
    a.change(next, 0, text.length);
    while (!a.analyzeSome(5, clock));
    // The 50 items parsed before the edit, the first one again (it now starts with the comment),
    // the 51 not reached then: the 49 others done before the edit are taken as they were, shifted.
    assert.deepEqual(a.lastUpdate, { reparsed: 102, reused: 0 });
    assert.equal(a.file.items.length, 101);
    assertSameAsFresh(a, next, () => 'edit at the top during steps');
  });

  it('at any budget, with edits (any range, whole replacements, a new extra check) between any steps', () => {
    const shout: ConstructorParameters<typeof IncrementalAnalysis>[1] = (item) =>
      item.block?.name ? [{ code: 'state-spelling', severity: 'hint', message: `named ${item.block.name.value}`, span: item.block.name.span }] as never : [];
    type Op = { kind: 'step'; budget: number } | { kind: 'edit'; raw: RawEdit } | { kind: 'replace'; text: string } | { kind: 'check' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.nat({ max: 6 }).map((budget) => ({ kind: 'step' as const, budget })), weight: 4 },
      { arbitrary: rawEdit.map((raw) => ({ kind: 'edit' as const, raw })), weight: 3 },
      { arbitrary: doc.map((text) => ({ kind: 'replace' as const, text })), weight: 1 },
      { arbitrary: fc.constant({ kind: 'check' as const }), weight: 1 },
    );
    fc.assert(fc.property(doc, fc.array(op, { maxLength: 16 }), fc.nat({ max: 6 }), (initial, ops, lastBudget) => {
      let check: typeof shout | undefined;
      const a = deferred(initial);
      const clock = tickingClock();
      let text = initial;
      const log: string[] = [`open ${JSON.stringify(initial)}`];
      for (const o of ops) {
        if (o.kind === 'step') {
          log.push(`analyzeSome(${o.budget})`);
          a.analyzeSome(o.budget, clock);
        } else if (o.kind === 'edit') {
          const e = place(text, o.raw);
          const next = apply(text, e);
          log.push(`change(${JSON.stringify(next)}, ${e.start}, ${text.length - e.end})`);
          a.change(next, e.start, text.length - e.end);
          text = next;
        } else if (o.kind === 'replace') {
          log.push(`change(${JSON.stringify(o.text)}, 0, 0)`);
          a.change(o.text, 0, 0);
          text = o.text;
        } else {
          check = check ? undefined : shout;
          log.push(`setExtraCheck(${check ? 'shout' : 'none'})`);
          a.setExtraCheck(check);
        }
      }
      while (!a.analyzeSome(lastBudget, clock));
      const fresh = new IncrementalAnalysis(text, check);
      assert.equal(a.source, text);
      assert.deepEqual(JSON.parse(JSON.stringify(a.diagnostics())), JSON.parse(JSON.stringify(fresh.diagnostics())), log.join('\n'));
      assert.deepEqual(JSON.parse(JSON.stringify(a.file.items)), JSON.parse(JSON.stringify(fresh.file.items)), log.join('\n'));
      assert.deepEqual(a.blocks(), fresh.blocks(), log.join('\n'));
    }), { numRuns: 2000 });
  });
});
