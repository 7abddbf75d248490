// `tcpfsm import` as a user runs it: the built bundle on real and damaged captures. Exit 0 when
// every imported conversation checks clean, 1 when one has an error, 2 naming the file and what
// is wrong when a file is not a readable capture. Build first: `node esbuild.mjs`.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ACK, SYN } from '../../server/src/capture/packet';
import { writePcap } from '../support/captureWriter';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const CAPTURES = path.join(ROOT, 'test/fixtures/captures');
let dir = '';

function run(args: readonly string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SEGMENTS = [
  { seconds: 100, nanoseconds: 0, src: '10.0.0.1', srcPort: 40000, dst: '10.0.0.2', dstPort: 80, flags: SYN, seq: 1, ack: 0, window: 100, payloadLength: 0 },
  { seconds: 100, nanoseconds: 5e8, src: '10.0.0.2', srcPort: 80, dst: '10.0.0.1', dstPort: 40000, flags: SYN | ACK, seq: 500, ack: 2, window: 100, payloadLength: 0 },
];

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-import-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tcpfsm import', () => {
  it('a real capture: the conversation text, exit 0', () => {
    const r = run(['import', path.join(CAPTURES, 'scenario-6.pcap')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^# .*scenario-6\.pcap: 1 TCP connection$/);
    assert.equal(lines[2], 'conversation "127.0.0.1:5602 → 127.0.0.1:5601" {');
    assert.equal(lines[3], '  stack linux');
    assert.ok(r.stdout.includes('  1.608661 client: close         # #8 [F.] seq 19 ack 20 len 0\n'), r.stdout);
    assert.ok(r.stdout.includes('  1.710052 server: recv FIN      # #8 [F.] seq 19 ack 20 len 0 → #10 [.] seq 21 ack 20 len 0\n'), r.stdout);
  });

  it('--format json: file, conversations with name, endpoints, stack, text, events and trace', () => {
    const r = run(['import', '--format', 'json', '--stack', 'rfc9293', path.join(CAPTURES, 'scenario-3.pcap')]);
    assert.equal(r.status, 0, r.stderr);
    const [only] = JSON.parse(r.stdout);
    assert.equal(only.file, path.join(CAPTURES, 'scenario-3.pcap'));
    const [c] = only.conversations;
    assert.equal(c.name, '127.0.0.1:5302 → 127.0.0.1:5301');
    assert.deepEqual(c.client, { address: '127.0.0.1', port: 5302 });
    assert.deepEqual(c.server, { address: '127.0.0.1', port: 5301 });
    assert.equal(c.stack, 'rfc9293');
    assert.match(c.text, /^conversation "127\.0\.0\.1:5302 → 127\.0\.0\.1:5301" \{\n {2}stack rfc9293\n/);
    assert.deepEqual(c.events.map((e: { line: number; frame: number; peer: string; event: string }) => [e.line, e.frame, e.peer, e.event]), [
      [3, 1, 'client', 'connect'],
      [4, 2, 'server', 'recv SYN'],
      [5, 2, 'client', 'recv RST+ACK'],
    ]);
    assert.deepEqual(c.events.map((e: { time: number }) => e.time), [0, 0.100471, 0.100471]);
    assert.deepEqual(c.trace.steps.map((s: { before: string[]; after: string[] }) => [s.before, s.after]), [
      [['CLOSED', 'CLOSED'], ['SYN_SENT', 'CLOSED']],
      [['SYN_SENT', 'CLOSED'], ['SYN_SENT', 'CLOSED']],
      [['SYN_SENT', 'CLOSED'], ['CLOSED', 'CLOSED']],
    ]);
  });

  it('exit 1 when an imported conversation has an error (the capture departs from the stack)', () => {
    const r = run(['import', path.join(CAPTURES, 'scenario-21.pcap')]);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.includes('client: timeout keepalive'));
  });

  const damaged: [string, () => Buffer | string, RegExp][] = [
    ['not a capture at all', () => 'hello\nworld\n', /^tcpfsm: junk\.bin: not a pcap, pcapng or tcpdump text file/],
    ['a truncated record', () => Buffer.from(writePcap(SEGMENTS)).subarray(0, 24 + 16 + 10), /^tcpfsm: junk\.bin: .*(ends inside|truncated).*\n$/],
    ['an unknown link type', () => Buffer.from(writePcap(SEGMENTS, { linkType: 147 })), /^tcpfsm: junk\.bin: .*link type 147.*\n$/],
    ['a snap length shorter than the TCP header', () => Buffer.from(writePcap(SEGMENTS, { snaplen: 40 })), /^tcpfsm: junk\.bin: .*only 40 of its \d+ bytes were captured.*\n$/],
  ];
  for (const [what, bytes, message] of damaged) {
    it(`exit 2 naming the file: ${what}`, () => {
      fs.writeFileSync(path.join(dir, 'junk.bin'), bytes());
      const r = run(['import', 'junk.bin']);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }

  it('exit 2 for a missing file and a directory; the other files are still imported', () => {
    fs.mkdirSync(path.join(dir, 'adir'), { recursive: true });
    const r = run(['import', 'missing.pcap', 'adir', path.join(CAPTURES, 'scenario-3.pcap')]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'tcpfsm: missing.pcap: no such file\ntcpfsm: adir: is a directory, not a capture\n');
    assert.match(r.stdout, /conversation "127\.0\.0\.1:5302 → 127\.0\.0\.1:5301"/);
  });

  it('bad options: exit 2 with the usage', () => {
    const r = run(['import', '--stack', 'bsd', 'x.pcap']);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'tcpfsm: --stack takes linux or rfc9293, not `bsd`\n');
    assert.equal(run(['import']).status, 2);
  });
});
