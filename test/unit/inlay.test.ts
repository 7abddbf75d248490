// Inlay hints of conversation lines (service/inlay.ts): what changed first, at most 43 characters
// (VS Code's default cut, with the space the LSP adapter adds) on every example and on generated conversations with long peer names,
// the full detail in the tooltip.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { conversationHints, MAX_HINT } from '../../server/src/service/inlay';
import { traceConversations } from '../../server/src/service/trace';
import { generateConversation } from '../../bench/generate';

const ROOT = path.resolve(__dirname, '..', '..');

function hintsOf(text: string): { line: number; label: string; tooltip: string }[] {
  return traceConversations(text).flatMap((table) => conversationHints(text, table, table.span)).map((h) => ({
    line: text.slice(0, h.offset).split('\n').length - 1, label: h.label, tooltip: h.tooltip,
  }));
}

function examples(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? examples(path.join(dir, e.name)) : e.name.endsWith('.tcpfsm') ? [path.join(dir, e.name)] : []);
}

const SIMULTANEOUS_CLOSE = [
  'conversation "Simultaneous close" {', //       0
  '  start client ESTABLISHED, server ESTABLISHED', // 1
  '  client: close', //                           2
  '  server: close', //                           3
  '  client: recv FIN', //                        4
  '  server: recv FIN', //                        5
  '  client: lose ACK', //                        6
  '  server: recv ACK', //                        7
  '  client: recv SYN', //                        8: nothing like it in flight
  '}',
  '',
].join('\n');

describe('inlay hints', () => {
  it('say what changed first: the peer that moved, then what it sent or lost', () => {
    assert.deepEqual(hintsOf(SIMULTANEOUS_CLOSE).map((h) => `${h.line}: ${h.label}`), [
      '2: client → FIN_WAIT_1 · sent FIN+ACK',
      '3: server → FIN_WAIT_1 · sent FIN+ACK',
      '4: client → CLOSING · sent ACK',
      '5: server → CLOSING · sent ACK',
      '6: ✗ ACK lost',
      '7: server → TIME_WAIT',
      '8: skipped (an error)',
    ]);
  });

  it('a line that moves no one says what it sent, else who stayed where', () => {
    const text = 'conversation "Data" {\n  start client ESTABLISHED, server ESTABLISHED\n  client: send data\n  server: recv DATA\n  client: recv ACK\n}\n';
    assert.deepEqual(hintsOf(text).map((h) => h.label), ['sent DATA+ACK', 'sent ACK', 'client stays ESTABLISHED']);
  });

  it('the tooltip has the whole story: both states, segments, in flight, the rule', () => {
    const [, , recv] = hintsOf(SIMULTANEOUS_CLOSE);
    assert.match(recv.tooltip, /^\*\*`client: recv FIN`\*\*\n\n\| client \| server \|\n\|---\|---\|\n\| FIN_WAIT_1 → \*\*CLOSING\*\* \| FIN_WAIT_1 \|/);
    assert.match(recv.tooltip, /Received: `FIN\+ACK` server → client/);
    assert.match(recv.tooltip, /Sent: `ACK` client → server/);
    assert.match(recv.tooltip, /In flight client → server: `FIN\+ACK`, `ACK`/);
    assert.match(recv.tooltip, /RFC 9293 section 3\.10\.7\.4/);
    assert.match(hintsOf(SIMULTANEOUS_CLOSE)[6].tooltip, /an error: the simulation skips it/);
  });

  it(`never longer than ${MAX_HINT} characters: every example`, () => {
    let count = 0;
    for (const file of examples(path.join(ROOT, 'examples'))) {
      for (const h of hintsOf(fs.readFileSync(file, 'utf8'))) {
        count++;
        assert.ok(h.label.length <= MAX_HINT, `${path.relative(ROOT, file)}:${h.line + 1}: ${h.label.length} characters: ${h.label}`);
      }
    }
    assert.ok(count > 100, `${count} hints checked`);
  });

  it(`never longer than ${MAX_HINT} characters: long peer names, many segments at once`, () => {
    const generated = generateConversation(400, 7).text
      .replace(/\bclient\b/g, 'a-client-with-a-very-long-name')
      .replace(/\bserver\b/g, 'the-server-of-the-example-corporation')
      .replace(/\{\n/, '{\n  peers a-client-with-a-very-long-name, the-server-of-the-example-corporation\n');
    const hints = hintsOf(generated);
    assert.ok(hints.length > 300);
    for (const h of hints) assert.ok(h.label.length <= MAX_HINT, `${h.line + 1}: ${h.label}`);
    // Shortened names still say who moved.
    assert.ok(hints.some((h) => /^a-client-w…|^a-client-…|^a-cl/.test(h.label)), hints.slice(0, 5).map((h) => h.label).join('\n'));
  });
});
