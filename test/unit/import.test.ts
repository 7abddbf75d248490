// Importing the real Linux captures (test/fixtures/captures: the shared scenarios and the ones
// made here) from pcap and from both tcpdump texts: each endpoint's derived state sequence is the
// kernel's own (scenario-N.states.txt), and the imported text checks clean, or with exactly the
// diagnostics named here where the capture departs from the stack's rules.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { groupConnections } from '../../server/src/capture/connections';
import { readCaptureFile } from '../../server/src/capture/file';
import { importConnection, importConnections } from '../../server/src/capture/importer';
import { ACK, SYN } from '../../server/src/capture/packet';
import { readCapture } from '../../server/src/capture/reader';
import { LineIndex } from '../../server/src/syntax/lines';
import { writePcap } from '../support/captureWriter';
import { analyze } from '../../server/src/service/analyze';
import { traceConversations } from '../../server/src/service/trace';
import { lookupState, type State } from '../../server/src/tcp/machine';
import { runImport } from '../../server/src/cliImport';
import { ROOT } from '../support/fixtures';

const DIR = path.join(ROOT, 'test/fixtures/captures');

/** Where a capture departs from stack linux's defaults, named: the diagnostics its import must give. */
const DEPARTURES: Readonly<Record<string, readonly string[]>> = {
  // The script sets TCP_KEEPIDLE 1 s and TCP_KEEPINTVL 1 s; the stack's defaults are 7200 s and
  // 75 s. (In tcpdump's text the probes look like any pure ACK: it does not print the sequence
  // number of a segment without data, so the text imports them as `send ACK`, with no departure.)
  'scenario-21.pcap': ['early-timeout', 'early-timeout'],
};

function kernelSequences(file: string): Map<string, State[]> {
  const text = fs.readFileSync(file, 'utf8');
  const section = text.split('== Same, state names only ==')[1].split('\n==')[0];
  const sequences = new Map<string, State[]>();
  for (const line of section.split('\n')) {
    const m = /^([\w-]+):\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    sequences.set(m[1], m[2].split(' -> ').map((name): State => {
      if (name === '(none)' || name === '(gone)') return 'CLOSED';
      const found = lookupState(name.replace(/\[.*\]$/, ''));
      assert.ok(found, `unknown kernel state ${name}`);
      return found.state;
    }));
  }
  return sequences;
}

const dedupe = (states: readonly State[]) => states.filter((s, i) => i === 0 || s !== states[i - 1]);

/**
 * What the kernel's sockets went through, per peer: the listener's LISTEN before its
 * connection's states. A capture ends with its last packet, so TIME_WAIT's end (no packet marks
 * it) cannot be in an import: the kernel's final CLOSED after TIME_WAIT is left out.
 */
function expected(kernel: Map<string, State[]>): [State[], State[]] {
  const client = kernel.get('client') ?? ['CLOSED'];
  const listener = kernel.get('listener');
  const server = kernel.get('server');
  const serverSide: State[] = listener && server ? ['CLOSED', 'LISTEN', ...server.slice(1)] : server ?? ['CLOSED'];
  const trim = (s: State[]) => (s.length >= 2 && s.at(-1) === 'CLOSED' && s.at(-2) === 'TIME_WAIT' ? s.slice(0, -1) : s);
  return [trim(dedupe(client)), trim(dedupe(serverSide))];
}

const scenarios = fs.readdirSync(DIR).filter((f) => /^scenario-\d+\.pcap$/.test(f)).map((f) => f.replace('.pcap', '')).sort();

describe('import: real captures against the kernel\'s states', () => {
  it('there are real captures to import', () => {
    assert.ok(scenarios.length >= 5, scenarios.join(', '));
  });

  for (const name of scenarios) {
    const statesFile = path.join(DIR, `${name}.states.txt`);
    for (const variant of ['.pcap', '.tcpdump.txt', '.tt-S.tcpdump.txt']) {
      const file = path.join(DIR, `${name}${variant}`);
      if (!fs.existsSync(file)) continue;
      it(`${name}${variant}`, () => {
        const read = readCaptureFile(file);
        assert.equal(read.error, undefined);
        const conversations = importConnections(groupConnections(read.packets));
        assert.equal(conversations.length, 1, 'one connection per scenario');
        const [c] = conversations;
        assert.deepEqual(analyze(c.text).diagnostics.map((d) => d.code), DEPARTURES[`${name}${variant}`] ?? [], c.text);
        const [table] = traceConversations(c.text);
        const derived = (i: 0 | 1) => dedupe([table.start[i], ...table.rows.map((r) => r.after[i])]);
        const kernel = kernelSequences(statesFile);
        if (!kernel.has('client')) return;
        const [client, server] = expected(kernel);
        assert.deepEqual(derived(0), client, `client\n${c.text}`);
        assert.deepEqual(derived(1), server, `server\n${c.text}`);
      });
    }
  }
});

describe('import: the example captures', () => {
  const examples = path.join(ROOT, 'examples/captures');
  const pcaps = fs.readdirSync(examples).filter((f) => f.endsWith('.pcap')).sort();
  it('there are example captures, each with its imported conversation beside it', () => {
    assert.ok(pcaps.length >= 3);
    for (const f of pcaps) assert.ok(fs.existsSync(path.join(examples, f.replace('.pcap', '.tcpfsm'))), f);
  });
  for (const f of pcaps) {
    it(`${f}: importing it gives the .tcpfsm beside it, which checks clean`, () => {
      const cwd = process.cwd();
      process.chdir(ROOT);
      try {
        const r = runImport([`examples/captures/${f}`]);
        assert.equal(r.code, 0, r.stderr);
        const committed = fs.readFileSync(path.join(examples, f.replace('.pcap', '.tcpfsm')), 'utf8');
        assert.equal(r.stdout, committed, 'run `tcpfsm import` again and commit the result');
        assert.deepEqual(analyze(committed).diagnostics, []);
      } finally {
        process.chdir(cwd);
      }
    });
  }
});

describe('import: timestamps that go backwards', () => {
  // Found by the fuzzer (damaged real captures): a packet stamped before the connection's first
  // one was written with a negative time, which the language cannot read. Times now count from
  // the earliest packet; the receive written before the send it answers gets `time-order`.
  it('writes every time as a number the language reads, and names the lines out of order', () => {
    const client = { src: '10.0.0.1', srcPort: 40000, dst: '10.0.0.2', dstPort: 80, window: 1000, payloadLength: 0 };
    const server = { src: '10.0.0.2', srcPort: 80, dst: '10.0.0.1', dstPort: 40000, window: 1000, payloadLength: 0 };
    const bytes = writePcap([
      { ...client, seconds: 100, nanoseconds: 500_000_000, flags: SYN, seq: 1000, ack: 0 },
      { ...server, seconds: 100, nanoseconds: 200_000_000, flags: SYN | ACK, seq: 5000, ack: 1001 },
      { ...client, seconds: 100, nanoseconds: 700_000_000, flags: ACK, seq: 1001, ack: 5001 },
    ]);
    const [conn] = groupConnections(readCapture(bytes).packets);
    const { text } = importConnection(conn);
    const times = text.split('\n').slice(2, -2).map((l) => l.trim().split(' ')[0]);
    assert.deepEqual(times, ['0.300000', '0.000000', '0.000000', '0.500000', '0.600000']);
    const lines = new LineIndex(text);
    assert.deepEqual(analyze(text).diagnostics.map((d) => [d.code, lines.positionAt(d.span.start).line + 1]), [['time-order', 4], ['time-order', 5]]);
  });
});
