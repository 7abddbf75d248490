// The transcriptions of the real Linux captures (examples/real-world/captures) against the
// kernel's own states: each endpoint's derived state sequence must be the sequence the kernel
// had (/proc/net/tcp, test/fixtures/captures/scenario-N.states.txt), and each file checks clean.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/service/analyze';
import { traceConversations } from '../../server/src/service/trace';
import { lookupState, type State } from '../../server/src/tcp/machine';
import { ROOT } from '../support/fixtures';

const DIR = path.join(ROOT, 'examples/real-world/captures');
const STATES_DIR = path.join(ROOT, 'test/fixtures/captures');

/** `client: (none) -> SYN-SENT -> ESTAB -> (gone)` lines of the "state names only" section. */
function kernelSequences(statesFile: string): Map<string, State[]> {
  const text = fs.readFileSync(statesFile, 'utf8');
  const section = text.split('== Same, state names only ==')[1].split('\n==')[0];
  const sequences = new Map<string, State[]>();
  for (const line of section.split('\n')) {
    const m = /^(\w+):\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const states = m[2].split(' -> ').map((name): State => {
      if (name === '(none)' || name === '(gone)') return 'CLOSED';
      const found = lookupState(name);
      assert.ok(found, `unknown kernel state ${name}`);
      return found.state;
    });
    sequences.set(m[1], states);
  }
  return sequences;
}

function dedupe(states: readonly State[]): State[] {
  return states.filter((s, i) => i === 0 || s !== states[i - 1]);
}

/** What the kernel's sockets say each peer went through: the listener's LISTEN, then its connection. */
function expectedOf(kernel: Map<string, State[]>): { client: State[]; server: State[] } {
  const client = kernel.get('client')!;
  const listener = kernel.get('listener');
  const server = kernel.get('server');
  const serverSide = listener && server ? ['CLOSED', 'LISTEN', ...server.slice(1)] as State[] : server ?? ['CLOSED'];
  return { client: dedupe(client), server: dedupe(serverSide) };
}

const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.tcpfsm')).sort();

describe('transcribed captures: the kernel\'s states', () => {
  it('there is a transcription of each of the five shared captures', () => {
    assert.deepEqual(files, ['scenario-1.tcpfsm', 'scenario-3.tcpfsm', 'scenario-5.tcpfsm', 'scenario-6.tcpfsm', 'scenario-8.tcpfsm']);
  });

  for (const file of files) {
    it(`${file}: checks clean, and both peers go through the kernel's states`, () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      assert.deepEqual(analyze(text).diagnostics.map((d) => d.message), []);
      const [table] = traceConversations(text);
      assert.deepEqual(table.stacks, ['linux', 'linux']);
      const derived = (i: 0 | 1) => dedupe([table.start[i], ...table.rows.map((r) => r.after[i])]);
      const expected = expectedOf(kernelSequences(path.join(STATES_DIR, file.replace('.tcpfsm', '.states.txt'))));
      assert.deepEqual(derived(0), expected.client, 'client');
      assert.deepEqual(derived(1), expected.server, 'server');
    });
  }

  it('scenario-1: exact sequences, the 60 s of TIME_WAIT, and the delayed ACK paid by send ACK', () => {
    const [table] = traceConversations(fs.readFileSync(path.join(DIR, 'scenario-1.tcpfsm'), 'utf8'));
    const client = dedupe([table.start[0], ...table.rows.map((r) => r.after[0])]);
    assert.deepEqual(client, ['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT', 'CLOSED']);
    const delayed = table.rows.find((r) => r.event === 'server: recv FIN / delay ACK')!;
    assert.deepEqual(delayed.owes, [false, true]);
    assert.deepEqual(delayed.sent, []);
    const paid = table.rows.find((r) => r.event === 'server: send ACK')!;
    assert.deepEqual(paid.owes, [false, false]);
    assert.deepEqual(paid.sent.map((s) => `${s.text} of ${s.acknowledges}`), ['ACK of FIN']);
    const timeWait = table.rows.find((r) => r.after[0] === 'TIME_WAIT')!;
    const closed = table.rows.find((r) => r.event === 'client: timeout 2MSL')!;
    assert.equal(timeWait.time, 3.117571);
    assert.equal(closed.time, 63.378);
    assert.equal(closed.since?.[0], 63.378);
  });

  it('scenario-8: the retransmitted FIN restarts 2MSL, so a timeout 60 s after the first FIN is early', () => {
    const text = fs.readFileSync(path.join(DIR, 'scenario-8.tcpfsm'), 'utf8').replace('64.351   client: timeout 2MSL', '63.2     client: timeout 2MSL');
    const diagnostics = analyze(text).diagnostics;
    assert.deepEqual(diagnostics.map((d) => d.code), ['early-timeout']);
    assert.match(diagnostics[0].message, /can fire at 63\.48602 s at the earliest/);
  });
});
