// `tcpfsm trace` in process: every conversation example's text trace against a snapshot in
// test/fixtures/examples/conversations/NAME.trace (rewrite with UPDATE_EXPECT=1), and exact
// states, segment links and error rows through the JSON output.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli';
import { ROOT } from '../support/fixtures';

const update = process.env.UPDATE_EXPECT === '1';
const EXAMPLES = 'examples/conversations';
const SNAPSHOTS = 'test/fixtures/examples/conversations';

interface Segment {
  id: number;
  text: string;
  from: string;
  to: string;
  acknowledges: string | null;
}

interface Step {
  line: number;
  column: number;
  event: string;
  kind: string;
  peer: string | null;
  before: [string, string];
  after: [string, string];
  received: Segment | null;
  sent: Segment[];
  inFlight: [Segment[], Segment[]];
  rfc: string | null;
  note: string | null;
  ok: boolean;
}

interface Conversation {
  name: string | null;
  line: number;
  peers: [string, string];
  start: [string, string];
  steps: Step[];
}

function traceJson(file: string): { file: string; conversations: Conversation[] }[] {
  const r = runCli(['trace', '--format', 'json', file]);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as { file: string; conversations: Conversation[] }[];
}

/** The one conversation of an example, as JSON. */
function conversationOf(name: string): Conversation {
  const files = traceJson(`${EXAMPLES}/${name}.tcpfsm`);
  assert.equal(files.length, 1);
  assert.equal(files[0].conversations.length, 1);
  return files[0].conversations[0];
}

const examples = fs.readdirSync(path.join(ROOT, EXAMPLES)).filter((f) => f.endsWith('.tcpfsm')).sort();

// Paths in the output are as given on the command line: relative to the repository's root.
let cwd = '';
before(() => {
  cwd = process.cwd();
  process.chdir(ROOT);
});
after(() => process.chdir(cwd));

describe('tcpfsm trace: the conversation examples against their snapshots', () => {
  it('there are conversation examples', () => {
    assert.ok(examples.length >= 10, examples.join(', '));
  });

  const all = [
    ...examples.map((name) => ({ name, dir: EXAMPLES, snapshots: SNAPSHOTS })),
    ...['examples/real-world', 'examples/real-world/captures'].flatMap((dir) => fs.readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.tcpfsm')).sort()
      .map((name) => ({ name, dir, snapshots: `test/fixtures/${dir}` }))),
    // Every event of SPEC section 5 in every state group of RFC 9293 3.10.7: states and segments in flight.
    ...fs.readdirSync(path.join(ROOT, 'test/fixtures/events')).filter((f) => f.endsWith('.tcpfsm')).sort()
      .map((name) => ({ name, dir: 'test/fixtures/events', snapshots: 'test/fixtures/events' })),
  ];
  for (const { name, dir, snapshots } of all) {
    it(`${dir}/${name}`, () => {
      const file = `${dir}/${name}`;
      const r = runCli(['trace', file]);
      assert.equal(r.code, dir === 'test/fixtures/events' ? r.code : 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+: conversation "`));
      assert.ok(r.stdout.split('\n').every((line) => !line.endsWith(' ')), 'no trailing spaces');
      const snapshotFile = path.join(ROOT, snapshots, name.replace(/\.tcpfsm$/, '.trace'));
      if (update) {
        fs.mkdirSync(path.dirname(snapshotFile), { recursive: true });
        fs.writeFileSync(snapshotFile, r.stdout);
      } else {
        const expected = fs.existsSync(snapshotFile) ? fs.readFileSync(snapshotFile, 'utf8') : '';
        assert.equal(r.stdout, expected, `${path.relative(ROOT, snapshotFile)} is out of date (UPDATE_EXPECT=1 rewrites it)`);
      }
    });
  }

  it('no snapshot without its example', () => {
    const stale = fs.readdirSync(path.join(ROOT, SNAPSHOTS))
      .filter((f) => f.endsWith('.trace') && !examples.includes(f.replace(/\.trace$/, '.tcpfsm')));
    assert.deepEqual(stale, []);
  });
});

describe('tcpfsm trace: exact rows', () => {
  it('simultaneous close: both peers in CLOSING, then both in TIME_WAIT', () => {
    const c = conversationOf('simultaneous-close');
    assert.deepEqual({ name: c.name, line: c.line, peers: c.peers, start: c.start },
      { name: 'Simultaneous close', line: 2, peers: ['client', 'server'], start: ['ESTABLISHED', 'ESTABLISHED'] });
    assert.deepEqual(c.steps.map((s) => [s.line, s.event, ...s.after]), [
      [4, 'client: close', 'FIN_WAIT_1', 'ESTABLISHED'],
      [5, 'server: close', 'FIN_WAIT_1', 'FIN_WAIT_1'],
      [6, 'client: recv FIN', 'CLOSING', 'FIN_WAIT_1'],
      [7, 'server: recv FIN', 'CLOSING', 'CLOSING'],
      [8, 'expect client CLOSING, server CLOSING', 'CLOSING', 'CLOSING'],
      [9, 'client: recv ACK', 'TIME_WAIT', 'CLOSING'],
      [10, 'server: recv ACK', 'TIME_WAIT', 'TIME_WAIT'],
      [11, 'expect client TIME_WAIT, server TIME_WAIT', 'TIME_WAIT', 'TIME_WAIT'],
    ]);
    const closing = c.steps.findIndex((s) => s.after[0] === 'CLOSING' && s.after[1] === 'CLOSING');
    const timeWait = c.steps.findIndex((s) => s.after[0] === 'TIME_WAIT' && s.after[1] === 'TIME_WAIT');
    assert.ok(closing >= 0 && timeWait > closing, `CLOSING at ${closing}, TIME_WAIT at ${timeWait}`);
    // The FINs crossed: neither acknowledges the other's FIN, so each peer passes CLOSING.
    assert.deepEqual(c.steps[1].inFlight.map((q) => q.map((s) => `${s.id} ${s.text} ${s.acknowledges}`)), [['1 FIN+ACK SYN'], ['2 FIN+ACK SYN']]);
    assert.ok(c.steps.every((s) => s.ok));
  });

  it('client closes first: the client waits in TIME_WAIT until the last timeout', () => {
    const c = conversationOf('client-closes-first');
    assert.deepEqual(c.steps.filter((s) => s.kind !== 'expect').map((s) => [s.event, ...s.after]), [
      ['client: close', 'FIN_WAIT_1', 'ESTABLISHED'],
      ['server: recv FIN', 'FIN_WAIT_1', 'CLOSE_WAIT'],
      ['client: recv ACK', 'FIN_WAIT_2', 'CLOSE_WAIT'],
      ['server: close', 'FIN_WAIT_2', 'LAST_ACK'],
      ['client: recv FIN', 'TIME_WAIT', 'LAST_ACK'],
      ['server: recv ACK', 'TIME_WAIT', 'CLOSED'],
      ['client: timeout', 'CLOSED', 'CLOSED'],
    ]);
  });

  it('segment ids link what one step sent to what a later step received', () => {
    const c = conversationOf('simultaneous-close');
    const links = c.steps.map((s) => ({
      event: s.event,
      received: s.received && `${s.received.id} ${s.received.text} ${s.received.from}→${s.received.to}`,
      sent: s.sent.map((g) => `${g.id} ${g.text} ${g.from}→${g.to}`),
    }));
    assert.deepEqual(links, [
      { event: 'client: close', received: null, sent: ['1 FIN+ACK client→server'] },
      { event: 'server: close', received: null, sent: ['2 FIN+ACK server→client'] },
      { event: 'client: recv FIN', received: '2 FIN+ACK server→client', sent: ['3 ACK client→server'] },
      { event: 'server: recv FIN', received: '1 FIN+ACK client→server', sent: ['4 ACK server→client'] },
      { event: 'expect client CLOSING, server CLOSING', received: null, sent: [] },
      { event: 'client: recv ACK', received: '4 ACK server→client', sent: [] },
      { event: 'server: recv ACK', received: '3 ACK client→server', sent: [] },
      { event: 'expect client TIME_WAIT, server TIME_WAIT', received: null, sent: [] },
    ]);
  });

  for (const name of examples) {
    it(`${name}: every segment received or lost was sent before, once, and in flight until then`, () => {
      const c = conversationOf(name.replace(/\.tcpfsm$/, ''));
      const sent = new Map<number, Segment>();
      const taken = new Set<number>();
      for (const s of c.steps) {
        if (s.received) {
          assert.deepEqual(sent.get(s.received.id), s.received, `${s.event}: segment ${s.received.id} was not sent before`);
          assert.ok(!taken.has(s.received.id), `${s.event}: segment ${s.received.id} taken twice`);
          taken.add(s.received.id);
        }
        for (const g of s.sent) {
          assert.ok(!sent.has(g.id), `segment id ${g.id} used twice`);
          assert.equal(g.id, sent.size + 1, 'ids number the segments in the order they were sent');
          assert.equal(g.from, s.peer);
          sent.set(g.id, g);
        }
        // In flight: everything sent and not yet taken, each way, in the order sent.
        const waiting = [...sent.values()].filter((g) => !taken.has(g.id));
        assert.deepEqual(s.inFlight, [waiting.filter((g) => g.from === c.peers[0]), waiting.filter((g) => g.from === c.peers[1])], s.event);
      }
    });
  }
});

describe('tcpfsm trace: a conversation with errors', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-trace-'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const ERRORS = [
    '# errors are reported and skipped',                 // 1
    'conversation "Errors" {',                          // 2
    '  server: listen',                                 // 3
    '    client: close',                                // 4: illegal-call, `client` at column 5
    '  client: connect',                                // 5
    '  server: recv SYN+ACK',                           // 6: not-in-flight (the head is a SYN)
    '  server: recv SYN',                               // 7
    '  expect client ESTABLISHED',                      // 8: expect-failed
    '}',                                                // 9
    '',
  ].join('\n');

  it('JSON: ok=false on the failing steps, exact line and column, states kept', () => {
    const file = path.join(dir, 'errors.tcpfsm');
    fs.writeFileSync(file, ERRORS);
    const r = runCli(['trace', '--format=json', file]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    const [only] = JSON.parse(r.stdout) as { file: string; conversations: Conversation[] }[];
    assert.equal(only.file, file);
    const steps = only.conversations[0].steps;
    assert.deepEqual(steps.map((s) => [s.line, s.column, s.kind, s.peer, s.ok, ...s.after]), [
      [3, 3, 'call', 'server', true, 'CLOSED', 'LISTEN'],
      [4, 5, 'call', 'client', false, 'CLOSED', 'LISTEN'],
      [5, 3, 'call', 'client', true, 'SYN_SENT', 'LISTEN'],
      [6, 3, 'recv', 'server', false, 'SYN_SENT', 'LISTEN'],
      [7, 3, 'recv', 'server', true, 'SYN_SENT', 'SYN_RECEIVED'],
      [8, 3, 'expect', null, false, 'SYN_SENT', 'SYN_RECEIVED'],
    ]);
    // A skipped event changes nothing: the SYN stays in flight after the failed recv.
    assert.deepEqual(steps[3], {
      line: 6, column: 3, time: null, event: 'server: recv SYN+ACK', kind: 'recv', peer: 'server',
      before: ['SYN_SENT', 'LISTEN'], after: ['SYN_SENT', 'LISTEN'], since: null, owes: [false, false], received: null, sent: [],
      inFlight: [[{ id: 1, text: 'SYN', from: 'client', to: 'server', acknowledges: null, mark: null }], []],
      rfc: null, check: null, note: null, timer: null, ok: false,
    });
  });

  it('text: failed rows say so in the note', () => {
    const file = path.join(dir, 'errors.tcpfsm');
    fs.writeFileSync(file, ERRORS);
    const r = runCli(['trace', file]);
    assert.equal(r.code, 1);
    const rows = r.stdout.split('\n');
    assert.equal(rows[0], `${file}:2: conversation "Errors" (client, server)`);
    assert.match(rows.find((l) => l.includes('client: close'))!, /^ {3}4 .* error: skipped$/);
    assert.match(rows.find((l) => l.includes('recv SYN+ACK'))!, /^ {3}6 .* error: skipped$/);
    assert.match(rows.find((l) => l.includes('expect client'))!, /^ {3}8 .* error: expect failed$/);
    assert.match(rows.find((l) => l.includes('server: recv SYN '))!, /3\.10\.7\.2  third check: SYN  a connection request: SYN\+ACK sent$/);
  });

  it('a block without a name, and a name with a quote, in the header', () => {
    const file = path.join(dir, 'names.tcpfsm');
    fs.writeFileSync(file, 'conversation {\n}\n\nconversation "say \\"hi\\"" {\n  peers a, b\n  start a LISTEN, b CLOSED\n}\n');
    const r = runCli(['trace', file]);
    assert.equal(r.code, 1, 'the missing name is a syntax error');
    assert.equal(r.stdout, [
      `${file}:1: conversation (client, server)`,
      'line  event    client  server  client → server  server → client  rfc  check  note',
      '   1  (start)  CLOSED  CLOSED',
      '',
      `${file}:4: conversation "say \\"hi\\"" (a, b)`,
      'line  event  a       b       a → b  b → a  rfc  check  note',
      '   6  start  LISTEN  CLOSED',
      '',
    ].join('\n'));
  });

  it('a file without conversations prints nothing', () => {
    const r = runCli(['trace', `examples/active-open.tcpfsm`]);
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
    assert.deepEqual(traceJson('examples/active-open.tcpfsm'), [{ file: 'examples/active-open.tcpfsm', conversations: [] }]);
  });

  it('lines are counted the same with CRLF line ends', () => {
    const lf = path.join(dir, 'lf.tcpfsm');
    const crlf = path.join(dir, 'crlf.tcpfsm');
    fs.writeFileSync(lf, ERRORS);
    fs.writeFileSync(crlf, ERRORS.split('\n').join('\r\n'));
    assert.equal(runCli(['trace', crlf]).stdout.split(crlf).join('F'), runCli(['trace', lf]).stdout.split(lf).join('F'));
  });
});
