// Inlay hints of conversation lines: exact labels at exact positions (line:column, 0-based) for
// every kind of fact (a state change, what was sent, a retransmission, a keep-alive probe, a
// duplicate or old segment answered or dropped, a crash, a loss, an owed ACK and the delayed ACK
// that pays it, a skipped line, a time the line does not write), the tooltip's full detail, and
// the design rules for every example: one hint per line, no label longer than 43 characters.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { conversationHints, type InlayHint } from '../../server/src/service/inlay';
import { HINT_MAX_LENGTH } from '../../server/src/service/lineFacts';
import { traceConversations } from '../../server/src/service/trace';
import { ROOT } from '../support/fixtures';

function hintsOf(text: string): InlayHint[] {
  return traceConversations(text).flatMap((table) => conversationHints(text, table, { start: 0, end: text.length }));
}

/** `line:column label`, 0-based like LSP positions. */
function placed(text: string, hints: readonly InlayHint[]): string[] {
  return hints.map((h) => {
    const before = text.slice(0, h.offset);
    const line = before.split('\n').length - 1;
    return `${line}:${h.offset - (before.lastIndexOf('\n') + 1)} ${h.label}`;
  });
}

const FACTS_FILE = path.join(ROOT, 'test', 'fixtures', 'hints', 'facts.tcpfsm');
const FACTS = fs.readFileSync(FACTS_FILE, 'utf8');

describe('inlay hints: labels', () => {
  const hints = placed(FACTS, hintsOf(FACTS));
  const block = (first: string, last: string) => hints.slice(hints.indexOf(first), hints.indexOf(last) + 1);

  it('a close with a delayed ACK, a lost last ACK and the retransmitted FIN acknowledged in TIME_WAIT', () => {
    assert.deepEqual(block('3:15 client → FIN_WAIT_1 · sends FIN', '10:18 server → CLOSED'), [
      '3:15 client → FIN_WAIT_1 · sends FIN',
      '4:30 server → CLOSE_WAIT · owes ACK',
      // The FIN carries the owed ACK: no separate ACK, and the client goes straight to TIME_WAIT.
      '5:15 server → LAST_ACK · sends FIN',
      '6:18 client → TIME_WAIT · sends ACK',
      '7:18 ✗ ACK to server lost',
      '8:28 server LAST_ACK · resends FIN',
      '9:18 client TIME_WAIT · ACKs duplicate FIN',
      '10:18 server → CLOSED',
    ]);
  });

  it('keep-alive probes, old segments answered or dropped, a skipped line, a crash and the RST it leads to', () => {
    assert.deepEqual(block('16:27 client ESTABLISHED · keep-alive probe', '26:18 server → CLOSED'), [
      '16:27 client ESTABLISHED · keep-alive probe',
      '17:18 server ESTABLISHED · ACKs keep-alive probe',
      '18:18 client ESTABLISHED',
      '19:22 server ESTABLISHED · ACKs old SYN',
      '20:18 client ESTABLISHED',
      '21:22 server ESTABLISHED · drops old RST',
      '22:18 skipped · server ESTABLISHED',
      '23:15 client crashed → CLOSED',
      '24:19 server ESTABLISHED · sends DATA',
      '25:19 client CLOSED · sends RST',
      '26:18 server → CLOSED',
    ]);
  });

  it('a retransmitted SYN, then half-open discovery: a challenge ACK and the RST from SYN_SENT', () => {
    assert.deepEqual(block('29:16 server → LISTEN', '40:18 server → CLOSED'), [
      '29:16 server → LISTEN',
      '30:17 client → SYN_SENT · sends SYN',
      '31:18 ✗ SYN to server lost',
      '32:17 client SYN_SENT · resends SYN',
      '33:18 server → SYN_RECEIVED · sends SYN+ACK',
      '34:22 client → ESTABLISHED · sends ACK',
      '35:18 server → ESTABLISHED',
      '36:15 client crashed → CLOSED',
      '37:17 client → SYN_SENT · sends SYN',
      '38:18 server ESTABLISHED · challenge ACK',
      '39:18 client SYN_SENT · sends RST',
      '40:18 server → CLOSED',
    ]);
  });

  it('a simultaneous open: the SYN+ACK whose SYN is a duplicate establishes and is acknowledged', () => {
    const text = [
      'conversation "six segments" {', '  peers a, b', '  a: connect', '  b: connect', '  a: recv SYN', '  b: recv SYN',
      '  a: recv SYN+ACK', '  b: recv SYN+ACK', '  a: recv ACK', '  b: recv ACK', '}',
    ].join('\n');
    assert.deepEqual(placed(text, hintsOf(text)), [
      '2:12 a → SYN_SENT · sends SYN',
      '3:12 b → SYN_SENT · sends SYN',
      '4:13 a → SYN_RECEIVED · sends SYN+ACK',
      '5:13 b → SYN_RECEIVED · sends SYN+ACK',
      '6:17 a → ESTABLISHED · ACKs duplicate SYN',
      '7:17 b → ESTABLISHED · ACKs duplicate SYN',
      '8:13 a ESTABLISHED',
      '9:13 b ESTABLISHED',
    ]);
  });

  it('a peer name too long for the limit: the label is cut with …, never longer than 43', () => {
    assert.deepEqual(block('45:40 a_very_long_server_name_indeed → LISTEN', '47:42 a_very_long_server_name_indeed → SYN_RECEI…'), [
      '45:40 a_very_long_server_name_indeed → LISTEN',
      '46:41 a_very_long_client_name_indeed → SYN_SENT',
      '47:42 a_very_long_server_name_indeed → SYN_RECEI…',
    ]);
  });

  it('a timed block: the time of a line that does not write it absolutely, last, when it fits', () => {
    assert.deepEqual(block('52:17 client → FIN_WAIT_1 · sends FIN', '59:27 client → CLOSED'), [
      '52:17 client → FIN_WAIT_1 · sends FIN',
      '53:35 server → CLOSE_WAIT · owes ACK · at 1.1 s',
      // `+0.04`: 1.14 s, which does not fit after the rest.
      '54:24 server CLOSE_WAIT · sends delayed ACK',
      '55:18 client → FIN_WAIT_2 · at 1.14 s',
      '56:18 server → LAST_ACK · sends FIN · at 2.14 s',
      '57:24 client → TIME_WAIT · sends ACK · at 2.24 s',
      '58:18 server → CLOSED · at 2.24 s',
      // `62.3` is written: no time in the hint.
      '59:27 client → CLOSED',
    ]);
  });
});

describe('inlay hints: tooltips', () => {
  const hints = hintsOf(FACTS);
  const tooltipOf = (label: string) => {
    const found = hints.find((h) => h.label === label);
    assert.ok(found, `no hint ${label}`);
    return found.tooltip;
  };

  it('both peers with their stacks, time and how long each state lasted, the delayed ACK, the RFC check, in flight', () => {
    assert.equal(tooltipOf('server → CLOSE_WAIT · owes ACK').split('\n\n').length, 4);
    const timed = hints.find((h) => h.label === 'server → CLOSE_WAIT · owes ACK · at 1.1 s')!;
    assert.equal(timed.tooltip, [
      '| client (linux) | server (linux) |\n|---|---|\n| FIN_WAIT_1 | ESTABLISHED → **CLOSE_WAIT** |',
      "At 1.1 s · server's ESTABLISHED lasted 1.1 s (from 0 s) · client in FIN_WAIT_1 for 0.1 s (since 1 s)",
      "Received: `FIN+ACK` client → server (its ACK acknowledges server's SYN)  \nPassive close; the ACK is delayed: server owes it.",
      'RFC 9293 section 3.10.7.4 — eighth check: FIN',
      'In flight client → server: nothing  \nIn flight server → client: nothing',
    ].join('\n\n'));
  });

  it('the other peer still owing an ACK; a FIN that carries the owed ACK', () => {
    const lost = tooltipOf('server → LAST_ACK · sends FIN');
    assert.match(lost, /\n`FIN\+ACK` carries the ACK server owed\.\n/);
    const between = hints.find((h) => h.label === 'client → FIN_WAIT_2 · at 1.14 s')!.tooltip;
    assert.doesNotMatch(between, /owes/);
  });

  it('marks on segments, the first check, and engine prose that is not HTML', () => {
    assert.equal(tooltipOf('client TIME_WAIT · ACKs duplicate FIN').split('\n\n').slice(1).join('\n\n'), [
      "Received: `FIN+ACK` (retransmission) server → client (its ACK acknowledges client's FIN)  \nSent: `ACK` client → server (its ACK acknowledges server's FIN)  \nA retransmitted FIN is acknowledged again and 2MSL restarts.",
      'RFC 9293 section 3.10.7.4 — first check: duplicate FIN',
      'In flight client → server: `ACK`  \nIn flight server → client: nothing',
    ].join('\n\n'));
    assert.match(tooltipOf('server ESTABLISHED · ACKs old SYN'),
      /Received: `SYN` \(old duplicate from outside the conversation\) → server {2}\nSent: `ACK` \(challenge ACK\) server → client/);
    assert.match(tooltipOf('client CLOSED · sends RST'), /No connection: answered with \\<SEQ=SEG\.ACK\\>\\<CTL=RST\\>\./);
    assert.match(tooltipOf('skipped · server ESTABLISHED'), /^This line is an error, so the simulation skips it: the states do not change\./);
  });
});

describe('inlay hints: the design rules on every example', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.tcpfsm')) files.push(full);
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test', 'fixtures'));

  it("no label longer than 43 characters (VS Code's limit for all the hints of a line), one hint per line, none empty", () => {
    let count = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const lines = new Set<number>();
      for (const hint of hintsOf(text)) {
        count++;
        assert.ok(hint.label.length > 0 && hint.label.length <= HINT_MAX_LENGTH, `${path.relative(ROOT, file)}: ${hint.label} (${hint.label.length})`);
        assert.ok(hint.tooltip.length > 0);
        const line = text.slice(0, hint.offset).split('\n').length;
        assert.ok(!lines.has(line), `${path.relative(ROOT, file)}:${line} has two hints`);
        lines.add(line);
      }
    }
    assert.ok(count > 150, `only ${count} hints in the examples and fixtures`);
  });

  it('random conversations (any peer names, stacks, times, every event kind): labels within 43 characters', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_\u{1F600}é]{0,40}$/u);
    const action = fc.constantFrom(
      'listen', 'connect', 'close', 'shutdown', 'abort', 'crash', 'send data', 'send data, close', 'send ACK',
      'recv SYN', 'recv SYN+ACK', 'recv ACK', 'recv FIN', 'recv DATA', 'recv RST', 'recv FIN / delay ACK', 'recv DATA / delay ACK',
      'recv old SYN', 'recv old ACK', 'recv old FIN', 'recv old RST', 'lose SYN', 'lose ACK', 'lose FIN',
      'timeout', 'timeout retransmit', 'timeout keepalive', 'timeout user', 'timeout 2MSL', 'timeout fin-wait-2',
    );
    const time = fc.constantFrom('', '0.5 ', '+0.1 ', '+ 2 ', '300 ');
    fc.assert(
      fc.property(name, name, fc.constantFrom('rfc9293', 'linux'), fc.array(fc.tuple(time, fc.boolean(), action), { maxLength: 30 }), (a, b, stack, events) => {
        fc.pre(a !== b);
        const text = [
          'conversation "random" {', `  peers ${a}, ${b}`, `  stack ${stack}`,
          ...events.map(([t, first, act]) => `  ${t}${first ? a : b}: ${act}`), '}',
        ].join('\n');
        for (const hint of hintsOf(text)) {
          assert.ok(hint.label.length > 0 && hint.label.length <= HINT_MAX_LENGTH, hint.label);
          assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(hint.label), `a character cut in half: ${hint.label}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
