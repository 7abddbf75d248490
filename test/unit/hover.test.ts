// Hover: what a state means (canonical name, doc, RFC, ss command, edges in and out), where an
// alias comes from, what a label or conversation word means; nothing on blanks and comments.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/service/analyze';
import { hoverAt, type HoverResult } from '../../server/src/service/hover';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STACK_AND_EVENT_WORD_DOCS, STATE_DOCS, WORD_DOCS, wordDoc } from '../../server/src/tcp/docs';
import { ROOT } from '../support/fixtures';
import { ALIASES, edgesFrom, edgesTo, type State, STATES, stayingSteps } from '../../server/src/tcp/machine';
import { rfcLink, rfcUrl, statePage } from '../../server/src/service/stateDoc';

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

describe('hover on the words of stacks, time and the new events', () => {
  const text = [
    'scenario "Linux" {',
    '  stack linux',
    '  FIN_WAIT_2 -> CLOSED : timeout fin-wait-2',
    '  ESTABLISHED -> FIN_WAIT_1 : shutdown / send FIN',
    '}',
    'conversation "New words" {',
    '  stack client linux, server rfc9293',
    '  start client ESTABLISHED, server ESTABLISHED',
    '  0.5 server: recv old SYN',
    '  +0.1 client: recv ACK / delay ACK',
    '  client: send ACK',
    '  server: timeout keepalive',
    '  client: timeout retransmit',
    '  server: timeout user',
    '  client: crash',
    '}',
    '',
  ].join('\n');

  const cases: [string, string, number, string][] = [
    // [word as written, the docs key, occurrence, what]
    ['stack', 'stack', 0, 'stack in a scenario'],
    ['linux', 'linux', 0, 'linux in a scenario'],
    ['fin-wait-2', 'fin-wait-2', 0, 'the fin-wait-2 timer in a label'],
    ['shutdown', 'shutdown', 0, 'shutdown in a label'],
    ['stack', 'stack', 1, 'stack in a conversation'],
    ['linux', 'linux', 1, 'a per-peer stack'],
    ['rfc9293', 'rfc9293', 0, 'rfc9293'],
    ['old', 'old', 0, 'recv old'],
    ['delay', 'delay', 0, '/ delay ACK'],
    ['keepalive', 'keepalive', 0, 'timeout keepalive'],
    ['retransmit', 'retransmit', 0, 'timeout retransmit'],
    ['user', 'user', 0, 'timeout user'],
    ['crash', 'crash', 0, 'crash'],
  ];

  for (const [word, key, nth, what] of cases) {
    it(`${what}: ${key}'s doc`, () => {
      const start = offsetOf(text, word, nth);
      const h = hover(text, start + 1);
      assert.ok(h, `no hover on ${what}`);
      const doc = STACK_AND_EVENT_WORD_DOCS[key];
      assert.ok(doc, `no doc for ${key}`);
      assert.ok(h.markdown.includes(`**${doc.title}**\n\n${doc.doc}`), `${what}: expected ${JSON.stringify(doc.title)} in:\n${h.markdown}`);
      assert.deepEqual(h.span, { start, end: start + word.length });
    });
  }

  it('on a conversation line the step comes first, then the word; the ACK of `/ delay ACK` is the flag', () => {
    const onDelay = hover(text, offsetOf(text, 'delay', 0, 1))!;
    assert.ok(onDelay.markdown.startsWith('**`client: recv ACK / delay ACK`**'), onDelay.markdown);
    assert.match(onDelay.markdown, /\n---\n\n\*\*delay ACK — the ACK of this arrival is sent later\*\*/);
    const ack = offsetOf(text, 'ACK', 1);
    assert.equal(text.slice(ack - 6, ack + 3), 'delay ACK');
    assert.match(hover(text, ack + 1)!.markdown, /\*\*ACK — acknowledgment\*\*/);
  });

  it('`fin_wait_2` is the same timer word as `fin-wait-2`; unknown words have no doc', () => {
    assert.equal(wordDoc('FIN_WAIT_2')?.title, STACK_AND_EVENT_WORD_DOCS['fin-wait-2'].title);
    assert.equal(wordDoc('Linux'), STACK_AND_EVENT_WORD_DOCS.linux);
    assert.equal(wordDoc('bsd'), undefined);
  });
});

describe('hover on conversation lines', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'hints', 'facts.tcpfsm'), 'utf8');
  const lineStart = (n: number) => text.split('\n').slice(0, n).join('\n').length + 1;

  it('a timed line: stacks, the time and how long each state lasted, the check, the owed ACK, in flight', () => {
    const line = lineStart(53); // `  +0.1 server: recv FIN / delay ACK`
    assert.equal(text.slice(line, line + 36), '  +0.1 server: recv FIN / delay ACK\n');
    const h = hover(text, line + 7)!; // on `server`
    assert.equal(h.markdown, [
      '**`server: recv FIN / delay ACK`**',
      '| client (linux) | server (linux) |\n|---|---|\n| FIN_WAIT_1 | ESTABLISHED → **CLOSE_WAIT** |',
      "At 1.1 s · server's ESTABLISHED lasted 1.1 s (from 0 s) · client in FIN_WAIT_1 for 0.1 s (since 1 s)",
      "Received: `FIN+ACK` client → server (its ACK acknowledges server's SYN)  \nPassive close; the ACK is delayed: server owes it.",
      'RFC 9293 section 3.10.7.4 — eighth check: FIN',
      'In flight client → server: nothing  \nIn flight server → client: nothing',
    ].join('\n\n'));
    assert.deepEqual(h.span, { start: line + 2, end: line + 35 });
  });

  it('a line while the other peer owes an ACK says so; a retransmission and a duplicate are marked', () => {
    const owes = [
      'conversation "c" {', '  start client ESTABLISHED, server ESTABLISHED', '  client: close', '  server: recv FIN / delay ACK', '  client: send ACK', '}',
    ].join('\n');
    const other = hover(owes, offsetOf(owes, 'client: send ACK', 0, 1))!.markdown;
    assert.match(other, /\nserver still owes client an ACK \(delayed\): the next segment server sends carries it\.\n/);
    const paid = hover(text, lineStart(55) + 3)!.markdown; // `  client: recv ACK`, after the server paid
    assert.doesNotMatch(paid, /owes/);
    const resent = hover(text, lineStart(8) + 3)!.markdown; // `  server: timeout retransmit`
    assert.match(resent, /Sent: `FIN\+ACK` \(retransmission\) server → client/);
    assert.match(resent, /RFC 9293 section 3\.10\.8\n/);
    const dup = hover(text, lineStart(9) + 3)!.markdown;
    assert.match(dup, /RFC 9293 section 3\.10\.7\.4 — first check: duplicate FIN/);
    const probe = hover(text, lineStart(17) + 3)!.markdown;
    assert.match(probe, /Received: `ACK` \(keep-alive probe\) client → server/);
    assert.match(probe, /RFC 9293 section 3\.10\.7\.4 — first check: keep-alive probe, answered with ACK/);
    const owing = hover(text, lineStart(3) + 3)!.markdown; // `  client: close` while nobody owes yet
    assert.doesNotMatch(owing, /owes/);
    const still = hover(text, lineStart(4) + 3)!.markdown; // the server's own delayed ACK: said by the note
    assert.match(still, /the ACK is delayed: server owes it\./);
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

  it('every word of stacks, time and the new events has a doc of its own, with no key shared with WORD_DOCS', () => {
    const words = 'stack linux rfc9293 shutdown crash old delay retransmit user keepalive fin-wait-2'.split(' ');
    assert.deepEqual(Object.keys(STACK_AND_EVENT_WORD_DOCS).sort(), [...words].sort());
    for (const word of words) {
      const doc = STACK_AND_EVENT_WORD_DOCS[word];
      assert.ok(doc.title.trim().length > 0 && doc.doc.trim().length > 0, word);
      if (doc.rfc !== undefined) assert.match(doc.rfc, /^\d/, `${word}.rfc`);
      assert.equal(WORD_DOCS[word], undefined, `${word} is in both lists`);
    }
  });
});

describe('hover: properties', () => {
  const TOKENS = [
    'scenario', 'conversation', '"x"', '{', '}', '\n', '\r\n', '->', 'CLOSED', 'LISTEN', 'SYN_RCVD', 'ESTAB', 'SYN_SEND', ':', 'recv',
    'send', 'SYN', '+', 'ACK', 'FIN', 'of', '/', ',', '#c', ' ', 'peers', 'start', 'expect', 'client', 'server', 'connect',
    'lose', 'timeout', '2MSL', 'é', '🚀', 'stack', 'linux', 'rfc9293', 'old', 'delay', 'crash', 'shutdown', 'keepalive', '0.5', '+0.1',
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

describe('state hover for a client with command links (VS Code): the essentials first', () => {
  const text = ['scenario "All states" {', ...STATES.map((s) => `  ${s} -> CLOSED`), '}', ''].join('\n');
  const compact = (state: State) => hoverAt(analyze(text).file, text, offsetOf(text, `  ${state} ->`, 0, 3), { commandLinks: true })?.markdown ?? '';

  for (const state of STATES) {
    it(`${state}: one sentence, a compact table, the exceptional edges on one line, More… to the page`, () => {
      const md = compact(state);
      const blocks = md.split('\n\n---\n\n');
      assert.equal(blocks.length, 3, md);
      const [first, table, more] = blocks;
      assert.ok(first.length < 400, `the first block is ${first.length} characters:\n${first}`);
      assert.equal(first, `**${state}** · ${state === 'CLOSED' ? 'no connection' : ['LISTEN', 'SYN_SENT', 'SYN_RECEIVED'].includes(state) ? 'not yet synchronized' : 'synchronized state'} · RFC 9293 [3.3.2](https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2)\n\n${STATE_DOCS[state].summary}`);
      // One row per main edge in and out, each with its section linked.
      const rows = table.split('\n').filter((l) => /^\| [←→] \|/.test(l));
      const main = [...edgesTo(state).filter((e) => e.kind === 'main').map((e) => `← ${e.from}`), ...edgesFrom(state).filter((e) => e.kind === 'main').map((e) => `→ ${e.to}`)];
      assert.deepEqual(rows.map((r) => r.split(' | ').slice(0, 2).join(' ').replace(/^\| /, '')), main);
      for (const row of rows) assert.match(row, /\| \[(\d+(\.\d+)*)\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9293#section-\1\) \|$/);
      // The exceptional edges: one line, each target (or source) once.
      const exceptional = table.split('\n').filter((l) => l.startsWith('*Exceptional:*'));
      assert.equal(exceptional.length, 1, table);
      assert.ok(exceptional[0].length < 200, exceptional[0]);
      assert.doesNotMatch(md, /note 3/, 'no note repeated per edge');
      // The long explanation is behind the link.
      assert.ok(!md.includes(STATE_DOCS[state].meaning));
      assert.equal(more, `[More about ${state}…](command:tcpfsm.showStateDoc?${encodeURIComponent(JSON.stringify([state]))} "Open the whole page on ${state} beside the editor") · \`${STATE_DOCS[state].ssCommand}\``);
      assert.ok(md.length < 1300, `${md.length} characters`);
    });
  }

  it('an alias says what it is in the first block', () => {
    const t = 'scenario "A" {\n  SYN_RCVD -> CLOSED\n}\n';
    const md = hoverAt(analyze(t).file, t, offsetOf(t, 'SYN_RCVD', 0, 2), { commandLinks: true })?.markdown ?? '';
    assert.match(md.split('\n\n---\n\n')[0], /^\*\*SYN_RECEIVED\*\* — `SYN_RCVD` is the BSD and the RFC 9293 figure name for SYN_RECEIVED · /);
  });
});

describe('the full page on a state (More…)', () => {
  for (const state of STATES) {
    it(`${state}: meaning, who gets here, every edge and staying step, Linux, linked sections`, () => {
      const page = statePage(state);
      const doc = STATE_DOCS[state];
      assert.ok(page.startsWith(`# ${state}\n\n`));
      for (const part of [doc.summary, doc.meaning, doc.whoGetsHere, doc.linuxNames, doc.ssCommand, ...doc.linuxDifferences]) assert.ok(page.includes(part), part);
      for (const e of edgesFrom(state)) assert.ok(page.includes(`- ${e.to} on \``), `goes to ${e.to}`);
      for (const e of edgesTo(state)) assert.ok(page.includes(`- ${e.from} on \``), `comes from ${e.from}`);
      assert.equal(page.includes(`**Stays in ${state} on**`), stayingSteps(state).length > 0);
      assert.doesNotMatch(page, /\]\(undefined\)/);
    });
  }

  it('links RFC 9293 sections, other RFCs, and leaves other references as text', () => {
    assert.equal(rfcUrl('3.10.7.4'), 'https://www.rfc-editor.org/rfc/rfc9293#section-3.10.7.4');
    assert.equal(rfcUrl('3.3.2 (Figure 5)'), 'https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2');
    assert.equal(rfcUrl('3.3.2 note 3'), 'https://www.rfc-editor.org/rfc/rfc9293#section-3.3.2');
    assert.equal(rfcUrl('RFC 1122 4.2.2.13'), 'https://www.rfc-editor.org/rfc/rfc1122#section-4.2.2.13');
    assert.equal(rfcUrl('RFC 6191'), 'https://www.rfc-editor.org/rfc/rfc6191');
    assert.equal(rfcUrl('Linux tcp_fin_timeout'), undefined);
    assert.equal(rfcLink('Linux tcp_fin_timeout'), 'Linux tcp_fin_timeout');
  });
});
