// `tcpfsm explain` in process: real socket tables saved on this machine (test/fixtures/explain,
// made by make_sockets.py in a private network namespace: 29 sockets in 9 states) read from ss,
// netstat and /proc give the same counts per state and port; timers, processes, the text and the
// JSON; the explanations are the hover docs' own text; what is not a socket table exits 2.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../server/src/cli';
import { runExplain } from '../../server/src/cliExplain';
import { ssDuration } from '../../server/src/capture/socketTable';
import { type ExplainReport, explainSocketTable, explainText, type StateSummary } from '../../server/src/service/explain';
import { SOCKET_STATE_ADVICE, STATE_DOCS } from '../../server/src/tcp/docs';
import { ROOT } from '../support/fixtures';

const DIR = path.join(ROOT, 'test/fixtures/explain');
const fixture = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

function report(text: string): ExplainReport {
  const r = explainSocketTable(text);
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return r;
}

const counts = (r: ExplainReport) => Object.fromEntries(r.states.map((s) => [s.state, s.count]));
const state = (r: ExplainReport, name: string): StateSummary => {
  const s = r.states.find((x) => x.state === name);
  assert.ok(s, `no ${name} in the report`);
  return s;
};

/** What make_sockets.py made: the same 29 sockets whichever tool shows them. */
const ALL = {
  LISTEN: 6, SYN_SENT: 1, SYN_RECEIVED: 1, ESTABLISHED: 9, FIN_WAIT_1: 1, FIN_WAIT_2: 2, CLOSE_WAIT: 3, LAST_ACK: 1, TIME_WAIT: 5,
};

describe('explain: the same sockets from every tool', () => {
  const inputs: [string, string][] = [
    ['ss -tan', fixture('ss-tan.txt')],
    ['ss -tano', fixture('ss-tano.txt')],
    ['ss -tanop', fixture('ss-tanop.txt')],
    ['ss -tani', fixture('ss-tani.txt')],
    ['netstat -tan', fixture('netstat-tan.txt')],
    ['netstat -tanp', fixture('netstat-tanp.txt')],
    ['/proc/net/tcp + /proc/net/tcp6', fixture('proc-net-tcp.txt') + fixture('proc-net-tcp6.txt')],
  ];
  for (const [name, text] of inputs) {
    it(`${name}: 29 sockets, counts per state and per local port`, () => {
      const r = report(text);
      assert.equal(r.sockets, 29);
      assert.deepEqual(r.unreadLines, []);
      assert.deepEqual(counts(r), ALL);
      assert.deepEqual(r.states.map((s) => s.state), Object.keys(ALL), 'in the order a connection lives');
      assert.deepEqual(state(r, 'CLOSE_WAIT').localPorts, [{ port: 8080, count: 2 }, { port: 4040, count: 1 }]);
      assert.deepEqual(state(r, 'ESTABLISHED').localPorts[0], { port: 8080, count: 3 });
      assert.deepEqual(state(r, 'TIME_WAIT').peerPorts, [{ port: 9090, count: 3 }, { port: 5050, count: 1 }, { port: 8443, count: 1 }]);
      assert.deepEqual(state(r, 'LISTEN').localPorts.map((p) => p.port), [4040, 5050, 6060, 8080, 8443, 9090]);
      assert.deepEqual(state(r, 'LISTEN').peerPorts, []);
    });
  }

  it('/proc/net/tcp alone: the IPv4 sockets; tcp6 alone: the IPv6 ones', () => {
    assert.deepEqual(counts(report(fixture('proc-net-tcp.txt'))),
      { LISTEN: 5, SYN_SENT: 1, SYN_RECEIVED: 1, ESTABLISHED: 7, FIN_WAIT_1: 1, FIN_WAIT_2: 2, CLOSE_WAIT: 3, LAST_ACK: 1, TIME_WAIT: 4 });
    assert.deepEqual(counts(report(fixture('proc-net-tcp6.txt'))), { LISTEN: 1, ESTABLISHED: 2, TIME_WAIT: 1 });
  });

  it('the state names as each tool printed them', () => {
    assert.deepEqual(state(report(fixture('ss-tan.txt')), 'CLOSE_WAIT').printed, ['CLOSE-WAIT']);
    assert.deepEqual(state(report(fixture('netstat-tan.txt')), 'FIN_WAIT_1').printed, ['FIN_WAIT1']);
    assert.deepEqual(state(report(fixture('proc-net-tcp.txt')), 'TIME_WAIT').printed, ['06']);
  });
});

describe('explain: timers, processes, meanings', () => {
  it('ss -o: the time left in TIME_WAIT and FIN_WAIT_2, retransmission and keep-alive timers', () => {
    const r = report(fixture('ss-tano.txt'));
    assert.deepEqual(state(r, 'TIME_WAIT').timers, [{ name: 'timewait', count: 5, minSeconds: 58, maxSeconds: 59, maxCount: 0 }]);
    assert.deepEqual(state(r, 'FIN_WAIT_2').timers, [{ name: 'timewait', count: 2, minSeconds: 58, maxSeconds: 58, maxCount: 0 }]);
    assert.deepEqual(state(r, 'ESTABLISHED').timers, [{ name: 'keepalive', count: 1, minSeconds: 598, maxSeconds: 598, maxCount: 0 }]);
    assert.deepEqual(state(r, 'SYN_RECEIVED').timers, [{ name: 'on', count: 1, minSeconds: 1.864, maxSeconds: 1.864, maxCount: 1 }]);
    assert.deepEqual(state(r, 'LAST_ACK').timers, [{ name: 'on', count: 1, minSeconds: 0.536, maxSeconds: 0.536, maxCount: 2 }]);
    assert.deepEqual(state(r, 'CLOSE_WAIT').timers, []);
  });

  it('/proc: timers from tr and tm->when (clock ticks), retransmissions from retrnsmt', () => {
    const r = report(fixture('proc-net-tcp.txt'));
    assert.deepEqual(state(r, 'TIME_WAIT').timers, [{ name: 'timewait', count: 4, minSeconds: 58.2, maxSeconds: 59.27, maxCount: 0 }]);
    assert.deepEqual(state(r, 'FIN_WAIT_1').timers, [{ name: 'on', count: 1, minSeconds: 0.1, maxSeconds: 0.1, maxCount: 2 }]);
  });

  it('ss -p and netstat -p: which process holds them, and how many no process holds', () => {
    for (const file of ['ss-tanop.txt', 'netstat-tanp.txt']) {
      const r = report(fixture(file));
      assert.deepEqual(state(r, 'CLOSE_WAIT').processes, [{ name: 'python3', pid: 13433, count: 3 }], file);
      assert.equal(state(r, 'CLOSE_WAIT').withoutProcess, 0, file);
      assert.equal(state(r, 'TIME_WAIT').withoutProcess, 5, file);
      assert.deepEqual(state(r, 'TIME_WAIT').processes, [], file);
      assert.equal(state(r, 'FIN_WAIT_2').withoutProcess, 2, file);
    }
    assert.equal(state(report(fixture('ss-tan.txt')), 'TIME_WAIT').withoutProcess, null, 'without -p nobody knows');
    assert.equal(state(report(fixture('proc-net-tcp.txt')), 'TIME_WAIT').withoutProcess, 4, '/proc: inode 0');
  });

  it('the meaning is the hover summary of the state and the advice is docs.ts\' socket advice (one source)', () => {
    for (const s of report(fixture('ss-tan.txt')).states) {
      assert.equal(s.meaning, STATE_DOCS[s.state].summary);
      assert.equal(s.advice, SOCKET_STATE_ADVICE[s.state].advice);
      assert.equal(s.closed, SOCKET_STATE_ADVICE[s.state].closed ?? null);
    }
  });

  it('the text report: counts, ports, who closed, what to do, timers, processes', () => {
    const text = explainText(report(fixture('ss-tanop.txt')));
    const lines = text.split('\n');
    assert.equal(lines[0], '29 TCP sockets (read from ss output)');
    assert.equal(lines[1], 'Look first at: SYN_SENT 1, SYN_RECEIVED 1, FIN_WAIT_1 1, CLOSE_WAIT 3, LAST_ACK 1');
    const at = lines.indexOf('CLOSE_WAIT (CLOSE-WAIT): 3 sockets');
    assert.ok(at > 0, text);
    assert.deepEqual(lines.slice(at + 1, at + 8), [
      '  local ports: 8080 (2), 4040',
      '  peer ports: 45584, 46572, 46576',
      `  meaning: ${STATE_DOCS.CLOSE_WAIT.summary}`,
      '  closed by: the peer; this side has not called close() yet',
      `  what to do: ${SOCKET_STATE_ADVICE.CLOSE_WAIT.advice}`,
      '  processes: python3 (pid 13433) 3',
      '',
    ]);
    assert.match(SOCKET_STATE_ADVICE.CLOSE_WAIT.advice, /the peer has closed and this process has not called close\(\)/i);
    assert.ok(lines.includes('  TIME_WAIT timer on 5 socket(s): 58–59 s left'));
    assert.ok(lines.includes('  FIN_WAIT_2 (tcp_fin_timeout) timer on 2 socket(s): 58 s left'));
    assert.ok(lines.includes('  retransmission timer on 1 socket(s): 0.4 s left, up to 2 retransmission(s) sent'));
    assert.ok(lines.includes('  held by no process (closed by it, or kernel-only sockets): 5'));
  });
});

describe('explain: other shapes of input', () => {
  it('netstat -o timers', () => {
    const r = report('Proto Recv-Q Send-Q Local Address           Foreign Address         State       Timer\n' +
      'tcp        0      0 127.0.0.1:42398         127.0.0.1:9090          TIME_WAIT   timewait (57.67/0/0)\n' +
      'tcp        0      1 127.0.0.1:34794         127.0.0.1:7070          SYN_SENT    on (0.83/2/0)\n' +
      'tcp        0      0 127.0.0.1:8080          127.0.0.1:46532         ESTABLISHED off (0.00/0/0)\n');
    assert.deepEqual(state(r, 'TIME_WAIT').timers, [{ name: 'timewait', count: 1, minSeconds: 57.67, maxSeconds: 57.67, maxCount: 0 }]);
    assert.deepEqual(state(r, 'SYN_SENT').timers, [{ name: 'on', count: 1, minSeconds: 0.83, maxSeconds: 0.83, maxCount: 2 }]);
    assert.deepEqual(state(r, 'ESTABLISHED').timers, []);
  });

  it('ss -an with a Netid column: only the tcp rows count', () => {
    const r = report('Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n' +
      'udp   UNCONN 0      0            0.0.0.0:68        0.0.0.0:*\n' +
      'tcp   ESTAB  0      0           10.0.0.1:22       10.0.0.2:50000\n' +
      'u_str ESTAB  0      0                  * 1234             * 1235\n');
    assert.deepEqual(counts(r), { ESTABLISHED: 1 });
    assert.deepEqual(r.unreadLines, []);
  });

  it('rows without a header (ss -H, netstat lines pasted alone), IPv6 with a scope', () => {
    assert.deepEqual(counts(report('ESTAB 0 0 [fe80::1%eth0]:22 [fe80::2%eth0]:50000\nTIME-WAIT 0 0 10.0.0.1:80 10.0.0.9:41000\n')),
      { ESTABLISHED: 1, TIME_WAIT: 1 });
    assert.deepEqual(counts(report('tcp6       0      0 ::1:8443                ::1:60560               ESTABLISHED\n')), { ESTABLISHED: 1 });
  });

  it('ss with a state filter has no State column: counted, not explained, and said so', () => {
    const r = report('Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n0      0          127.0.0.1:42398    127.0.0.1:9090\n');
    assert.equal(r.sockets, 1);
    assert.equal(r.withoutState, 1);
    assert.deepEqual(r.states, []);
    assert.match(explainText(r), /^1 socket\(s\) without a State column \(ss with a state filter\): not counted by state$/m);
  });

  it('a table header with no sockets is an empty report', () => {
    const r = report('State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n');
    assert.equal(r.sockets, 0);
    assert.equal(explainText(r), '0 TCP sockets (read from ss output)\n');
  });

  it('ss timer texts', () => {
    assert.equal(ssDuration('58sec'), 58);
    assert.equal(ssDuration('536ms'), 0.536);
    assert.equal(ssDuration('1.864ms'), 1.864);
    assert.equal(ssDuration('9min58sec'), 598);
    assert.equal(ssDuration('12min'), 720);
    assert.equal(ssDuration('005ms'), 0.005);
    assert.equal(ssDuration('soon'), undefined);
  });
});

describe('tcpfsm explain (in process)', () => {
  it('reads a file, or standard input with - or no file; --format json', () => {
    const text = fixture('ss-tan.txt');
    const fromFile = runCli(['explain', path.join(DIR, 'ss-tan.txt')]);
    assert.equal(fromFile.code, 0);
    assert.equal(fromFile.stderr, '');
    const stdin = () => new TextEncoder().encode(text);
    assert.equal(runExplain(['-'], stdin).stdout, fromFile.stdout);
    assert.equal(runExplain([], stdin).stdout, fromFile.stdout);
    const json = JSON.parse(runExplain(['--format', 'json', '-'], stdin).stdout);
    assert.equal(json.sockets, 29);
    assert.deepEqual(json.sources, ['ss']);
    assert.deepEqual(json.states.map((s: { state: string; count: number }) => [s.state, s.count]), Object.entries(ALL));
    const closeWait = json.states.find((s: { state: string }) => s.state === 'CLOSE_WAIT');
    assert.deepEqual(Object.keys(closeWait), ['state', 'printed', 'count', 'localPorts', 'peerPorts', 'meaning', 'closed', 'advice',
      'attention', 'timers', 'processes', 'withoutProcess']);
    assert.equal(closeWait.attention, true);
  });

  it('exit 2 naming the input and why: missing file, directory, binary, not a socket table, bad option', () => {
    const cases: [string[], string][] = [
      [['explain', path.join(DIR, 'nope.txt')], `tcpfsm: ${path.join(DIR, 'nope.txt')}: cannot read: no such file\n`],
      [['explain', DIR], `tcpfsm: ${DIR}: is a directory, not a socket table\n`],
      [['explain', path.join(ROOT, 'test/fixtures/captures/scenario-1.pcap')],
        `tcpfsm: ${path.join(ROOT, 'test/fixtures/captures/scenario-1.pcap')}: not text (it contains NUL bytes)\n`],
      [['explain', path.join(DIR, 'make_sockets.py')],
        `tcpfsm: ${path.join(DIR, 'make_sockets.py')}: not the output of \`ss -tan\`, \`netstat -tan\` or /proc/net/tcp (no header or socket line recognised)\n`],
      [['explain', '--format', 'xml', 'x'], 'tcpfsm: --format takes text or json, not `xml`\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, stderr);
    }
    const empty = runExplain(['-'], () => new Uint8Array(0));
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /^tcpfsm: standard input: not the output of/);
  });
});
