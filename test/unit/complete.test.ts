// Completion: exact items, in order, for each context (after `->`, after `:`, at a scenario line's
// start, conversation peers, events and expectations, top-level keywords), and a property: any
// offset of any text completes without throwing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/service/analyze';
import { complete, type CompletionEntry } from '../../server/src/service/complete';
import { seedBlock, SEEDS } from '../../server/src/service/seeds';
import { parse } from '../../server/src/syntax/parser';
import { STATES } from '../../server/src/tcp/machine';
import { ROOT } from '../support/fixtures';

/** Completion at the `|` of `marked` (the `|` is removed). */
function at(marked: string, snippets = false): { text: string; offset: number; items: CompletionEntry[] } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'no | in the text');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, items: complete(text, offset, { snippets }) };
}

/**
 * label, detail, kind (and `pre` when preselected) of each item, in order; a state reached over an
 * edge must describe itself on its row as the edge's label (`· exceptional` for exceptional edges,
 * `· stays` for the state itself), and shows `exceptional` or `stays` here for those. An event or
 * a peer shows on its row the start of its detail.
 */
function rows(items: readonly CompletionEntry[]): string[] {
  return items.map((e) => {
    let description = e.description;
    if (e.kind === 'state' && e.detail !== undefined && description !== undefined) {
      const mark = description === e.detail ? undefined : description.slice(e.detail.length + ' · '.length);
      assert.ok(description === e.detail || (description.startsWith(`${e.detail} · `) && (mark === 'exceptional' || mark === 'stays')),
        `${e.label}: description ${description} vs detail ${e.detail}`);
      description = mark;
    } else if ((e.kind === 'event' || e.kind === 'peer') && description !== undefined && e.detail !== undefined && e.detail.startsWith(description)) {
      description = undefined;
    } else if (e.kind === 'keyword' && description === e.detail) {
      description = undefined;
    }
    return [e.label, e.detail ?? '', e.kind, ...(description ? [description] : []), ...(e.preselect ? ['pre'] : [])].join(' | ');
  });
}

const HANDSHAKE = [
  'conversation "Three-way handshake" {',
  '  server: listen',
  '  client: connect',
  '  server: recv SYN',
];

const scenario = (...lines: string[]) => ['scenario "s" {', ...lines, '}', ''].join('\n');

describe('completion in scenarios', () => {
  it('after `->`: the states reachable from the source, main edges first, labels as detail', () => {
    const { items, offset } = at(scenario('  LISTEN -> |'));
    assert.deepEqual(rows(items), [
      'SYN_RECEIVED | recv SYN / send SYN+ACK | state',
      'SYN_SENT | send data / send SYN | state',
      'CLOSED | close | state',
      'CLOSED | abort | state | exceptional',
      'CLOSED | timeout user | state | exceptional',
      'LISTEN | recv ACK / send RST (or 1 more) | state | stays',
    ]);
    assert.deepEqual(items.map((e) => e.sortText), ['0000', '0001', '0002', '0003', '0004', '0005']);
    for (const e of items) assert.deepEqual(e.replace, { start: offset, end: offset });
  });

  it('right after `->` or `:` with no space, the item brings its own', () => {
    const { items } = at(scenario('  LISTEN ->|'));
    assert.deepEqual(items.map((e) => e.insertText), [' SYN_RECEIVED', ' SYN_SENT', ' CLOSED', ' CLOSED', ' CLOSED', ' LISTEN']);
    assert.equal(at(scenario('  SYN_SENT -> ESTABLISHED :|')).items[0].insertText, ' recv SYN+ACK / send ACK');
    assert.equal(at([...HANDSHAKE, '  client:|', '}'].join('\n')).items[0].insertText, ' recv SYN+ACK');
    assert.equal(at(scenario('  LISTEN -> |')).items[0].insertText, undefined);
  });

  it('after `->` with a word typed: the word is replaced, aliases resolve, chains go on from the last state', () => {
    const { items, offset } = at(scenario('  syn-rcvd -> ESTAB|'));
    assert.deepEqual(items.map((e) => e.label), ['ESTABLISHED', 'FIN_WAIT_1', 'CLOSED', 'CLOSED', 'CLOSED', 'SYN_RECEIVED']);
    assert.deepEqual(items[0].replace, { start: offset - 'ESTAB'.length, end: offset });
    const chain = at(scenario('  ESTABLISHED -> CLOSE_WAIT -> |')).items;
    assert.equal(chain[0].label, 'LAST_ACK');
    assert.equal(chain[0].detail, 'close / send FIN');
  });

  it('note 1: after a passive open SYN_RECEIVED goes back to LISTEN on RST, not to CLOSED', () => {
    const { items } = at(scenario('  CLOSED -> LISTEN : listen', '  LISTEN -> SYN_RECEIVED', '  SYN_RECEIVED -> |'));
    assert.deepEqual(rows(items), [
      'ESTABLISHED | recv ACK of SYN | state',
      'FIN_WAIT_1 | close / send FIN | state',
      'LISTEN | recv RST | state | exceptional',
      'LISTEN | recv SYN | state | exceptional',
      'CLOSED | abort / send RST | state | exceptional',
      'CLOSED | timeout user | state | exceptional',
      'SYN_RECEIVED | send data (or 2 more) | state | stays',
    ]);
  });

  it('after `:`: the whole label of the edge, then its parts', () => {
    const { items, offset } = at(scenario('  SYN_SENT -> ESTABLISHED : |'));
    assert.deepEqual(rows(items), [
      'recv SYN+ACK / send ACK | SYN_SENT → ESTABLISHED, RFC 9293 3.10.7.3 | event',
      'recv SYN+ACK | trigger | event',
      'send ACK | action | event',
    ]);
    for (const e of items) assert.deepEqual(e.replace, { start: offset, end: offset });
  });

  it('inside a label: the part being typed is replaced, parts already written are left out', () => {
    const typed = at(scenario('  SYN_SENT -> ESTABLISHED : recv SY|'));
    assert.equal(typed.items.length, 3);
    assert.deepEqual(typed.items[0].replace, { start: typed.offset - 'recv SY'.length, end: typed.offset });
    const rest = at(scenario('  CLOSED -> SYN_SENT : connect / |'));
    assert.deepEqual(rows(rest.items), ['send SYN | action | event']);
    assert.deepEqual(at(scenario('  LISTEN -> ESTABLISHED : |')).items, []);
  });

  it('at the start of a line: where the previous step ended, preselected, then every state', () => {
    const { items } = at(scenario('  CLOSED -> SYN_SENT : connect', '  |'));
    assert.deepEqual(rows(items).slice(0, 2), ['SYN_SENT | where the previous step ended | state | pre', 'CLOSED |  | state']);
    assert.deepEqual(items.map((e) => e.label), ['SYN_SENT', ...STATES.filter((s) => s !== 'SYN_SENT')]);
    // Half-typed, and in an unclosed block.
    const partial = at('scenario "s" {\n  CLOSED -> SYN_SENT : connect\n  SY|');
    assert.equal(partial.items[0].label, 'SYN_SENT');
    assert.equal(partial.items[0].preselect, true);
    // The first line of a block: every state, none preselected, then the stack lines.
    assert.deepEqual(at(scenario('  |')).items.map((e) => e.label), [...STATES, 'stack linux', 'stack rfc9293']);
  });

  it('nothing in comments, strings or after a complete step', () => {
    assert.deepEqual(at(scenario('  # LISTEN -> |')).items, []);
    assert.deepEqual(at(scenario('  LISTEN -> SYN_RECEIVED |')).items, []);
    assert.deepEqual(at('scenario "LISTEN -> |" {\n}\n').items, []);
  });
});


describe('completion in conversations', () => {
  it('after `PEER:`: the arrival at the head of its queue first (and `/ delay ACK` where its answer is one pure ACK), the calls, the timers that run, lose, crash, recv old', () => {
    const { items } = at([...HANDSHAKE, '  client: |', '}', ''].join('\n'));
    assert.deepEqual(rows(items), [
      'recv SYN+ACK | SYN_SENT → ESTABLISHED, sends ACK | event',
      'recv SYN+ACK / delay ACK | SYN_SENT → ESTABLISHED, owes the ACK: its next segment carries it — the ACK is delayed: client owes it | event',
      'send data | stays in SYN_SENT — the data is queued until the connection is established | event',
      'close | SYN_SENT → CLOSED — the TCB is deleted | event',
      'shutdown | SYN_SENT → CLOSED — the TCB is deleted | event',
      'abort | SYN_SENT → CLOSED — nothing is sent | event',
      'timeout retransmit | stays in SYN_SENT, resends SYN — the unacknowledged SYN is sent again | event',
      'timeout user | SYN_SENT → CLOSED — the user timeout: the connection is given up, nothing is sent | event',
      'lose SYN+ACK | stays in SYN_SENT — SYN+ACK is lost | event',
      'crash | SYN_SENT → CLOSED — the host crashed: the connection is forgotten, nothing is sent | event',
      'recv old | a segment from outside the conversation: an old duplicate of an earlier connection (RFC 9293 Figure 8) or a forged one | event | an old or forged segment arrives',
    ]);
    // Every row says what the event does (VS Code shows the description on each row, the detail on the focused one).
    for (const e of items) assert.ok(e.description && e.detail, e.label);
    const old = items.find((e) => e.label === 'recv old')!;
    assert.deepEqual([old.insertText, old.retrigger], ['recv old ', true]);
  });

  it('the simulation stops at the line before the cursor; later lines do not count', () => {
    const { items } = at(['conversation "c" {', '  peers a, b', '  a: |', '  a: listen', '}', ''].join('\n'));
    assert.deepEqual(rows(items), [
      'listen | CLOSED → LISTEN — passive open | event',
      'connect | CLOSED → SYN_SENT, sends SYN — active open | event',
      'recv old | a segment from outside the conversation: an old duplicate of an earlier connection (RFC 9293 Figure 8) or a forged one | event | an old or forged segment arrives',
    ]);
    // Established peers: data, data and FIN in one segment, close, shutdown, abort, a pure ACK,
    // the keep-alive and user timers; no retransmission (nothing is unacknowledged).
    const established = at(['conversation "c" {', '  start client ESTABLISHED, server ESTABLISHED', '  server: |', '}'].join('\n'));
    assert.deepEqual(established.items.map((e) => e.label), [
      'send data', 'send data, close', 'close', 'shutdown', 'abort', 'send ACK', 'timeout keepalive', 'timeout user', 'crash', 'recv old',
    ]);
  });

  it('`/ delay ACK` only where the arrival is answered with exactly one pure ACK', () => {
    const labels = (lines: string[]) => at(['conversation "c" {', ...lines, '}'].join('\n')).items.map((e) => e.label).filter((l) => l.startsWith('recv'));
    // A SYN in LISTEN is answered with SYN+ACK: no.
    assert.deepEqual(labels(['  server: listen', '  client: connect', '  server: |']), ['recv SYN', 'recv old']);
    // A FIN in ESTABLISHED is answered with an ACK: yes.
    assert.deepEqual(labels(['  start client ESTABLISHED, server ESTABLISHED', '  client: close', '  server: |']), ['recv FIN', 'recv FIN / delay ACK', 'recv old']);
    // A RST is answered with nothing: no.
    assert.deepEqual(labels(['  start client ESTABLISHED, server ESTABLISHED', '  client: abort', '  server: |']), ['recv RST', 'recv old']);
    // The ACK of our FIN is answered with nothing: no.
    assert.deepEqual(labels(['  start client ESTABLISHED, server ESTABLISHED', '  client: close', '  server: recv FIN', '  client: |']), ['recv ACK', 'recv old']);
  });

  it('timers: only those that run for the peer now, on its stack; with times, when they can fire', () => {
    const timers = (lines: string[]) => at(['conversation "c" {', ...lines, '}'].join('\n')).items.filter((e) => e.label.startsWith('timeout'));
    const closeBoth = ['  client: close', '  server: recv FIN', '  client: recv ACK'];
    // FIN_WAIT_2 after close: Linux's tcp_fin_timeout runs; RFC 9293 has no such timer.
    assert.deepEqual(rows(timers(['  stack linux', '  start client ESTABLISHED, server ESTABLISHED', ...closeBoth, '  client: |'])), [
      'timeout fin-wait-2 | FIN_WAIT_2 → CLOSED — the orphaned FIN_WAIT_2 socket is deleted, nothing is sent | event',
      'timeout keepalive | stays in FIN_WAIT_2, sends a keep-alive probe | event',
      'timeout user | FIN_WAIT_2 → CLOSED — the user timeout: the connection is given up, nothing is sent | event',
    ]);
    assert.deepEqual(timers(['  start client ESTABLISHED, server ESTABLISHED', ...closeBoth, '  client: |']).map((e) => e.label), ['timeout keepalive', 'timeout user']);
    // In a timed block: TIME_WAIT's 2MSL (60 s on Linux) can fire 60 s after the client entered it.
    const timed = timers([
      '  stack linux', '  start client ESTABLISHED, server ESTABLISHED', '  1 client: close', '  2 server: recv FIN', '  3 client: recv ACK',
      '  4 server: close', '  5 client: recv FIN', '  6 client: |',
    ]);
    assert.deepEqual(rows(timed), [
      'timeout 2MSL | TIME_WAIT → CLOSED; not before 65 s — 2MSL expired: the TCB is deleted | event',
      'timeout user | TIME_WAIT → CLOSED — the user timeout: the connection is given up, nothing is sent | event',
    ]);
  });

  it('`recv old `: each kind of segment from outside the conversation, with what the peer does with it', () => {
    const { items, offset } = at(['conversation "c" {', '  start client ESTABLISHED, server ESTABLISHED', '  client: recv old |', '}'].join('\n'));
    assert.deepEqual(rows(items.filter((e) => e.label.startsWith('recv old'))), [
      'recv old SYN | stays in ESTABLISHED, sends a challenge ACK — an old segment is not acceptable: answered with an ACK and dropped | event',
      'recv old SYN+ACK | stays in ESTABLISHED, sends a challenge ACK — an old segment is not acceptable: answered with an ACK and dropped | event',
      'recv old ACK | stays in ESTABLISHED, sends a challenge ACK — an old segment is not acceptable: answered with an ACK and dropped | event',
      'recv old DATA | stays in ESTABLISHED, sends a challenge ACK — an old segment is not acceptable: answered with an ACK and dropped | event',
      'recv old FIN | stays in ESTABLISHED, sends a challenge ACK — an old segment is not acceptable: answered with an ACK and dropped | event',
      'recv old RST | stays in ESTABLISHED — a RST that is not acceptable is dropped | event',
    ]);
    // The whole event is replaced: everything typed after `client:`.
    assert.deepEqual(items[0].replace, { start: offset - 'recv old '.length, end: offset });
    // An old SYN in LISTEN cannot be told from a new one.
    const listen = at(['conversation "c" {', '  server: listen', '  server: recv old S|', '}'].join('\n')).items;
    assert.equal(rows(listen.filter((e) => e.label === 'recv old SYN'))[0], 'recv old SYN | LISTEN → SYN_RECEIVED, sends SYN+ACK — a connection request: SYN+ACK sent | event');
  });

  it('after a time: the peers, then the events; nothing while the number is typed', () => {
    const lines = [...HANDSHAKE.slice(0, 1), '  0.1 server: listen', '  0.2 client: connect'];
    assert.deepEqual(at([...lines, '  0.3 |', '}'].join('\n')).items.map((e) => e.label), ['client', 'server']);
    assert.deepEqual(at([...lines, '  +0.1 server: |', '}'].join('\n')).items.map((e) => e.label).slice(0, 2), ['recv SYN', 'connect']);
    assert.deepEqual(at([...lines, '  0.3|', '}'].join('\n')).items, []);
  });

  it('crash only where there is a connection to lose', () => {
    const labels = at(['conversation "c" {', '  client: |', '}'].join('\n')).items.map((e) => e.label);
    assert.deepEqual(labels, ['listen', 'connect', 'recv old']);
  });

  it('at the start of a line: the peers (inserting `name: `), then the expectation of the derived states', () => {
    const { items } = at([...HANDSHAKE, '  |', '}', ''].join('\n'));
    assert.deepEqual(rows(items), [
      'client | SYN_SENT, SYN+ACK arriving | peer',
      'server | SYN_RECEIVED | peer',
      'expect client SYN_SENT, server SYN_RECEIVED | the derived states | keyword',
    ]);
    assert.deepEqual(items.map((e) => e.insertText), ['client: ', 'server: ', undefined]);
    const first = at('conversation "c" {\n  |\n}\n').items;
    assert.deepEqual(rows(first), [
      'client | CLOSED | peer',
      'server | CLOSED | peer',
      'expect client CLOSED, server CLOSED | the derived states | keyword',
      'peers | name the two peers | keyword',
      'stack linux | both peers: Linux 6.x: abort sends RST+ACK, close() answers later data with RST, TIME_WAIT 60 s, tcp_fin_timeout 60 s | keyword',
      'stack rfc9293 | both peers: RFC 9293 as written (the default): abort sends RST, TIME_WAIT lasts 240 s, no FIN_WAIT_2 timer | keyword',
      "start | the peers' first states | keyword",
    ]);
    // An owed ACK shows on the peer's row.
    const owing = at(['conversation "c" {', '  start client ESTABLISHED, server ESTABLISHED', '  client: close', '  server: recv FIN / delay ACK', '  |', '}'].join('\n')).items;
    assert.equal(owing[1].detail, 'CLOSE_WAIT, owes an ACK');
  });

  it('a stack line: both peers, or one peer and then the other', () => {
    const conv = (line: string) => at(['conversation "c" {', '  peers a, b', line, '}'].join('\n')).items;
    assert.deepEqual(conv('  stack |').map((e) => e.label), ['linux', 'rfc9293', 'a', 'b']);
    assert.deepEqual(rows(conv('  stack a |')), [
      'linux | a: Linux 6.x: abort sends RST+ACK, close() answers later data with RST, TIME_WAIT 60 s, tcp_fin_timeout 60 s | keyword',
      'rfc9293 | a: RFC 9293 as written (the default): abort sends RST, TIME_WAIT lasts 240 s, no FIN_WAIT_2 timer | keyword',
    ]);
    assert.deepEqual(conv('  stack a linux, |').map((e) => e.label), ['b']);
    // A scenario: `stack` and then a stack.
    assert.deepEqual(at(scenario('  stack |')).items.map((e) => e.label), ['linux', 'rfc9293']);
  });

  it('in `expect PEER `: the derived state of that peer first; after `expect `: each peer with its state', () => {
    const state = at([...HANDSHAKE, '  client: recv SYN+ACK', '  expect client |', '}'].join('\n')).items;
    assert.deepEqual(rows(state.slice(0, 1)), ['ESTABLISHED | client is in ESTABLISHED here | state | pre']);
    assert.equal(state.length, STATES.length);
    const pairs = at([...HANDSHAKE, '  expect client SYN_SENT, |', '}'].join('\n')).items;
    assert.deepEqual(rows(pairs), [
      'client SYN_SENT | client is in SYN_SENT here | peer',
      'server SYN_RECEIVED | server is in SYN_RECEIVED here | peer',
    ]);
  });

  it('an unknown peer gets nothing; a peer named like a keyword is a peer', () => {
    assert.deepEqual(at([...HANDSHAKE, '  bob: |', '}'].join('\n')).items, []);
    const expectPeer = at(['conversation "c" {', '  peers expect, stack', '  stack: |', '}'].join('\n')).items;
    assert.deepEqual(expectPeer.map((e) => e.label), ['listen', 'connect', 'recv old']);
  });
});

describe('completion at top level', () => {
  const seedRows = SEEDS.map((seed) => `seed: ${seed.name} | the seed scenario of ${seed.file} | snippet | ${seed.file.replace('examples/', '')}`);

  it('offers each kind of block once, then the seed scenarios; as snippets when the client expands them', () => {
    assert.deepEqual(rows(at('|').items), [
      'scenario | one endpoint, step by step | keyword',
      'conversation | two peers, states derived by simulation | keyword',
      ...seedRows,
    ]);
    const snippets = at('scenario "a" {\n}\nsc|', true).items;
    assert.deepEqual(snippets.slice(0, 2).map((e) => [e.insertText, e.snippet]), [
      ['scenario "${1:name}" {\n  ${2:CLOSED} -> ${3:LISTEN} : ${4:listen}\n  $0\n}', true],
      ['conversation "${1:name}" {\n  peers ${2:client}, ${3:server}\n  ${3:server}: listen\n  ${2:client}: connect\n  $0\n}', true],
    ]);
    assert.deepEqual(at('scenario "a" {\n}\nscenario |').items, []);
  });

  it('one entry per thing, each with a description on its row; blocks and seeds only outside blocks', () => {
    const places = [
      '|', 'scenario "a" {\n}\n|',
      'scenario "s" {\n  |\n}\n', 'scenario "s" {\n  CLOSED -> |\n}\n', 'scenario "s" {\n  CLOSED -> LISTEN : |\n}\n',
      [...HANDSHAKE, '  |', '}', ''].join('\n'), [...HANDSHAKE, '  client: |', '}', ''].join('\n'), [...HANDSHAKE, '  server: |', '}', ''].join('\n'),
    ];
    for (const place of places) {
      const items = at(place, true).items;
      const labels = items.map((e) => e.label);
      assert.equal(new Set(labels.map((l) => l.toLowerCase())).size, labels.length, `${JSON.stringify(place)}: ${labels.join(', ')}`);
      const inBlock = place.indexOf('{') >= 0 && place.indexOf('|') > place.indexOf('{') && place.indexOf('|') < place.lastIndexOf('}');
      if (inBlock) assert.ok(items.every((e) => e.kind !== 'snippet' && !['scenario', 'conversation'].includes(e.label)), `${JSON.stringify(place)}: ${labels.join(', ')}`);
    }
    // After `client: `, each event says what it does on its row (connect too).
    const events = at(['conversation "c" {', '  client: |', '}', ''].join('\n')).items;
    assert.deepEqual(events.map((e) => [e.label, e.description]).slice(0, 2), [['listen', 'CLOSED → LISTEN'], ['connect', 'CLOSED → SYN_SENT, sends SYN']]);
    // (The detail may add the engine's note after the description: `… — note`.)
    assert.ok(events.filter((e) => !e.retrigger).every((e) => e.description && e.detail?.startsWith(e.description)), JSON.stringify(events.map((e) => [e.description, e.detail])));
  });
});

describe('completion never throws', () => {
  const pieces = [
    'scenario', 'conversation', '"n"', '"', '{', '}', '\n', '\r\n', ' ', '  ', '->', '-', '>', ':', '/', ',', '+', '#', '//',
    'LISTEN', 'SYN_SENT', 'syn-rcvd', 'ESTABLISHED', 'FIN_WAIT_1', 'TIME_WAIT', 'CLOSED', 'BOGUS',
    'recv', 'send', 'lose', 'SYN', 'ACK', 'FIN', 'RST', 'DATA', 'of', 'listen', 'connect', 'close', 'timeout',
    'peers', 'start', 'expect', 'client', 'server', 'a', 'é', '\u{1F600}', '\\',
    'stack', 'linux', 'rfc9293', 'old', 'delay', 'crash', 'shutdown', 'keepalive', '0.5 ', '+0.1 ', ' / delay ACK',
  ];
  it('at every offset of random, half-typed text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.string({ maxLength: 8 }), (parts, noise) => {
        const text = parts.join('') + noise;
        const file = parse(text);
        assert.ok(file.items.length >= 0);
        for (let offset = 0; offset <= text.length; offset++) {
          for (const e of complete(text, offset, { snippets: true })) {
            assert.ok(e.replace.start <= offset && e.replace.end === offset, 'the replaced span ends at the cursor');
            assert.ok(!text.slice(e.replace.start, offset).includes('\n'), 'the replaced span stays on the line');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('seed scenarios', () => {
  it('each seed, as a block, checks clean (as text and as a snippet with its defaults)', () => {
    const expand = (snippet: string) => snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
    for (const seed of SEEDS) {
      assert.deepEqual(analyze(seedBlock(seed, false)).diagnostics.map((d) => d.code), [], seed.name);
      assert.equal(expand(seedBlock(seed, true)), seedBlock(seed, false), seed.name);
    }
  });

  it('are the scenarios of examples/ (but diagnostics.tcpfsm), in order, as written there', () => {
    const seen: string[] = [];
    for (const name of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
      if (!name.endsWith('.tcpfsm') || name === 'diagnostics.tcpfsm') continue;
      const text = fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
      for (const m of text.matchAll(/^scenario "(.*)" \{\n([\s\S]*?)^\}/gm)) {
        seen.push(m[1]);
        const seed = SEEDS.find((s) => s.name === m[1]);
        assert.ok(seed, `no seed for ${m[1]}`);
        assert.equal(seed.file, `examples/${name}`);
        assert.equal(`${seedBlock(seed, false)}`, `${m[0]}\n`, `the seed ${m[1]} is stale`);
      }
    }
    assert.deepEqual(SEEDS.map((s) => s.name), seen);
  });
});
