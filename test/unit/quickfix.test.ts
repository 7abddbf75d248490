// Quick fixes: each one's edits applied to the text give exactly the expected file, and checking
// that file again leaves no diagnostic of the fixed code (in most cases: none at all).

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/service/analyze';
import type { Diagnostic, DiagnosticCode } from '../../server/src/service/diagnostics';
import { IncrementalAnalysis } from '../../server/src/service/incremental';
import {
  CANONICAL_NAMES_KIND,
  canonicalNamesFix,
  type QuickFix,
  fixParses,
  quickFixes,
  shortestMainPath,
  touchesAlias,
} from '../../server/src/service/quickfix';
import { applyEdits } from '../../server/src/service/edits';
import { EDGES, edgesBetween, STATES, writtenLabel } from '../../server/src/tcp/machine';

/** The one diagnostic of `code` in `text`, and the fixes offered for it. */
function fixesFor(text: string, code: DiagnosticCode, nth = 0): { diagnostic: Diagnostic; fixes: QuickFix[] } {
  const analysis = new IncrementalAnalysis(text);
  const diagnostic = analysis.diagnostics().filter((d) => d.code === code)[nth];
  assert.ok(diagnostic, `no ${code} #${nth} in ${JSON.stringify(text)}`);
  return { diagnostic, fixes: quickFixes(analysis.diagnostics(), diagnostic.span, analysis).filter((f) => f.diagnostic === diagnostic) };
}

const codes = (text: string) => analyze(text).diagnostics.map((d) => d.code);

function assertFixed(text: string, fix: QuickFix, expected: string, left: DiagnosticCode[] = []): void {
  const fixed = applyEdits(text, fix.edits);
  assert.equal(fixed, expected, fix.title);
  assert.deepEqual(codes(fixed), left, `after "${fix.title}"`);
}

const scenario = (...lines: string[]) => ['scenario "s" {', ...lines, '}', ''].join('\n');

describe('quick fix: unknown-state', () => {
  it('keeps offering each suggestion as "Change to X", the first preferred', () => {
    const text = scenario('  CLOSED -> SYN_SEND : connect');
    const { fixes } = fixesFor(text, 'unknown-state');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [['Change to SYN_SENT', true]]);
    assertFixed(text, fixes[0], scenario('  CLOSED -> SYN_SENT : connect'));
  });
});

describe('quick fix: wrong-event', () => {
  it('replaces the whole label with the one edge between the states (preferred)', () => {
    const text = scenario('  LISTEN -> SYN_RECEIVED : recv ACK / send SYN+ACK  # passive');
    const { fixes } = fixesFor(text, 'wrong-event');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [['Change the label to `recv SYN / send SYN+ACK`', true]]);
    assertFixed(text, fixes[0], scenario('  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK  # passive'));
  });

  it('offers every edge between the states when there are several, none preferred', () => {
    const text = scenario('  ESTABLISHED -> CLOSED : close');
    const { fixes } = fixesFor(text, 'wrong-event');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [
      ['Change the label to `recv RST`', false],
      ['Change the label to `abort / send RST`', false],
      ['Change the label to `timeout user`', false],
    ]);
    assertFixed(text, fixes[0], scenario('  ESTABLISHED -> CLOSED : recv RST'));
    assertFixed(text, fixes[1], scenario('  ESTABLISHED -> CLOSED : abort / send RST'));
    assertFixed(text, fixes[2], scenario('  ESTABLISHED -> CLOSED : timeout user'));
  });

  it('replaces the parts the parser dropped too: the fix leaves text that parses (issue 14, finding 5)', () => {
    // `send DATA` is the SEND call in a scenario; `+ACK` after it is a syntax error, not a part.
    const text = scenario('  ESTABLISHED -> CLOSE_WAIT : send DATA+ACK');
    const { fixes } = fixesFor(text, 'wrong-event');
    assert.deepEqual(fixes.map((f) => f.title), ['Change the label to `recv FIN / send ACK`']);
    assertFixed(text, fixes[0], scenario('  ESTABLISHED -> CLOSE_WAIT : recv FIN / send ACK'));
  });

  it('writes what an ACK acknowledges on a bare ACK only', () => {
    const text = scenario('  SYN_RECEIVED -> ESTABLISHED : recv FIN');
    const { fixes } = fixesFor(text, 'wrong-event');
    assert.deepEqual(fixes.map((f) => f.title), ['Change the label to `recv ACK of SYN`']);
    assertFixed(text, fixes[0], scenario('  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN'));
  });

  it('leaves out edges whose condition fails (SYN_RECEIVED reached from LISTEN)', () => {
    const text = scenario('  LISTEN -> SYN_RECEIVED : recv SYN', '  SYN_RECEIVED -> CLOSED : recv RST');
    const { fixes } = fixesFor(text, 'wrong-event');
    assert.deepEqual(fixes.map((f) => f.title), ['Change the label to `abort / send RST`', 'Change the label to `timeout user`']);
    assertFixed(text, fixes[0], scenario('  LISTEN -> SYN_RECEIVED : recv SYN', '  SYN_RECEIVED -> CLOSED : abort / send RST'));
  });

  it('fixes a wrong label on every pair of states joined by an edge', () => {
    for (const from of STATES) {
      for (const to of STATES) {
        if (edgesBetween(from, to).length === 0) continue;
        const wrong = from === 'CLOSED' ? 'delete TCB' : 'create TCB';
        // SYN_RECEIVED -> LISTEN needs a history (note 1): it is an illegal-transition alone.
        if ((from === 'CLOSED' && to === 'CLOSED') || codes(scenario(`  ${from} -> ${to}`)).length > 0) continue;
        const text = scenario(`  ${from} -> ${to} : ${wrong}`);
        const { fixes } = fixesFor(text, 'wrong-event');
        assert.ok(fixes.length > 0, `${from} -> ${to}`);
        for (const fix of fixes) assert.deepEqual(codes(applyEdits(text, fix.edits)), [], `${from} -> ${to}: ${fix.title}`);
      }
    }
  });
});

describe('quick fix: illegal-transition', () => {
  it('inserts the missing step with labels, keeping the indentation', () => {
    const text = scenario('  LISTEN -> ESTABLISHED', '  ESTABLISHED -> FIN_WAIT_1 : close');
    const { fixes } = fixesFor(text, 'illegal-transition');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [['Insert the missing step through SYN_RECEIVED', true]]);
    assertFixed(text, fixes[0], scenario(
      '  LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN',
      '  ESTABLISHED -> FIN_WAIT_1 : close',
    ));
  });

  it('replaces a written label, keeps the written spellings, comments, tabs and CRLF', () => {
    const text = 'scenario "s" {\r\n\tclosed -> estab : connect # oops\r\n}\r\n';
    const { fixes } = fixesFor(text, 'illegal-transition');
    assert.deepEqual(fixes.map((f) => f.title), ['Insert the missing step through SYN_SENT']);
    assertFixed(text, fixes[0],
      'scenario "s" {\r\n\tclosed -> SYN_SENT : connect / send SYN\r\n\tSYN_SENT -> estab : recv SYN+ACK / send ACK # oops\r\n}\r\n');
  });

  it('inserts several steps along the shortest path', () => {
    const text = scenario('    CLOSED -> CLOSE_WAIT');
    const { fixes } = fixesFor(text, 'illegal-transition');
    assert.deepEqual(fixes.map((f) => f.title), ['Insert the missing steps through SYN_SENT, ESTABLISHED']);
    assertFixed(text, fixes[0], scenario(
      '    CLOSED -> SYN_SENT : connect / send SYN',
      '    SYN_SENT -> ESTABLISHED : recv SYN+ACK / send ACK',
      '    ESTABLISHED -> CLOSE_WAIT : recv FIN / send ACK',
    ));
  });

  it('puts the missing states into a chain', () => {
    const text = scenario('  CLOSED -> LISTEN -> ESTABLISHED -> CLOSE_WAIT');
    const { fixes } = fixesFor(text, 'illegal-transition');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [['Insert the missing step through SYN_RECEIVED', true]]);
    assertFixed(text, fixes[0], scenario('  CLOSED -> LISTEN -> SYN_RECEIVED -> ESTABLISHED -> CLOSE_WAIT'));
  });

  it('works in a one-line block', () => {
    const text = 'scenario "x" { LISTEN -> ESTABLISHED }\n';
    const { fixes } = fixesFor(text, 'illegal-transition');
    assertFixed(text, fixes[0],
      'scenario "x" { LISTEN -> SYN_RECEIVED : recv SYN / send SYN+ACK\n  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN }\n');
  });

  it('offers nothing when only a conditional edge joins the states (RFC 9293 note 1), or for a state to itself', () => {
    assert.deepEqual(fixesFor(scenario('  SYN_RECEIVED -> LISTEN : recv RST'), 'illegal-transition').fixes, []);
    assert.deepEqual(fixesFor(scenario('  ESTABLISHED -> ESTABLISHED'), 'illegal-transition').fixes, []);
  });

  it('fixes every pair of states without an edge, and the result checks clean', () => {
    let fixed = 0;
    for (const from of STATES) {
      for (const to of STATES) {
        // A state cannot stay where it is: there is no path to offer.
        if (edgesBetween(from, to).length > 0 || from === to) continue;
        for (const text of [scenario(`  ${from} -> ${to}`), scenario(`  ${from} -> ${to} -> ${to === 'CLOSED' ? 'LISTEN' : 'CLOSED'}`)]) {
          const { fixes } = fixesFor(text, 'illegal-transition');
          assert.equal(fixes.length, 1, text);
          const after = applyEdits(text, fixes[0].edits);
          assert.deepEqual(codes(after), [], after);
          fixed++;
        }
      }
    }
    assert.ok(fixed > 100, `only ${fixed} cases`);
  });

  it('finds shortest paths over main edges only', () => {
    assert.deepEqual(shortestMainPath('LISTEN', 'ESTABLISHED')?.map((e) => `${e.from}>${e.to}`), ['LISTEN>SYN_RECEIVED', 'SYN_RECEIVED>ESTABLISHED']);
    assert.ok(shortestMainPath('ESTABLISHED', 'CLOSED')!.every((e) => e.kind === 'main'));
    assert.equal(shortestMainPath('CLOSED', 'CLOSED'), undefined);
    // Every main edge's label checks clean on its own.
    for (const edge of EDGES.filter((e) => e.kind === 'main')) {
      assert.deepEqual(codes(scenario(`  ${edge.from} -> ${edge.to} : ${writtenLabel(edge)}`)), [], writtenLabel(edge));
    }
  });
});

describe('quick fix: discontinuity', () => {
  it('changes the source to the previous target (preferred when the step becomes legal)', () => {
    const text = scenario('  CLOSED -> SYN_SENT : connect', '  LISTEN -> ESTABLISHED : recv SYN+ACK');
    const { fixes } = fixesFor(text, 'discontinuity');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [
      ['Change the source to SYN_SENT', true],
      ['Insert the missing steps from SYN_SENT to LISTEN', false],
    ]);
    assertFixed(text, fixes[0], scenario('  CLOSED -> SYN_SENT : connect', '  SYN_SENT -> ESTABLISHED : recv SYN+ACK'));
    assertFixed(text, fixes[1], scenario(
      '  CLOSED -> SYN_SENT : connect',
      '  SYN_SENT -> CLOSED : close',
      '  CLOSED -> LISTEN : listen',
      '  LISTEN -> ESTABLISHED : recv SYN+ACK',
    ), ['illegal-transition']);
  });

  it('also inserts the steps from the previous target, preferred when the new source would be illegal', () => {
    const text = scenario('  CLOSED -> LISTEN', '  SYN_SENT -> ESTABLISHED');
    const { fixes } = fixesFor(text, 'discontinuity');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [
      ['Change the source to LISTEN', false],
      ['Insert the missing step from LISTEN to SYN_SENT', true],
    ]);
    assertFixed(text, fixes[0], scenario('  CLOSED -> LISTEN', '  LISTEN -> ESTABLISHED'), ['illegal-transition']);
    assertFixed(text, fixes[1], scenario('  CLOSED -> LISTEN', '  LISTEN -> SYN_SENT : send data / send SYN', '  SYN_SENT -> ESTABLISHED'));
  });

  it('follows an alias in the previous step and fixes a chain', () => {
    const text = scenario('  CLOSED -> SYN_SENT -> ESTAB', '  FIN_WAIT_2 -> TIME_WAIT -> CLOSED');
    const { fixes } = fixesFor(text, 'discontinuity');
    assert.deepEqual(fixes.map((f) => f.title), ['Change the source to ESTABLISHED', 'Insert the missing steps from ESTABLISHED to FIN_WAIT_2']);
    assertFixed(text, fixes[1], scenario(
      '  CLOSED -> SYN_SENT -> ESTAB',
      '  ESTABLISHED -> FIN_WAIT_1 : close / send FIN',
      '  FIN_WAIT_1 -> FIN_WAIT_2 : recv ACK of FIN',
      '  FIN_WAIT_2 -> TIME_WAIT -> CLOSED',
    ));
  });
});

describe('quick fix: not-in-flight', () => {
  const conversation = (...lines: string[]) => ['conversation "c" {', ...lines, '}', ''].join('\n');

  it('receives the segment at the head of the queue instead', () => {
    const text = conversation('  server: listen', '  client: connect', '  server: recv ACK', '  client: recv SYN+ACK', '  server: recv ACK');
    const { fixes } = fixesFor(text, 'not-in-flight');
    assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [['Change to `recv SYN`, the segment at the head of the queue', true]]);
    assertFixed(text, fixes[0], conversation('  server: listen', '  client: connect', '  server: recv SYN', '  client: recv SYN+ACK', '  server: recv ACK'));
  });

  it('names the head with its ACK, and fixes a lose too', () => {
    const text = conversation('  start client ESTABLISHED, server ESTABLISHED', '  client: close', '  server: lose SYN', '  expect server ESTABLISHED');
    const { fixes } = fixesFor(text, 'not-in-flight');
    assert.deepEqual(fixes.map((f) => f.title), ['Change to `lose FIN+ACK`, the segment at the head of the queue']);
    assertFixed(text, fixes[0], conversation('  start client ESTABLISHED, server ESTABLISHED', '  client: close', '  server: lose FIN+ACK', '  expect server ESTABLISHED'));
  });

  it('offers nothing when nothing is in flight', () => {
    const { fixes } = fixesFor(conversation('  server: recv SYN'), 'not-in-flight');
    assert.deepEqual(fixes, []);
  });
});

describe('Use canonical state names', () => {
  const text = [
    'scenario "aliases" {',
    '  CLOSE -> SYN_SENT : connect',
    '  SYN_SENT -> SYN_RCVD : recv SYN / send SYN+ACK',
    '  syn_rcvd -> ESTAB : recv ACK of SYN',
    '  Established -> FIN-WAIT-1 -> FIN_WAIT2 -> TIME_WAIT -> UNCONN',
    '}',
    'conversation "c" {',
    '  start client estab, server ESTABLISHED',
    '  client: close',
    '  expect client FIN_WAIT1, server ESTABLISHED',
    '}',
    '',
  ].join('\n');

  it('renames every alias and other accepted spelling, and nothing else', () => {
    const fix = canonicalNamesFix(analyze(text).file);
    assert.ok(fix);
    assert.equal(fix.title, 'Use canonical state names');
    assert.equal(fix.kind, CANONICAL_NAMES_KIND);
    assert.equal(fix.diagnostic, undefined);
    assertFixed(text, fix, [
      'scenario "aliases" {',
      '  CLOSED -> SYN_SENT : connect',
      '  SYN_SENT -> SYN_RECEIVED : recv SYN / send SYN+ACK',
      '  SYN_RECEIVED -> ESTABLISHED : recv ACK of SYN',
      '  ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT -> CLOSED',
      '}',
      'conversation "c" {',
      '  start client ESTABLISHED, server ESTABLISHED',
      '  client: close',
      '  expect client FIN_WAIT_1, server ESTABLISHED',
      '}',
      '',
    ].join('\n'));
    assert.equal(canonicalNamesFix(analyze(applyEdits(text, fix.edits)).file), undefined, 'nothing left to rename');
  });

  it('knows when a range touches an alias', () => {
    const analysis = new IncrementalAnalysis(text);
    const at = (needle: string) => ({ start: text.indexOf(needle) + 1, end: text.indexOf(needle) + 1 });
    assert.equal(touchesAlias(analysis.itemAt(at('SYN_RCVD').start), at('SYN_RCVD')), true);
    assert.equal(touchesAlias(analysis.itemAt(at('FIN_WAIT1').start), at('FIN_WAIT1')), true);
    assert.equal(touchesAlias(analysis.itemAt(at('SYN_SENT').start), at('SYN_SENT')), false);
    assert.equal(touchesAlias(analysis.itemAt(at('connect').start), at('connect')), false);
  });

  it('is not offered when every name is canonical', () => {
    assert.equal(canonicalNamesFix(analyze(scenario('  CLOSED -> LISTEN : listen')).file), undefined);
  });
});

describe('quick fixes without the tree', () => {
  it('offer only the suggestions, as before', () => {
    const text = scenario('  CLOSED -> SYN_SEND', '  LISTEN -> ESTABLISHED');
    const analysis = analyze(text);
    const all = { start: 0, end: text.length };
    assert.deepEqual(quickFixes(analysis.diagnostics, all).map((f) => f.title), ['Change to SYN_SENT']);
  });
});

describe('quick fixes leave text that parses', () => {
  const text = scenario('  ESTABLISHED -> CLOSE_WAIT : recv FIN', '  CLOSE_WAIT -> LAST_ACK : close / send FIN');
  const item = new IncrementalAnalysis(text).itemAt(20)!;
  const fix = (start: number, end: number, newText: string): QuickFix => ({ title: 't', edits: [{ span: { start, end }, newText }], preferred: false });
  const at = (s: string) => text.indexOf(s);

  it('accepts a fix that adds no syntax error', () => {
    assert.equal(fixParses(text, item, fix(at('recv FIN'), at('recv FIN') + 8, 'recv FIN / send ACK')), true);
  });

  it('refuses one that would add a syntax error, cut the block in two, or edit outside the item', () => {
    assert.equal(fixParses(text, item, fix(at('recv FIN'), at('recv FIN') + 8, 'send ACK+ACK')), false);
    assert.equal(fixParses(text, item, fix(at('  CLOSE_WAIT ->'), at('  CLOSE_WAIT ->'), '}\n')), false);
    assert.equal(fixParses(text, item, fix(text.length + 1, text.length + 1, 'x')), false);
  });
});
