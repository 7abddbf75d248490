// Hover: what a state means (canonical name, doc, RFC, ss command, edges in and out), where an
// alias comes from, what a label or conversation word means; nothing on blanks and comments.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/service/analyze';
import { hoverAt, type HoverResult } from '../../server/src/service/hover';
import { STATE_DOCS, WORD_DOCS } from '../../server/src/tcp/docs';
import { ALIASES, edgesFrom, edgesTo, type State, STATES } from '../../server/src/tcp/machine';

/** Hover at `offset` of `text`. */
function hover(text: string, offset: number): HoverResult | undefined {
  return hoverAt(analyze(text).file, text, offset);
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_-]/.test(c);

/**
 * Offset of the `nth` occurrence of `needle` as a whole token (not inside a longer word:
 * `FIN` is not found in `FIN_WAIT_1`), plus `into`.
 */
function offsetOf(text: string, needle: string, nth = 0, into = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    for (;;) {
      i = text.indexOf(needle, i + 1);
      assert.ok(i >= 0, `${JSON.stringify(needle)} #${nth} is not in the text`);
      const startsInWord = isWordChar(needle[0]) && isWordChar(text[i - 1]);
      const endsInWord = isWordChar(needle[needle.length - 1]) && isWordChar(text[i + needle.length]);
      if (!startsInWord && !endsInWord) break;
    }
  }
  return i + into;
}

function assertStateHover(h: HoverResult | undefined, state: State, what: string): string {
  assert.ok(h, `no hover for ${what}`);
  const md = h.markdown;
  const doc = STATE_DOCS[state];
  assert.ok(md.includes(`**${state}**`), `${what}: the hover should name ${state}:\n${md}`);
  assert.ok(md.includes(doc.summary), `${what}: the hover should give ${state}'s summary`);
  assert.ok(md.includes(doc.meaning), `${what}: the hover should give ${state}'s meaning`);
  assert.ok(md.includes('RFC 9293'), `${what}: the hover should cite RFC 9293`);
  assert.ok(md.includes(doc.ssCommand), `${what}: the hover should give \`${doc.ssCommand}\``);
  assert.ok(md.includes(doc.linuxNames), `${what}: the hover should give the Linux names`);
  assert.equal(md.includes('Comes from'), edgesTo(state).length > 0, `${what}: 'Comes from' iff ${state} has incoming edges`);
  assert.equal(md.includes('Goes to'), edgesFrom(state).length > 0, `${what}: 'Goes to' iff ${state} has outgoing edges`);
  for (const e of edgesFrom(state)) assert.ok(md.includes(`- ${e.to} on `), `${what}: 'Goes to' should list ${e.to}`);
  for (const e of edgesTo(state)) assert.ok(md.includes(`- ${e.from} on `), `${what}: 'Comes from' should list ${e.from}`);
  return md;
}

describe('hover on states', () => {
  // One step per state, with the state first: `STATE -> CLOSED`.
  const text = ['scenario "All states" {', ...STATES.map((s) => `  ${s} -> CLOSED`), '}', ''].join('\n');

  for (const state of STATES) {
    it(`${state}: canonical name, doc, RFC 9293, ss command, edges in and out`, () => {
      const start = offsetOf(text, `  ${state} ->`, 0, 2);
      for (const at of [start, start + 1, start + state.length - 1, start + state.length]) {
        const h = hover(text, at);
        assertStateHover(h, state, `${state} at +${at - start}`);
        assert.deepEqual(h?.span, { start, end: start + state.length });
      }
    });
  }

  it('every state has edges both in and out, so both sections show', () => {
    for (const state of STATES) {
      const md = hover(text, offsetOf(text, `  ${state} ->`, 0, 3))?.markdown ?? '';
      assert.match(md, /\*\*Comes from\*\*/, state);
      assert.match(md, /\*\*Goes to\*\*/, state);
    }
  });

  it('the second state of a step, and states in a chain', () => {
    const chain = 'scenario "Chain" {\n  ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED\n}\n';
    for (const state of ['ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED'] as const) {
      assertStateHover(hover(chain, offsetOf(chain, state, 0, 2)), state, state);
    }
  });

  it('case and `-`/`_` do not matter', () => {
    const t = 'scenario "S" {\n  fin-wait-1 -> Fin_Wait_2\n}\n';
    assertStateHover(hover(t, offsetOf(t, 'fin-wait-1', 0, 1)), 'FIN_WAIT_1', 'fin-wait-1');
    assertStateHover(hover(t, offsetOf(t, 'Fin_Wait_2', 0, 1)), 'FIN_WAIT_2', 'Fin_Wait_2');
  });

  it('states in a conversation\'s start and expect lines', () => {
    const t = 'conversation "C" {\n  start client ESTABLISHED, server CLOSE_WAIT\n  expect client FIN_WAIT_1, server SYN_RCVD\n}\n';
    assertStateHover(hover(t, offsetOf(t, 'ESTABLISHED', 0, 4)), 'ESTABLISHED', 'start ESTABLISHED');
    assertStateHover(hover(t, offsetOf(t, 'CLOSE_WAIT', 0, 4)), 'CLOSE_WAIT', 'start CLOSE_WAIT');
    assertStateHover(hover(t, offsetOf(t, 'FIN_WAIT_1', 0, 4)), 'FIN_WAIT_1', 'expect FIN_WAIT_1');
    const alias = assertStateHover(hover(t, offsetOf(t, 'SYN_RCVD', 0, 4)), 'SYN_RECEIVED', 'expect SYN_RCVD');
    assert.match(alias, /`SYN_RCVD` is the BSD and the RFC 9293 figure name for SYN_RECEIVED/);
  });
});

describe('hover: what else happens in a state, and the corrected facts', () => {
  const text = ['scenario "All states" {', ...STATES.map((s) => `  ${s} -> CLOSED`), '}', ''].join('\n');
  const md = (state: State) => hover(text, offsetOf(text, `  ${state} ->`, 0, 3))?.markdown ?? '';

  it('every state lists its details under "Also in STATE", each in full', () => {
    for (const state of STATES) {
      const details = STATE_DOCS[state].details ?? [];
      assert.ok(details.length > 0, `${state} has no details`);
      const m = md(state);
      assert.ok(m.includes(`**Also in ${state}**\n- ${details[0]}`), `${state}:\n${m}`);
      for (const d of details) assert.ok(m.includes(`- ${d}`), `${state} lacks ${JSON.stringify(d.slice(0, 40))}`);
    }
  });

  it('the new behaviours are where they happen', () => {
    assert.match(md('TIME_WAIT'), /RFC 6191/);
    assert.match(md('TIME_WAIT'), /timestamp is newer than the last one/);
    assert.match(md('TIME_WAIT'), /240 s on `stack rfc9293`, 60 s on `stack linux`/);
    assert.match(md('FIN_WAIT_2'), /`timeout fin-wait-2` on `stack linux`/);
    assert.match(md('FIN_WAIT_2'), /After `shutdown\(SHUT_WR\)`[^\n]*no timer/);
    assert.match(md('FIN_WAIT_1'), /data that still arrives is answered with RST/);
    for (const state of ['ESTABLISHED', 'CLOSE_WAIT', 'FIN_WAIT_2'] as const) assert.match(md(state), /Written `timeout keepalive`/, state);
    for (const state of ['ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'CLOSE_WAIT', 'CLOSING', 'LAST_ACK'] as const) {
      assert.match(md(state), /Challenge ACKs \(RFC 5961\)/, state);
    }
    assert.match(md('SYN_SENT'), /Half-open discovery \(RFC 9293 Figure 9\)/);
    assert.match(md('CLOSED'), /Half-open discovery \(RFC 9293 Figure 9\)/);
  });

  it('corrected: the tail loss probe in LAST_ACK, the RST that is answered, CLOSE is netstat\'s', () => {
    assert.match(md('LAST_ACK'), /about 200 ms on plain loopback\. \(The capture scenario-8, made with an added 100 ms delay each way, shows about 0\.6 s\.\)/);
    assert.doesNotMatch(md('LAST_ACK'), /600 ms on loopback/);
    assert.match(WORD_DOCS.rst.doc, /in the window but not exact is answered with a challenge ACK/);
    assert.doesNotMatch(WORD_DOCS.rst.doc, /is never answered;/);
    const alias = 'scenario "S" {\n  CLOSE -> LISTEN\n}\n';
    assert.match(hover(alias, offsetOf(alias, 'CLOSE', 0, 1))?.markdown ?? '', /`CLOSE` is the Linux netstat name for CLOSED/);
    assert.match(STATE_DOCS.CLOSED.linuxNames, /\/proc\/net\/tcp: 07 \(the file prints hex state codes, not names\)/);
  });

  it('`timeout` names every timer and the bare rule', () => {
    const doc = WORD_DOCS.timeout.doc;
    for (const timer of ['retransmit', '2MSL', 'user', 'keepalive', 'fin-wait-2']) assert.ok(doc.includes(`\`timeout ${timer}\``), timer);
    assert.match(doc, /first of retransmit, 2MSL and fin-wait-2/);
    assert.match(doc, /`early-timeout`/);
  });
});

describe('hover on aliases', () => {
  const aliases = STATES.flatMap((state) => ALIASES[state].map((alias) => ({ state, alias })));

  it('the spec\'s aliases are all there', () => {
    assert.deepEqual(aliases.map((a) => a.alias.name).sort(), [
      'CLOSE', 'ESTAB', 'FINWAIT_1', 'FINWAIT_2', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RCVD', 'SYN_RECV', 'UNCONN',
    ]);
  });

  for (const { state, alias } of aliases) {
    it(`${alias.name} (${alias.origin}) names ${state} and the alias's origin`, () => {
      const text = `scenario "Alias" {\n  ${alias.name} -> CLOSED\n  CLOSED -> ${alias.name}\n}\n`;
      for (const nth of [0, 1]) {
        const start = offsetOf(text, alias.name, nth);
        const h = hover(text, start + 1);
        const md = assertStateHover(h, state, `${alias.name} #${nth}`);
        assert.ok(md.includes(`\`${alias.name}\``), `the hover should quote the alias ${alias.name}`);
        assert.ok(md.includes(alias.origin), `the hover should say the alias comes from ${alias.origin}:\n${md}`);
        assert.ok(md.includes(`name for ${state}`), md);
        assert.deepEqual(h?.span, { start, end: start + alias.name.length });
      }
    });
  }

  it('an alias written in another case or with `-` still names its canonical state and origin', () => {
    const text = 'scenario "Alias" {\n  syn-recv -> CLOSED\n}\n';
    const md = assertStateHover(hover(text, offsetOf(text, 'syn-recv', 0, 2)), 'SYN_RECEIVED', 'syn-recv');
    assert.ok(md.includes('Linux'), md);
  });

  it('a canonical name does not claim to be an alias', () => {
    const text = 'scenario "S" {\n  SYN_RECEIVED -> CLOSED\n}\n';
    const md = hover(text, offsetOf(text, 'SYN_RECEIVED', 0, 1))?.markdown ?? '';
    assert.doesNotMatch(md, /is the .* name for/);
  });
});

describe('hover on words', () => {
  const text = [
    'scenario "Words" {',
    '  SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK',
    '  FIN_WAIT_1 -> FIN_WAIT_2 : rcv ACK of FIN',
    '  TIME_WAIT -> CLOSED : timeout 2MSL, delete TCB',
    '  CLOSED -> LISTEN : passive open / create TCB',
    '  LISTEN -> SYN_SENT : send data / snd SYN',
    '  ESTABLISHED -> CLOSED : receive RST, abort',
    '}',
    'conversation "Talk" {',
    '  peers client, server',
    '  start client CLOSED, server LISTEN',
    '  client: connect',
    '  server: lose SYN',
    '  client: timeout',
    '  server: recv FIN',
    '  client: close',
    '  expect client CLOSED, server LISTEN',
    '}',
    '',
  ].join('\n');

  const cases: [string, string, number, string][] = [
    // [word as written, the WORD_DOCS key, occurrence, what]
    ['recv', 'recv', 0, 'recv in a label'],
    ['SYN', 'syn', 0, 'SYN of SYN+ACK'],
    ['ACK', 'ack', 0, 'ACK of SYN+ACK'],
    ['send', 'send', 0, 'send in a label'],
    ['ACK', 'ack', 1, 'ACK after send'],
    ['rcv', 'rcv', 0, 'rcv'],
    ['of', 'of', 0, 'of'],
    ['FIN', 'fin', 0, 'FIN after of'],
    ['timeout', 'timeout', 0, 'timeout in a label'],
    ['2MSL', '2msl', 0, '2MSL'],
    ['delete', 'delete', 0, 'delete TCB'],
    ['TCB', 'tcb', 0, 'TCB'],
    ['passive', 'passive', 0, 'passive open'],
    ['open', 'open', 0, 'open'],
    ['create', 'create', 0, 'create TCB'],
    ['data', 'data', 0, 'send data'],
    ['snd', 'snd', 0, 'snd'],
    ['receive', 'receive', 0, 'receive'],
    ['RST', 'rst', 0, 'RST'],
    ['abort', 'abort', 0, 'abort in a label'],
    ['scenario', 'scenario', 0, 'the scenario keyword'],
    ['conversation', 'conversation', 0, 'the conversation keyword'],
    ['peers', 'peers', 0, 'peers'],
    ['start', 'start', 0, 'start'],
    ['connect', 'connect', 0, 'connect event'],
    ['lose', 'lose', 0, 'lose event'],
    ['SYN', 'syn', 2, 'SYN in a conversation segment'],
    ['timeout', 'timeout', 1, 'timeout event'],
    ['close', 'close', 0, 'close event'],
    ['expect', 'expect', 0, 'expect'],
  ];

  for (const [word, key, nth, what] of cases) {
    it(`${what}: ${key}'s title`, () => {
      const start = offsetOf(text, word, nth);
      assert.equal(text.slice(start, start + word.length), word);
      const h = hover(text, start + (word.length > 1 ? 1 : 0));
      assert.ok(h, `no hover on ${what}`);
      const doc = WORD_DOCS[key];
      assert.ok(doc, `WORD_DOCS has no ${key}`);
      assert.ok(h.markdown.includes(doc.title), `${what}: expected the title ${JSON.stringify(doc.title)} in:\n${h.markdown}`);
      assert.ok(h.markdown.includes(doc.doc));
      if (doc.rfc) assert.ok(h.markdown.includes(`RFC 9293 section ${doc.rfc}`));
      assert.deepEqual(h.span, { start, end: start + word.length });
    });
  }

  it('sanity: the occurrences used above are the intended ones', () => {
    assert.equal(offsetOf(text, 'SYN', 2), offsetOf(text, 'lose SYN', 0, 5));
    assert.equal(offsetOf(text, 'FIN', 0), offsetOf(text, 'of FIN', 0, 3));
    assert.equal(offsetOf(text, 'timeout', 1), offsetOf(text, 'client: timeout', 0, 8));
    assert.equal(offsetOf(text, 'SYN', 0), offsetOf(text, 'SYN+ACK', 0));
    assert.equal(offsetOf(text, 'ACK', 1), offsetOf(text, 'send ACK', 0, 5));
  });
});

describe('hover on nothing', () => {
  const text = [
    '# a top-level comment',
    'scenario "S" {',
    '  # a comment inside the block',
    '  CLOSED ->   LISTEN : listen   # a trailing comment',
    '',
    '  LISTEN -> CLOSED : close',
    '}',
    '// another comment',
    '',
  ].join('\n');

  const positions: [string, number][] = [
    ['the top-level comment', offsetOf(text, 'top-level')],
    ['the start of the file', 0],
    ['a comment inside the block', offsetOf(text, 'comment inside')],
    ['the indentation of a step', offsetOf(text, '  CLOSED', 0, 1)],
    ['blanks between -> and a state', offsetOf(text, '->   LISTEN', 0, 3)],
    ['the trailing comment', offsetOf(text, 'trailing')],
    ['blanks before a trailing comment', offsetOf(text, 'listen   #', 0, 8)],
    ['an empty line inside the block', offsetOf(text, '\n\n', 0, 1)],
    ['the // comment after the block', offsetOf(text, 'another')],
    ['the end of the file', text.length],
    ['the block name string', offsetOf(text, '"S"', 0, 1)],
  ];

  for (const [what, offset] of positions) {
    it(`${what}: undefined`, () => {
      assert.equal(hover(text, offset), undefined, `hover at ${offset} (${JSON.stringify(text.slice(offset, offset + 10))})`);
    });
  }

  it('an empty document and a comments-only document: undefined everywhere', () => {
    assert.equal(hover('', 0), undefined);
    const comments = '# one\n// two\n';
    for (let i = 0; i <= comments.length; i++) assert.equal(hover(comments, i), undefined, `at ${i}`);
  });
});

describe('hover on an unknown state', () => {
  const cases: [string, string][] = [
    ['SYN_SEND', 'SYN_SENT'],
    ['SEND_SYN', 'SYN_SENT'],
    ['SYN_SEN', 'SYN_SENT'],
    ['STABLISHED', 'ESTABLISHED'],
  ];
  for (const [written, meant] of cases) {
    it(`${written} suggests ${meant}`, () => {
      const text = `scenario "S" {\n  CLOSED -> ${written}\n}\n`;
      const start = offsetOf(text, written);
      const h = hover(text, start + 1);
      assert.ok(h);
      assert.match(h.markdown, new RegExp(`^\`${written}\` is not a TCP state; did you mean .*${meant}`));
      assert.deepEqual(h.span, { start, end: start + written.length });
    });
  }

  it('a name close to nothing says it is not a state, without suggestions', () => {
    const text = 'scenario "S" {\n  CLOSED -> XYZZYPLUGH\n}\n';
    const h = hover(text, offsetOf(text, 'XYZZYPLUGH', 0, 1));
    assert.equal(h?.markdown, '`XYZZYPLUGH` is not a TCP state.');
  });
});

describe('docs tables', () => {
  it('every state has a STATE_DOCS entry with non-empty fields', () => {
    assert.deepEqual(Object.keys(STATE_DOCS).sort(), [...STATES].sort());
    for (const state of STATES) {
      const doc = STATE_DOCS[state];
      for (const field of ['summary', 'meaning', 'whoGetsHere', 'linuxNames', 'ssCommand'] as const) {
        assert.equal(typeof doc[field], 'string', `${state}.${field}`);
        assert.ok(doc[field].trim().length > 0, `${state}.${field} is empty`);
      }
      assert.match(doc.ssCommand, /^ss /, `${state}.ssCommand`);
      assert.ok(Array.isArray(doc.linuxDifferences), `${state}.linuxDifferences`);
      for (const [i, d] of doc.linuxDifferences.entries()) assert.ok(d.trim().length > 0, `${state}.linuxDifferences[${i}] is empty`);
    }
  });

  it('every grammar word has a WORD_DOCS entry with a title and a doc', () => {
    const words = ('listen connect close abort send snd data recv rcv receive timeout 2msl passive active open create delete tcb ' +
      'of syn ack fin rst lose expect peers start scenario conversation').split(' ');
    for (const word of words) {
      const doc = WORD_DOCS[word];
      assert.ok(doc, `WORD_DOCS has no entry for ${word}`);
      assert.ok(doc.title.trim().length > 0, `${word}.title is empty`);
      assert.ok(doc.doc.trim().length > 0, `${word}.doc is empty`);
      if (doc.rfc !== undefined) assert.match(doc.rfc, /^\d/, `${word}.rfc`);
    }
    for (const key of Object.keys(WORD_DOCS)) assert.equal(key, key.toLowerCase(), `WORD_DOCS keys are lowercase: ${key}`);
  });
});

describe('hover: properties', () => {
  const TOKENS = [
    'scenario', 'conversation', '"x"', '{', '}', '\n', '\r\n', '->', 'CLOSED', 'LISTEN', 'SYN_RCVD', 'ESTAB', 'SYN_SEND', ':', 'recv',
    'send', 'SYN', '+', 'ACK', 'FIN', 'of', '/', ',', '#c', ' ', 'peers', 'start', 'expect', 'client', 'server', 'connect',
    'lose', 'timeout', '2MSL', 'é', '🚀',
  ];
  const doc = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join(''));

  it('at any offset of any text: never throws; a hover covers the offset and has text', () => {
    fc.assert(fc.property(doc, (text) => {
      const file = analyze(text).file;
      for (let offset = 0; offset <= text.length; offset++) {
        const h = hoverAt(file, text, offset);
        if (!h) continue;
        assert.ok(h.markdown.length > 0);
        assert.ok(h.span.start <= offset && offset <= h.span.end, `hover span ${JSON.stringify(h.span)} does not cover ${offset} in ${JSON.stringify(text)}`);
        assert.ok(h.span.start >= 0 && h.span.end <= text.length && h.span.start < h.span.end);
        // The hovered text is a word, never blanks or a comment.
        assert.match(text.slice(h.span.start, h.span.end), /^[^\s#]+$/u);
      }
    }), { numRuns: 500 });
  });
});
