// The benchmark's generators (bench/generate.ts, bench/conversations.ts) make the input the bench
// measures: their files must mean what the bench says they mean. Conversations: every line legal
// (the file checks clean), every kind of event present, the lines to append and prepend legal.
// Scenarios: exactly one diagnostic per planted mistake, of the planted kind.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_KINDS, type EventKind, generateConversations } from '../../bench/conversations';
import { generateScenarios } from '../../bench/generate';
import { analyze } from '../../server/src/service/analyze';

/** The diagnostics of `text` as `line:code` (1-based lines), for messages that show where. */
function where(text: string): string[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return analyze(text).diagnostics.map((d) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= d.span.start) line++;
    return `${line + 1}:${d.code} ${d.message}`;
  });
}

/** How many event lines of each kind the text has, read back from the text itself. */
function kindsInText(text: string): Record<EventKind, number> {
  const counts = Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<EventKind, number>;
  for (const line of text.split('\n')) {
    const expect = /^\s*expect\s/.exec(line);
    if (expect) {
      counts.expect++;
      continue;
    }
    const m = /^\s*(\+?[\d.]+\s+)?[A-Za-z_][\w-]*:\s*(.*?)\s*((?:#|\/\/).*)?$/.exec(line);
    if (!m) continue;
    if (m[1]) counts[m[1].startsWith('+') ? '+time' : 'time']++;
    const event = m[2];
    let kind: EventKind;
    if (event.startsWith('recv old ')) kind = 'recv old';
    else if (event.startsWith('recv ')) kind = event.endsWith('/ delay ACK') ? 'recv / delay ACK' : 'recv';
    else if (event.startsWith('lose ')) kind = 'lose';
    else kind = event as EventKind;
    assert.ok(EVENT_KINDS.includes(kind), `unexpected event \`${event}\` in: ${line}`);
    counts[kind]++;
  }
  return counts;
}

describe('generated conversations (bench/conversations.ts)', () => {
  for (const seed of [9293, 1, 2]) {
    it(`1,000 events, seed ${seed}: the file checks clean and has every kind of event`, () => {
      const g = generateConversations(1000, seed);
      assert.deepEqual(where(g.text), []);
      assert.equal(g.events, 1000);
      const read = kindsInText(g.text);
      assert.deepEqual(read, g.kinds, 'the counts the generator reports are the lines it wrote');
      assert.equal(EVENT_KINDS.reduce((n, k) => n + (k === 'time' || k === '+time' ? 0 : read[k]), 0), 1000);
      assert.deepEqual(EVENT_KINDS.filter((k) => read[k] === 0), [], 'kinds never written');
    });
  }

  it('both stacks, a per-peer stack, named peers, timed and untimed blocks', () => {
    const g = generateConversations(1000, 9293);
    assert.match(g.text, /^ {2}stack linux$/m);
    assert.match(g.text, /^ {2}stack \w+ linux, \w+ rfc9293$/m);
    assert.match(g.text, /^ {2}peers \w+, \w+$/m);
    assert.ok(g.blocks >= 5, `${g.blocks} blocks`);
    const blocks = g.text.split(/^conversation /m).slice(1);
    assert.ok(blocks.some((b) => /^ {2}\d/m.test(b)) && blocks.some((b) => !/^ {2}[+\d]/m.test(b)), 'some blocks are timed, some are not');
  });

  it('the same seed gives the same file; another seed another one', () => {
    assert.equal(generateConversations(300, 7).text, generateConversations(300, 7).text);
    assert.notEqual(generateConversations(300, 7).text, generateConversations(300, 8).text);
  });

  it('the lines to append and prepend are legal where they go, and a wrong state there is an expect-failed', () => {
    const g = generateConversations(1000, 9293);
    const lines = g.text.split('\n');
    const insert = (at: number, line: string) => [...lines.slice(0, at), line, ...lines.slice(at)].join('\n');
    assert.match(g.append.text, /^ {2}expect /);
    assert.equal(lines[g.append.line], '}');
    assert.deepEqual(where(insert(g.append.line, g.append.text)), []);
    assert.deepEqual(where(insert(g.prepend.line, g.prepend.text)), []);
    // The first block starts CLOSED, CLOSED: expecting LISTEN there must fail, at the inserted line.
    const wrong = where(insert(g.prepend.line, g.prepend.text.replace(/CLOSED$/, 'LISTEN')));
    assert.equal(wrong.length, 1, wrong.join('\n'));
    assert.match(wrong[0], new RegExp(`^${g.prepend.line + 1}:expect-failed `));
  });

  it('a line removed from the middle of a block is noticed (the clean check can fail)', () => {
    const g = generateConversations(1000, 9293);
    const lines = g.text.split('\n');
    const at = lines.findIndex((l, i) => i > 50 && /: recv SYN\+ACK$/.test(l));
    assert.ok(at > 0);
    const without = [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n');
    assert.notDeepEqual(where(without), []);
  });
});

describe('generated scenarios (bench/generate.ts)', () => {
  for (const seed of [9293, 3]) {
    it(`1,000 steps, seed ${seed}: one diagnostic per planted mistake, of its kind`, () => {
      const g = generateScenarios(1000, seed);
      const diagnostics = analyze(g.text).diagnostics;
      const byCode: Record<string, number> = { 'unknown-state': 0, 'illegal-transition': 0, 'wrong-event': 0, discontinuity: 0 };
      for (const d of diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
      assert.deepEqual(byCode, g.mistakesByKind, where(g.text).join('\n'));
      assert.equal(diagnostics.length, g.mistakes);
      assert.ok(g.mistakes > 5);
    });
  }
});
