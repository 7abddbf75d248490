// The parser: exact trees for small inputs, and for any text at all — it never throws, its items
// tile the text, and every span it produces lies inside its item (SPEC sections 1 and 3).

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from '../../server/src/syntax/parser';
import type { Item, SourceFile, Span } from '../../server/src/syntax/tree';

/** The tree as plain data (properties that are `undefined` dropped), for exact comparison. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Span of the `nth` occurrence of `needle` in `text`, relative to `base`. */
function at(text: string, needle: string, nth = 0, base = 0): Span {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${JSON.stringify(needle)} #${nth} not in the text`);
  }
  return { start: i - base, end: i - base + needle.length };
}

/** From the start of the first span to the end of the second. */
const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

/** Items tile the text: the first starts at 0, each starts where the previous ended, no gaps. */
function assertTiles(text: string, file: SourceFile): void {
  let pos = 0;
  for (const [i, item] of file.items.entries()) {
    assert.equal(item.start, pos, `item ${i} starts at ${item.start}, the previous ended at ${pos}`);
    assert.ok(item.length > 0, `item ${i} is empty`);
    pos += item.length;
  }
  assert.equal(pos, text.length, 'the items cover the whole text');
  assert.equal(file.items.reduce((n, item) => n + item.length, 0), text.length);
}

function isSpan(v: unknown): v is Span {
  return typeof v === 'object' && v !== null && typeof (v as Span).start === 'number' && typeof (v as Span).end === 'number' &&
    Object.keys(v).length === 2;
}

/** Every span in the item's block (relative offsets) lies within [0, item.length], start <= end. */
function assertSpansWithin(text: string, item: Item): void {
  const visit = (v: unknown, where: string): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, `${where}[${i}]`));
    } else if (isSpan(v)) {
      assert.ok(v.start >= 0 && v.start <= v.end && v.end <= item.length,
        `${where} = ${JSON.stringify(v)} is not within the item [0, ${item.length}] at ${item.start} of ${JSON.stringify(text)}`);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) visit(x, `${where}.${k}`);
    }
  };
  visit(item.block, 'block');
  for (const [i, e] of item.errors.entries()) {
    assert.ok(e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= item.length,
      `error ${i} ${JSON.stringify(e)} is not within its item [0, ${item.length}] of ${JSON.stringify(text)}`);
    const abs = { start: e.span.start + item.start, end: e.span.end + item.start };
    assert.ok(abs.start >= 0 && abs.end <= text.length, `error ${JSON.stringify(e)} is not within the text`);
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0);
  }
}

/** Block spans nest: steps/events within the block span, states within the step span, etc. */
function assertNesting(item: Item): void {
  const block = item.block;
  if (!block) return;
  const within = (inner: Span, outer: Span, what: string) =>
    assert.ok(inner.start >= outer.start && inner.end <= outer.end, `${what} ${JSON.stringify(inner)} not within ${JSON.stringify(outer)}`);
  within(block.keyword, block.span, 'keyword');
  if (block.kind === 'scenario') {
    for (const step of block.steps) {
      within(step.span, block.span, 'step');
      for (const s of step.states) within(s.span, step.span, 'state');
      for (const p of step.label?.parts ?? []) {
        within(p.span, step.span, 'label part');
        if (p.kind === 'send' || p.kind === 'recv') within(p.segment.span, p.span, 'segment');
      }
    }
  } else {
    for (const e of block.events) {
      within(e.span, block.span, 'event');
      if (e.kind === 'recv' || e.kind === 'lose') within(e.segment.span, e.span, 'segment');
    }
  }
}

function checkInvariants(text: string): SourceFile {
  const file = parse(text);
  assertTiles(text, file);
  for (const item of file.items) {
    assertSpansWithin(text, item);
    assertNesting(item);
  }
  return file;
}

// ---------------------------------------------------------------------------------------------

describe('parser: exact trees', () => {
  it('a scenario with a labelled step, a chain and flags', () => {
    const text = [
      'scenario "A" {',
      '  CLOSED -> SYN_SENT : connect / send SYN',
      '  FIN_WAIT_1 -> FIN_WAIT_2 : rcv ACK of FIN, snd SYN,ACK',
      '  ESTABLISHED -> CLOSE_WAIT -> LAST_ACK',
      '}',
    ].join('\n');
    const file = parse(text);
    assert.deepEqual(plain(file), {
      items: [{
        start: 0,
        length: text.length,
        errors: [],
        block: {
          kind: 'scenario',
          keyword: at(text, 'scenario'),
          name: { value: 'A', span: at(text, '"A"') },
          open: at(text, '{'),
          close: at(text, '}'),
          span: { start: 0, end: text.length },
          steps: [
            {
              states: [{ text: 'CLOSED', span: at(text, 'CLOSED') }, { text: 'SYN_SENT', span: at(text, 'SYN_SENT') }],
              label: {
                colon: at(text, ':'),
                parts: [
                  { kind: 'call', call: 'connect', span: at(text, 'connect') },
                  { kind: 'send', segment: { flags: ['SYN'], span: at(text, 'SYN', 1) }, span: at(text, 'send SYN') },
                ],
              },
              span: join(at(text, 'CLOSED'), at(text, 'send SYN')),
            },
            {
              states: [{ text: 'FIN_WAIT_1', span: at(text, 'FIN_WAIT_1') }, { text: 'FIN_WAIT_2', span: at(text, 'FIN_WAIT_2') }],
              label: {
                colon: at(text, ':', 1),
                parts: [
                  { kind: 'recv', segment: { flags: ['ACK'], ackOf: 'FIN', span: at(text, 'ACK of FIN') }, span: at(text, 'rcv ACK of FIN') },
                  { kind: 'send', segment: { flags: ['SYN', 'ACK'], span: at(text, 'SYN,ACK') }, span: at(text, 'snd SYN,ACK') },
                ],
              },
              span: join(at(text, 'FIN_WAIT_1'), at(text, 'snd SYN,ACK')),
            },
            {
              states: [
                { text: 'ESTABLISHED', span: at(text, 'ESTABLISHED') },
                { text: 'CLOSE_WAIT', span: at(text, 'CLOSE_WAIT') },
                { text: 'LAST_ACK', span: at(text, 'LAST_ACK') },
              ],
              span: join(at(text, 'ESTABLISHED'), at(text, 'LAST_ACK')),
            },
          ],
        },
      }],
    });
  });

  it('label words: passive/active open, timeout 2MSL, create/delete TCB, send data, case-insensitive flags', () => {
    const text = [
      'scenario "W" {',
      '  CLOSED -> LISTEN : passive open / create TCB',
      '  TIME_WAIT -> CLOSED : timeout 2msl, delete tcb',
      '  LISTEN -> SYN_SENT : send data / send syn',
      '  SYN_SENT -> CLOSED : Recv Rst+Ack , timeout',
      '  a -> b : receive fin + ack of syn',
      '}',
      '',
    ].join('\n');
    const file = parse(text);
    assert.equal(file.items.length, 2);
    assert.deepEqual(plain(file.items[1]), { start: text.length - 1, length: 1, errors: [] });
    assert.deepEqual(file.items[0].errors, []);
    const block = file.items[0].block;
    assert.ok(block?.kind === 'scenario');
    assert.deepEqual(plain(block.steps.map((s) => s.label?.parts)), [
      [
        { kind: 'call', call: 'listen', span: at(text, 'passive open') },
        { kind: 'tcb', op: 'create', span: at(text, 'create TCB') },
      ],
      [
        { kind: 'timeout', timer: '2msl', span: at(text, 'timeout 2msl') },
        { kind: 'tcb', op: 'delete', span: at(text, 'delete tcb') },
      ],
      [
        { kind: 'call', call: 'send-data', span: at(text, 'send data') },
        { kind: 'send', segment: { flags: ['SYN'], span: at(text, 'syn') }, span: at(text, 'send syn') },
      ],
      [
        { kind: 'recv', segment: { flags: ['RST', 'ACK'], span: at(text, 'Rst+Ack') }, span: at(text, 'Recv Rst+Ack') },
        { kind: 'timeout', span: at(text, 'timeout', 1) },
      ],
      [
        {
          kind: 'recv',
          segment: { flags: ['FIN', 'ACK'], ackOf: 'SYN', span: at(text, 'fin + ack of syn') },
          span: at(text, 'receive fin + ack of syn'),
        },
      ],
    ]);
    // Unknown state names are the checker's business, not the parser's.
    const arrow = at(text, ' a -> b ');
    assert.deepEqual(plain(block.steps[4].states), [
      { text: 'a', span: { start: arrow.start + 1, end: arrow.start + 2 } },
      { text: 'b', span: { start: arrow.end - 2, end: arrow.end - 1 } },
    ]);
  });

  it('a conversation: peers, start, events and expect', () => {
    const text = [
      'conversation "H" {',
      '  peers a, b',
      '  start a CLOSED, b LISTEN',
      '  a: connect',
      '  b: recv SYN',
      '  b: lose SYN+ACK',
      '  a: send data',
      '  a: timeout',
      '  expect a SYN_SENT, b SYN_RECEIVED',
      '}',
    ].join('\n');
    const file = parse(text);
    const line = (n: number) => text.split('\n').slice(0, n).join('\n').length + 1; // start of line n (0-based)
    // The first whole word `w` on line n.
    const word = (n: number, w: string): Span => {
      const re = new RegExp(`\\b${w}\\b`, 'g');
      re.lastIndex = line(n);
      const m = re.exec(text);
      assert.ok(m);
      return { start: m.index, end: m.index + w.length };
    };
    assert.deepEqual(plain(file), {
      items: [{
        start: 0,
        length: text.length,
        errors: [],
        block: {
          kind: 'conversation',
          keyword: at(text, 'conversation'),
          name: { value: 'H', span: at(text, '"H"') },
          open: at(text, '{'),
          close: at(text, '}'),
          span: { start: 0, end: text.length },
          peers: {
            keyword: at(text, 'peers'),
            names: [{ text: 'a', span: word(1, 'a') }, { text: 'b', span: word(1, 'b') }],
            span: at(text, 'peers a, b'),
          },
          start: {
            keyword: at(text, 'start'),
            entries: [
              { peer: { text: 'a', span: word(2, 'a') }, state: { text: 'CLOSED', span: at(text, 'CLOSED') } },
              { peer: { text: 'b', span: word(2, 'b') }, state: { text: 'LISTEN', span: at(text, 'LISTEN') } },
            ],
            span: at(text, 'start a CLOSED, b LISTEN'),
          },
          events: [
            { kind: 'call', peer: { text: 'a', span: word(3, 'a') }, call: 'connect', verb: at(text, 'connect'), span: at(text, 'a: connect') },
            {
              kind: 'recv', peer: { text: 'b', span: word(4, 'b') }, segment: { flags: ['SYN'], span: word(4, 'SYN') },
              verb: at(text, 'recv'), span: at(text, 'b: recv SYN'),
            },
            {
              kind: 'lose', peer: { text: 'b', span: word(5, 'b') }, segment: { flags: ['SYN', 'ACK'], span: at(text, 'SYN+ACK') },
              verb: at(text, 'lose'), span: at(text, 'b: lose SYN+ACK'),
            },
            { kind: 'call', peer: { text: 'a', span: word(6, 'a') }, call: 'send-data', verb: at(text, 'send data'), span: at(text, 'a: send data') },
            { kind: 'timeout', peer: { text: 'a', span: word(7, 'a') }, verb: at(text, 'timeout'), span: at(text, 'a: timeout') },
            {
              kind: 'expect',
              keyword: at(text, 'expect'),
              entries: [
                { peer: { text: 'a', span: word(8, 'a') }, state: { text: 'SYN_SENT', span: at(text, 'SYN_SENT') } },
                { peer: { text: 'b', span: word(8, 'b') }, state: { text: 'SYN_RECEIVED', span: at(text, 'SYN_RECEIVED') } },
              ],
              span: at(text, 'expect a SYN_SENT, b SYN_RECEIVED'),
            },
          ],
        },
      }],
    });
  });

  it('DATA is a flag in a conversation and in a scenario (SPEC v2)', () => {
    const conv = 'conversation "C" {\n  server: recv DATA+ACK\n}';
    const c = parse(conv).items[0];
    assert.deepEqual(c.errors, []);
    assert.ok(c.block?.kind === 'conversation');
    assert.deepEqual(plain(c.block.events[0]), {
      kind: 'recv', peer: { text: 'server', span: at(conv, 'server') }, segment: { flags: ['DATA', 'ACK'], span: at(conv, 'DATA+ACK') },
      verb: at(conv, 'recv'), span: at(conv, 'server: recv DATA+ACK'),
    });
    const scen = 'scenario "S" {\n  ESTABLISHED -> ESTABLISHED : recv DATA / send ACK\n}';
    const s = parse(scen).items[0];
    assert.deepEqual(s.errors, []);
    assert.ok(s.block?.kind === 'scenario');
    assert.deepEqual(plain(s.block.steps[0].label?.parts), [
      { kind: 'recv', segment: { flags: ['DATA'], span: at(scen, 'DATA') }, span: at(scen, 'recv DATA') },
      { kind: 'send', segment: { flags: ['ACK'], span: at(scen, 'ACK') }, span: at(scen, 'send ACK') },
    ]);
  });

  it('offsets inside a later item are relative to that item', () => {
    const text = '# first\nscenario "A" {\n}\nscenario "B" {\n  CLOSED -> LISTEN\n}\n';
    const file = parse(text);
    const withB = file.items.find((i) => i.block?.name?.value === 'B');
    assert.ok(withB?.block?.kind === 'scenario');
    const base = withB.start;
    assert.deepEqual(plain(withB.block.keyword), at(text, 'scenario', 1, base));
    assert.deepEqual(plain(withB.block.steps[0].states.map((s) => s.span)), [at(text, 'CLOSED', 0, base), at(text, 'LISTEN', 0, base)]);
    assert.equal(text.slice(base + withB.block.span.start, base + withB.block.span.end), 'scenario "B" {\n  CLOSED -> LISTEN\n}');
  });

  it('`#` and `//` inside a string are not comments', () => {
    const text = 'scenario "a # b // c" { # real comment\n}';
    const item = parse(text).items[0];
    assert.deepEqual(item.errors, []);
    assert.deepEqual(plain(item.block?.name), { value: 'a # b // c', span: at(text, '"a # b // c"') });
    assert.deepEqual(plain(item.block?.open), at(text, '{'));
    assert.deepEqual(plain(item.block?.close), at(text, '}'));
  });

  it('a string with escapes', () => {
    const text = 'scenario "say \\"hi\\" \\\\ ok" {\n}';
    const item = parse(text).items[0];
    assert.deepEqual(item.errors, []);
    assert.deepEqual(plain(item.block?.name), { value: 'say "hi" \\ ok', span: { start: 9, end: text.indexOf(' {') } });
  });
});

describe('parser: SPEC v2 syntax (stacks, times, new events)', () => {
  it('a conversation with per-peer stacks, absolute and relative times, and every new event', () => {
    const text = [
      'conversation "V" {',
      '  peers a, b',
      '  stack a linux, b rfc9293',
      '  0.309 a: connect',
      '  +0.1 b: recv old SYN / delay ACK',
      '  b: send ACK',
      '  a: send data, close',
      '  a: shutdown',
      '  b: crash',
      '  a: timeout keepalive',
      '  a: timeout fin-wait-2',
      '  b: timeout 2MSL',
      '  b: timeout retransmit',
      '  b: timeout user',
      '}',
    ].join('\n');
    const item = parse(text).items[0];
    assert.deepEqual(item.errors, []);
    assert.ok(item.block?.kind === 'conversation');
    const line = (n: number) => text.split('\n').slice(0, n).join('\n').length + 1;
    /** The span of `needle`, as whole words, on line n (0-based). */
    const on = (n: number, needle: string): Span => {
      const re = new RegExp(`(?<![\\w-])${needle.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\w-])`, 'g');
      re.lastIndex = line(n);
      const m = re.exec(text);
      assert.ok(m && m.index < line(n + 1), `${needle} not on line ${n}`);
      return { start: m.index, end: m.index + needle.length };
    };
    const peer = (n: number, name: string) => ({ text: name, span: on(n, name) });
    assert.deepEqual(plain(item.block.stack), {
      keyword: on(2, 'stack'),
      entries: [
        { peer: { text: 'a', span: on(2, 'a') }, stack: 'linux', stackSpan: on(2, 'linux') },
        { peer: { text: 'b', span: on(2, 'b') }, stack: 'rfc9293', stackSpan: on(2, 'rfc9293') },
      ],
      span: on(2, 'stack a linux, b rfc9293'),
    });
    assert.deepEqual(plain(item.block.events), [
      {
        kind: 'call', peer: peer(3, 'a'), time: { seconds: 0.309, relative: false, span: on(3, '0.309') },
        call: 'connect', verb: on(3, 'connect'), span: on(3, '0.309 a: connect'),
      },
      {
        kind: 'recv', peer: peer(4, 'b'), time: { seconds: 0.1, relative: true, span: on(4, '+0.1') },
        segment: { flags: ['SYN'], span: on(4, 'SYN') }, verb: on(4, 'recv old'), span: on(4, '+0.1 b: recv old SYN / delay ACK'),
        old: on(4, 'old'), delayAck: on(4, '/ delay ACK'),
      },
      { kind: 'call', peer: peer(5, 'b'), call: 'send-ack', verb: on(5, 'send ACK'), span: on(5, 'b: send ACK') },
      { kind: 'call', peer: peer(6, 'a'), call: 'send-data-close', verb: on(6, 'send data, close'), span: on(6, 'a: send data, close') },
      { kind: 'call', peer: peer(7, 'a'), call: 'shutdown', verb: on(7, 'shutdown'), span: on(7, 'a: shutdown') },
      { kind: 'call', peer: peer(8, 'b'), call: 'crash', verb: on(8, 'crash'), span: on(8, 'b: crash') },
      { kind: 'timeout', peer: peer(9, 'a'), timer: 'keepalive', verb: on(9, 'timeout keepalive'), span: on(9, 'a: timeout keepalive') },
      { kind: 'timeout', peer: peer(10, 'a'), timer: 'fin-wait-2', verb: on(10, 'timeout fin-wait-2'), span: on(10, 'a: timeout fin-wait-2') },
      { kind: 'timeout', peer: peer(11, 'b'), timer: '2msl', verb: on(11, 'timeout 2MSL'), span: on(11, 'b: timeout 2MSL') },
      { kind: 'timeout', peer: peer(12, 'b'), timer: 'retransmit', verb: on(12, 'timeout retransmit'), span: on(12, 'b: timeout retransmit') },
      { kind: 'timeout', peer: peer(13, 'b'), timer: 'user', verb: on(13, 'timeout user'), span: on(13, 'b: timeout user') },
    ]);
  });

  it('a scenario: `stack linux`, and the label parts `timeout TIMER` and `shutdown`', () => {
    const text = [
      'scenario "S" {',
      '  Stack Linux',
      '  FIN_WAIT_2 -> CLOSED : timeout fin_wait_2',
      '  ESTABLISHED -> FIN_WAIT_1 : shutdown / send FIN',
      '  ESTABLISHED -> ESTABLISHED : timeout keepalive / send ACK',
      '}',
    ].join('\n');
    const item = parse(text).items[0];
    assert.deepEqual(item.errors, []);
    assert.ok(item.block?.kind === 'scenario');
    assert.deepEqual(plain(item.block.stack), {
      keyword: at(text, 'Stack'), entries: [{ stack: 'linux', stackSpan: at(text, 'Linux') }], span: at(text, 'Stack Linux'),
    });
    assert.deepEqual(plain(item.block.steps.map((s) => s.label?.parts)), [
      [{ kind: 'timeout', timer: 'fin-wait-2', span: at(text, 'timeout fin_wait_2') }],
      [
        { kind: 'call', call: 'shutdown', span: at(text, 'shutdown') },
        { kind: 'send', segment: { flags: ['FIN'], span: at(text, 'FIN', 2) }, span: at(text, 'send FIN') },
      ],
      [
        { kind: 'timeout', timer: 'keepalive', span: at(text, 'timeout keepalive') },
        { kind: 'send', segment: { flags: ['ACK'], span: at(text, 'ACK') }, span: at(text, 'send ACK') },
      ],
    ]);
  });

  it('errors: unknown stack and timer words, misplaced and incomplete stack lines, `lose old`, `send data,` without close, `/ delay` without ACK, `+` without a number', () => {
    const text = [
      'conversation "E" {',
      '  stack bsd',
      '  a: timeout forever',
      '  b: lose old SYN',
      '  c: send data, abort',
      '  d: recv FIN / delay',
      '  e: recv FIN / ack',
      '  + a: close',
      '  stack client linux',
      '}',
      'scenario "S" {',
      '  CLOSED -> LISTEN',
      '  stack linux',
      '  stack a linux',
      '  LISTEN -> CLOSED : timeout 3MSL',
      '}',
    ].join('\n');
    const file = parse(text);
    const errors = file.items.flatMap((item) => item.errors.map((e) => [text.slice(item.start + e.span.start, item.start + e.span.end), e.message]));
    assert.deepEqual(errors, [
      ['bsd', 'unknown stack `bsd`; a stack is `linux` or `rfc9293`'],
      ['forever', 'unknown timer `forever`; a timer is one of: 2MSL, retransmit, user, keepalive, fin-wait-2'],
      ['old', '`old` is for `recv old SEG`: an old segment is not in flight, so it cannot be lost'],
      ['abort', 'expected `close` after `send data,` (data and FIN in one segment), found `abort`'],
      ['delay', 'expected `ACK` after `delay`, found the end of the line'],
      ['ack', 'expected `delay ACK` after `/`, found `ack`'],
      ['a', 'expected a number of seconds after `+` (e.g. `+0.1`), found `a`'],
      ['stack', '`stack` must come before `start` and the first event'],
      ['linux', 'per peer, `stack` names both peers: `stack client linux, server rfc9293`'],
      ['stack', '`stack` must come before the first step'],
      ['stack', '`stack` must come before the first step'],
      ['a', 'a scenario is one endpoint: write `stack linux` or `stack rfc9293`'],
      ['3MSL', 'unknown timer `3MSL`; a timer is one of: 2MSL, retransmit, user, keepalive, fin-wait-2'],
    ]);
    // The lines in error leave no event behind, except `timeout` (its timer word is dropped)
    // and `lose` (which keeps its segment): later lines are still checked.
    const conv = file.items[0].block;
    assert.ok(conv?.kind === 'conversation');
    assert.deepEqual(conv.events.map((e) => (e.kind === 'expect' ? 'expect' : `${e.peer.text} ${e.kind}`)), ['a timeout', 'b lose']);
    // A misplaced stack line still names the stacks (it is reported; the first one given counts).
    assert.deepEqual(conv.stack?.entries.map((e) => [e.peer?.text, e.stack]), [['client', 'linux']]);
  });
});

describe('parser: recovery, and tiling on awkward inputs', () => {
  const cases: Record<string, string> = {
    'empty text': '',
    'only comments': '# one\n// two\n   # three',
    'only blank lines': '\n\n  \n\t\n',
    CRLF: 'scenario "A" {\r\n  CLOSED -> LISTEN : listen\r\n}\r\n\r\nconversation "B" {\r\n  client: connect\r\n}\r\n',
    'lone CR': 'scenario "A" {\r  CLOSED -> LISTEN : listen\r}\rscenario "B" {\r}',
    'non-ASCII': 'scenario "Ünïcødé ✓ 🚀" {\n  CLOSED → LISTEN : listen\n  CLOSED -> LISTEN # ção 🚀\n  ÉSTABLISHED -> CLOSED\n}\n🚀\n',
    'unterminated string': 'scenario "A {\n  CLOSED -> LISTEN\n}\nscenario "B\n',
    'unterminated string at EOF': 'scenario "',
    'bad escape': 'scenario "a\\qb" {\n}',
    'missing } at EOF': 'scenario "A" {\n  CLOSED -> LISTEN\n',
    'missing } before the next block': 'scenario "A" {\n  CLOSED -> LISTEN\nscenario "B" {\n  LISTEN -> CLOSED\n}\n',
    garbage: '}}} {{ -> : / , + @@ $$ "x" \n -> -> \n ::: scenario scenario\n{ } } ',
    'keyword only': 'scenario',
    'keyword and name, no brace': 'conversation "x"',
    'brace on next line': 'scenario "A"\n{\n  CLOSED -> LISTEN\n}',
    'steps with missing pieces': 'scenario "A" {\n  CLOSED ->\n  -> LISTEN\n  CLOSED LISTEN\n  CLOSED -> LISTEN :\n  CLOSED -> LISTEN : recv\n  CLOSED -> LISTEN : recv SYN+\n  X -> Y : recv ACK of\n  X -> Y : listen /\n  X -> Y -> Z : close\n}',
    'conversation with missing pieces': 'conversation "C" {\n  peers\n  peers a\n  peers a, b, c\n  start a\n  start a CLOSED\n  a:\n  a: recv\n  a: send\n  a: frob\n  expect\n  expect a\n  b connect\n}',
    'NUL and control characters': 'scenario "\u0000" {\u0001\n  CLOSED\u0007-> LISTEN\u001b\n}\u0000',
    'lone surrogates': 'scenario "\ud800" {\n  CLOSED -> \udc00LISTEN\n}\udbff',
    'unicode spaces and line separators': 'scenario\u00a0"A"\u3000{\u2028  CLOSED\u2003->\u2029LISTEN\n}\ufeff',
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: never throws, items tile the text, spans stay inside`, () => {
      assert.doesNotThrow(() => checkInvariants(text));
    });
  }

  it('empty text has no items; a comments-only text has no block and no error', () => {
    assert.deepEqual(parse('').items, []);
    const file = parse(cases['only comments']);
    assert.ok(file.items.length > 0);
    for (const item of file.items) {
      assert.equal(item.block, undefined);
      assert.deepEqual(item.errors, []);
    }
  });

  it('CRLF and lone CR end lines like LF', () => {
    for (const eol of ['\r\n', '\r']) {
      const text = ['scenario "A" {', '  CLOSED -> LISTEN : listen', '  LISTEN -> CLOSED', '}', ''].join(eol);
      const file = parse(text);
      const blocks = file.items.filter((i) => i.block);
      assert.equal(blocks.length, 1, JSON.stringify(eol));
      assert.deepEqual(blocks[0].errors, [], JSON.stringify(eol));
      const block = blocks[0].block;
      assert.ok(block?.kind === 'scenario');
      assert.deepEqual(block.steps.map((s) => s.states.map((r) => r.text)), [['CLOSED', 'LISTEN'], ['LISTEN', 'CLOSED']]);
      assert.deepEqual(plain(block.steps[0].label?.parts), [{ kind: 'call', call: 'listen', span: at(text, 'listen') }]);
      assert.deepEqual(plain(block.close), at(text, '}'));
    }
  });

  it('non-ASCII text: UTF-16 offsets, names with escapes resolved', () => {
    const text = 'scenario "Ünï 🚀" {\n  CLOSED -> LISTEN : listen\n}';
    const item = parse(text).items[0];
    assert.deepEqual(item.errors, []);
    assert.deepEqual(plain(item.block?.name), { value: 'Ünï 🚀', span: at(text, '"Ünï 🚀"') });
    assert.ok(item.block?.kind === 'scenario');
    assert.deepEqual(plain(item.block.steps[0].states.map((s) => s.span)), [at(text, 'CLOSED'), at(text, 'LISTEN')]);
  });

  it('an unterminated string is reported at the string, up to the end of its line', () => {
    const text = 'scenario "A\n  CLOSED -> LISTEN\n}';
    const item = parse(text).items[0];
    assert.deepEqual(plain(item.errors[0]), { span: at(text, '"A'), message: 'unterminated string: add the closing `"`' });
    assert.equal(item.block?.name?.value, 'A');
  });

  it('a block missing its } at EOF: reported at its {, the block runs to the end', () => {
    const text = cases['missing } at EOF'];
    const file = parse(text);
    assert.equal(file.items.length, 1);
    const item = file.items[0];
    assert.deepEqual(plain(item.errors), [{ span: at(text, '{'), message: 'this scenario is missing its closing `}`' }]);
    assert.equal(item.block?.close, undefined);
    assert.equal(item.length, text.length);
  });

  it('a block missing its } before the next block: that block is still parsed on its own', () => {
    const text = cases['missing } before the next block'];
    const file = parse(text);
    const blocks = file.items.filter((i) => i.block);
    assert.deepEqual(blocks.map((i) => i.block?.name?.value), ['A', 'B']);
    assert.deepEqual(plain(blocks[0].errors), [{ span: at(text, '{'), message: 'this scenario is missing its closing `}`' }]);
    assert.deepEqual(blocks[1].errors, []);
    assert.equal(blocks[1].start, text.indexOf('scenario "B"'));
  });

  it('garbage at top level: one error per stray line, at its first token', () => {
    const text = '}}\nfoo bar\n  \n';
    const file = parse(text);
    const errors = file.items.flatMap((i) => i.errors.map((e) => ({ start: e.span.start + i.start, end: e.span.end + i.start, message: e.message })));
    assert.deepEqual(errors, [
      { ...at(text, '}'), message: 'expected `scenario` or `conversation`, found a `}` that closes no block' },
      { ...at(text, 'foo'), message: 'expected `scenario` or `conversation`, found `foo`' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

const TOKENS = [
  'scenario', 'conversation', '"x"', '"', '{', '}', '\n', '\r\n', '\r', '->', '-', '>', 'CLOSED', 'LISTEN', 'SYN_SENT', 'ESTAB',
  ':', 'recv', 'send', 'SYN', '+', 'ACK', 'FIN', 'of', '/', ',', '#c', '//c', ' ', '  ', 'peers', 'start', 'expect', 'client',
  'server', 'connect', 'timeout', '2MSL', 'data', 'DATA', 'lose', 'passive', 'open', 'create', 'TCB', '\\', 'é', '🚀', '\t', '@',
];

const grammarish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((ts) => ts.join(''));

describe('parser: properties', () => {
  it('arbitrary unicode strings: never throws, tiles, spans inside', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      checkInvariants(text);
    }), { numRuns: 1000 });
  });

  it('arbitrary grapheme strings: never throws, tiles, spans inside', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
      checkInvariants(text);
    }), { numRuns: 500 });
  });

  it('strings from a grammar-ish token alphabet: never throws, tiles, spans inside', () => {
    fc.assert(fc.property(grammarish, (text) => {
      checkInvariants(text);
    }), { numRuns: 3000 });
  });

  it('the item structure depends only on the text from an item\'s start on', () => {
    // parseItem is called at every item start by the incremental analysis: parsing the text after
    // an item boundary on its own gives the same items, shifted.
    fc.assert(fc.property(grammarish, (text) => {
      const file = parse(text);
      for (const item of file.items.slice(1, 4)) {
        const rest = parse(text.slice(item.start));
        const tail = file.items.filter((i) => i.start >= item.start).map((i) => ({ ...i, start: i.start - item.start }));
        assert.deepEqual(plain(rest.items), plain(tail));
      }
    }), { numRuns: 1000 });
  });
});
