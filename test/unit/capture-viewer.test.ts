// The capture viewer's pure parts: the check of what its webview posts (protocol.ts), the session
// that reads a capture in chunks and fills the table as it goes (session.ts: rows before the end,
// states of finished connections during the read, every connection's at the end, damage kept as a
// problem, cancel), a connection's detail (the ladder's model, diagnostics with the frame of their
// line), the clipboard's tcpdump text imported (importText.ts), and the page's CSP (captureHtml.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { importCaptureText } from '../../client/src/capture/importText';
import { MAX_ERROR_LENGTH, parseFromCaptureWebview } from '../../client/src/capture/protocol';
import { CaptureSession, type SessionUpdate } from '../../client/src/capture/session';
import { captureHtml } from '../../client/src/webview/captureHtml';
import { groupConnections } from '../../server/src/capture/connections';
import { importConnections } from '../../server/src/capture/importer';
import { ACK, FIN, PSH, SYN } from '../../server/src/capture/packet';
import { readCapture } from '../../server/src/capture/reader';
import { analyze } from '../../server/src/service/analyze';
import { CAPTURES, captureBytes } from '../support/captures';
import { pcapChunks, type Segment, writePcap } from '../support/captureWriter';

describe('capture viewer: messages from the webview', () => {
  it('accepts each message of the protocol, with only its own fields', () => {
    assert.deepEqual(parseFromCaptureWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromCaptureWebview({ type: 'select', id: 3 }), { type: 'select', id: 3 });
    assert.deepEqual(parseFromCaptureWebview({ type: 'openText', id: 1, extra: '<b>' }), { type: 'openText', id: 1 });
    assert.deepEqual(parseFromCaptureWebview({ type: 'error', message: 'boom' }), { type: 'error', message: 'boom' });
  });

  it('cuts a long error message', () => {
    const parsed = parseFromCaptureWebview({ type: 'error', message: 'x'.repeat(MAX_ERROR_LENGTH + 50) });
    assert.ok(parsed?.type === 'error');
    assert.equal(parsed.message.length, MAX_ERROR_LENGTH);
  });

  it('rejects anything else', () => {
    for (const bad of [
      null, undefined, 'ready', 42, [], ['ready'], {}, { type: 'reveal' }, { type: 'READY' },
      { type: 'select' }, { type: 'select', id: 0 }, { type: 'select', id: -1 }, { type: 'select', id: 1.5 }, { type: 'select', id: '1' },
      { type: 'select', id: Number.NaN }, { type: 'select', id: Infinity }, { type: 'openText', id: 2 ** 60 },
      { type: 'error' }, { type: 'error', message: 7 },
    ]) {
      assert.equal(parseFromCaptureWebview(bad), undefined, JSON.stringify(bad) ?? String(bad));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// a synthetic capture of many short connections, interleaved

/** One whole connection: handshake, 10 bytes each way, the client closes first. */
function connection(n: number, t0: number): Segment[] {
  const client = '10.1.0.2';
  const server = '10.1.0.1';
  const port = 40000 + n;
  const seg = (dt: number, fromClient: boolean, flags: number, seq: number, ack: number, payloadLength = 0): Segment => ({
    seconds: Math.floor(t0 + dt / 1000), nanoseconds: Math.round(((t0 + dt / 1000) % 1) * 1e9),
    src: fromClient ? client : server, srcPort: fromClient ? port : 80, dst: fromClient ? server : client, dstPort: fromClient ? 80 : port,
    flags, seq, ack: flags & ACK ? ack : 0, window: 65535, payloadLength,
  });
  const c = 1000 * n;
  const s = 500000 + 1000 * n;
  return [
    seg(0, true, SYN, c, 0),
    seg(1, false, SYN | ACK, s, c + 1),
    seg(2, true, ACK, c + 1, s + 1),
    seg(3, true, PSH | ACK, c + 1, s + 1, 10),
    seg(4, false, ACK, s + 1, c + 11),
    seg(5, false, PSH | ACK, s + 1, c + 11, 10),
    seg(6, true, ACK, c + 11, s + 11),
    seg(7, true, FIN | ACK, c + 11, s + 11),
    seg(8, false, ACK, s + 11, c + 12),
    seg(9, false, FIN | ACK, s + 11, c + 12),
    seg(10, true, ACK, c + 12, s + 12),
  ];
}

/** `count` connections, one starting every 4 ms: their packets interleave. */
function manyConnections(count: number): Segment[] {
  const all = Array.from({ length: count }, (_, n) => connection(n, 1_700_000_000 + n * 0.004)).flat();
  return all.sort((a, b) => a.seconds - b.seconds || a.nanoseconds - b.nanoseconds);
}

/** The bytes in chunks of `size`, from an async source (as the viewer reads them). */
async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** A session that updates on every chunk and yields at once (no timers: the test is deterministic). */
function eagerSession(): { session: CaptureSession; updates: SessionUpdate[] } {
  const session = new CaptureSession({ updateEveryMs: 0, now: () => 0, yieldNow: () => Promise.resolve() });
  const updates: SessionUpdate[] = [];
  session.onUpdate((u) => updates.push(u));
  return { session, updates };
}

describe('capture viewer: reading a capture in chunks', () => {
  const CONNECTIONS = 40;
  const bytes = writePcap(manyConnections(CONNECTIONS));

  it('fills the table while reading: rows first, states of finished connections before the end, all at the end', async () => {
    const { session, updates } = eagerSession();
    await session.read(chunksOf(bytes, 700), bytes.length);

    assert.ok(updates.length > 10, `an update per chunk (${updates.length})`);
    const first = updates[0];
    assert.equal(first.progress.done, false);
    assert.ok(first.rows.length > 0 && first.rows.length < CONNECTIONS, `the first update has some rows (${first.rows.length})`);
    assert.ok(first.progress.bytes < bytes.length && first.progress.total === bytes.length);
    // Before the end, some connections were finished (FIN both ways) and imported: their states are known.
    const early = updates.filter((u) => !u.progress.done).flatMap((u) => u.rows).filter((r) => r.last !== undefined);
    assert.ok(early.length > 0, 'states known before the read ended');
    // Bytes only grow; the last update says done.
    for (let i = 1; i < updates.length; i++) assert.ok(updates[i].progress.bytes >= updates[i - 1].progress.bytes);
    const last = updates[updates.length - 1];
    assert.equal(last.progress.done, true);
    assert.deepEqual(last.progress, { bytes: bytes.length, total: bytes.length, packets: CONNECTIONS * 11, connections: CONNECTIONS, done: true, format: 'pcap' });
    assert.equal(session.problem, undefined);

    const rows = session.rows();
    assert.deepEqual(rows.map((r) => r.id), Array.from({ length: CONNECTIONS }, (_, i) => i + 1));
    for (const [i, r] of rows.entries()) {
      assert.deepEqual(r.client, { address: '10.1.0.2', port: 40000 + i });
      assert.deepEqual(r.server, { address: '10.1.0.1', port: 80 });
      assert.equal(r.packets, 11);
      assert.ok(Math.abs(r.duration - 0.01) < 1e-6, `duration ${r.duration}`);
      assert.deepEqual(r.first, ['CLOSED', 'CLOSED']);
      assert.deepEqual(r.last, ['TIME_WAIT', 'CLOSED'], `connection ${r.id}`);
      assert.equal(r.diagnostics, 0);
      assert.equal(r.errors, 0);
    }
  });

  it('gives the same rows as importing the whole capture at once, whatever the chunk size', async () => {
    const whole = importConnections(groupConnections(readCapture(bytes).packets));
    for (const size of [1, 97, 4096, bytes.length]) {
      const { session } = eagerSession();
      await session.read(chunksOf(bytes, size), bytes.length);
      assert.deepEqual(session.rows().map((r) => [r.id, r.first, r.last, r.diagnostics]),
        whole.map((c, i) => [i + 1, c.startStates, c.finalStates, analyze(c.text).diagnostics.length]), `chunks of ${size}`);
    }
  });

  it('shows a connection without its end as it was when the capture stopped', async () => {
    // The first connection only: its last three packets (the server's FIN, the last ACK) cut off.
    const cut = writePcap(connection(0, 1_700_000_000).slice(0, 8));
    const { session } = eagerSession();
    await session.read(chunksOf(cut, 64), cut.length);
    const [r] = session.rows();
    assert.deepEqual([r.first, r.last, r.packets], [['CLOSED', 'CLOSED'], ['FIN_WAIT_2', 'CLOSE_WAIT'], 8]);
  });

  it('keeps the connections before damage and says where the read stopped', async () => {
    const whole = writePcap(manyConnections(3));
    const damaged = whole.subarray(0, whole.length - 20); // the last record cut short
    const { session, updates } = eagerSession();
    await session.read(chunksOf(damaged, 256), damaged.length);
    const problem = session.problem;
    assert.ok(problem, 'a problem');
    assert.match(problem.message, /truncated|ends inside/i);
    assert.match(problem.message, /\(frame 33\)|\(byte \d+\)/);
    assert.equal(updates.at(-1)?.problem, problem, 'the last update carries it');
    assert.equal(updates.at(-1)?.progress.done, true);
    const rows = session.rows();
    assert.equal(rows.length, 3);
    assert.equal(rows.reduce((n, r) => n + r.packets, 0), 32, 'every packet before the damaged one');
    assert.ok(rows.every((r) => r.last !== undefined), 'every connection imported');
  });

  it('says what is wrong with a file that is not a capture', async () => {
    const junk = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0, 0, 0]);
    const { session } = eagerSession();
    await session.read(chunksOf(junk, 64), junk.length);
    assert.match(session.problem?.message ?? '', /^not a pcap, pcapng or tcpdump text file: it starts with the bytes 7f 45 4c 46/);
    assert.deepEqual(session.rows(), []);
  });

  it('turns a failing source into a problem, never a throw', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 1000);
      throw new Error('EIO: i/o error, read');
    }
    const { session, updates } = eagerSession();
    await session.read(failing(), bytes.length);
    assert.equal(session.problem?.message, 'the capture cannot be read: EIO: i/o error, read');
    assert.equal(updates.at(-1)?.progress.done, true);
    assert.ok(session.rows().length > 0 && session.rows().every((r) => r.last !== undefined));
  });

  it('stops at the next chunk when cancelled', async () => {
    const { session, updates } = eagerSession();
    session.onUpdate(() => session.cancel());
    await session.read(chunksOf(bytes, 700), bytes.length);
    assert.equal(updates.length, 1);
    assert.equal(session.progress.done, false);
    assert.equal(session.progress.bytes, 700);
  });

  it('updates at most once per interval while reading, and always at the end', async () => {
    let clock = 0;
    const session = new CaptureSession({ updateEveryMs: 100, now: () => clock, yieldNow: () => Promise.resolve() });
    const updates: SessionUpdate[] = [];
    session.onUpdate((u) => updates.push(u));
    async function* ticking(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 500) {
        clock += 30; // 30 ms per chunk: every fourth chunk updates
        yield bytes.subarray(at, at + 500);
      }
    }
    await session.read(ticking(), bytes.length);
    const chunks = Math.ceil(bytes.length / 500);
    assert.equal(updates.length, Math.ceil(chunks / 4) + 1, `${chunks} chunks`);
    // Every row reached the listener once at least, in its final form at the end.
    const seen = new Map(updates.flatMap((u) => u.rows).map((r) => [r.id, r]));
    assert.deepEqual([...seen.values()].sort((a, b) => a.id - b.id), session.rows());
  });
});

describe('capture viewer: a connection selected', () => {
  it('scenario-1.pcap: the ladder of both peers with the kernel’s states, no diagnostics, every frame', async () => {
    const bytes = captureBytes('scenario-1.pcap');
    const { session } = eagerSession();
    await session.read(chunksOf(bytes, 333), bytes.length);
    const [r] = session.rows();
    assert.deepEqual([r.client, r.server], [{ address: '127.0.0.1', port: 5102 }, { address: '127.0.0.1', port: 5101 }]);
    assert.deepEqual([r.first, r.last, r.packets, r.diagnostics], [['CLOSED', 'CLOSED'], ['TIME_WAIT', 'CLOSED'], 11, 0]);

    const detail = session.detail(1);
    assert.equal(detail.name, '127.0.0.1:5102 → 127.0.0.1:5101');
    assert.equal(detail.stack, 'linux');
    assert.deepEqual(detail.diagnostics, []);
    const block = detail.block;
    assert.deepEqual(block.peers, ['client', 'server']);
    assert.deepEqual(block.start, ['CLOSED', 'CLOSED']);
    // Each peer's states, in order, as the ladder's badges show them (the kernel's, scenario-1.md).
    const path = (peer: 0 | 1) => block.events.filter((e) => e.after[peer] !== e.before[peer]).map((e) => e.after[peer]);
    assert.deepEqual(path(0), ['SYN_SENT', 'ESTABLISHED', 'FIN_WAIT_1', 'FIN_WAIT_2', 'TIME_WAIT']);
    assert.deepEqual(path(1), ['LISTEN', 'SYN_RECEIVED', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
    assert.equal(block.events.every((e) => e.ok), true);
    // Every captured frame is behind some line.
    assert.deepEqual([...new Set(detail.events.flatMap((e) => (e.frame === undefined ? [] : [e.frame])))].sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // The ladder's event lines are the text's (0-based there, 1-based in events).
    const text = session.conversation(1).text.split('\n');
    for (const e of detail.events) assert.ok(text[e.line - 1].includes(` ${e.peer}: ${e.event}`), `line ${e.line}`);
  });

  it('scenario-21.pcap: each diagnostic names the frame in the `# #N` comment of its line', async () => {
    const bytes = captureBytes(path.join(CAPTURES, 'scenario-21.pcap'));
    const { session } = eagerSession();
    await session.read(chunksOf(bytes, 4096), bytes.length);
    const detail = session.detail(1);
    const text = session.conversation(1).text.split('\n');
    assert.deepEqual(detail.diagnostics.map((d) => d.code), ['early-timeout', 'early-timeout']);
    for (const d of detail.diagnostics) {
      const comment = /# #(\d+) /.exec(text[d.line - 1]);
      assert.ok(comment, `line ${d.line} has a frame comment: ${text[d.line - 1]}`);
      assert.equal(d.frame, Number(comment[1]));
      assert.equal(d.severity, 'error');
      assert.ok(text[d.line - 1].includes('timeout keepalive'), text[d.line - 1]);
    }
    assert.deepEqual(session.rows().map((r) => [r.diagnostics, r.errors]), [[2, 2]]);
  });

  it('says which connection does not exist', () => {
    const session = new CaptureSession();
    assert.throws(() => session.detail(1), /no connection 1 in this capture \(it has 0\)/);
  });
});

describe('capture viewer: tcpdump text from the clipboard', () => {
  it('imports every connection of tcpdump -nn output, as tcpfsm import does', () => {
    const text = fs.readFileSync(path.join(CAPTURES, 'scenario-1.tcpdump.txt'), 'utf8');
    const result = importCaptureText(text, 'The clipboard');
    assert.ok('text' in result, JSON.stringify(result));
    assert.equal(result.connections, 1);
    assert.equal(result.packets, 11);
    assert.match(result.text, /^# The clipboard: 1 TCP connection, imported \(tcpfsm import\)\n\nconversation "127\.0\.0\.1:5102 → 127\.0\.0\.1:5101" \{\n  stack linux\n/);
    assert.deepEqual(analyze(result.text).diagnostics, [], 'it checks clean');
  });

  it('says why text is not tcpdump output', () => {
    assert.deepEqual(importCaptureText('', 'The clipboard'), { error: 'The clipboard is empty: copy the output of tcpdump -nn first' });
    assert.deepEqual(importCaptureText(' \n', 'The clipboard'), { error: 'The clipboard is empty: copy the output of tcpdump -nn first' });
    const prose = importCaptureText('Dear team,\nthe server is slow again.\n', 'The clipboard');
    assert.ok('error' in prose);
    assert.match(prose.error, /^The clipboard is not tcpdump -nn output: /);
  });
});

describe('capture viewer: the page', () => {
  it('has a strict CSP with the nonce, both stylesheets and the bundle, and the title as text', () => {
    const page = captureHtml({
      scriptUri: 'https://x.test/dist/webview/capture.js', styleUris: ['https://x.test/media/diagram.css', 'https://x.test/media/capture.css'],
      cspSource: 'https://x.test', nonce: 'abcDEF123+/=', title: 'TCP Capture: <img src=x onerror=alert(1)>.pcap',
    });
    assert.match(page, /content="default-src 'none'; img-src https:\/\/x\.test data:; style-src https:\/\/x\.test; script-src 'nonce-abcDEF123\+\/='; font-src https:\/\/x\.test"/);
    assert.match(page, /<script nonce="abcDEF123\+\/=" src="https:\/\/x\.test\/dist\/webview\/capture\.js"><\/script>/);
    assert.equal(page.match(/<link rel="stylesheet"/g)?.length, 2);
    assert.ok(page.includes('<title>TCP Capture: &lt;img src=x onerror=alert(1)&gt;.pcap</title>'));
    assert.equal(page.match(/<script/g)?.length, 1);
    assert.throws(() => captureHtml({ scriptUri: '', styleUris: [], cspSource: 'x', nonce: 'short', title: '' }), /nonce/);
    assert.throws(() => captureHtml({ scriptUri: '', styleUris: [], cspSource: "x; script-src 'unsafe-inline'", nonce: 'abcdefghij', title: '' }), /cspSource/);
  });
});

// pcapChunks is the writer's streaming form: the session reads it as it is made.
describe('capture viewer: a capture as it is written', () => {
  it('reads the writer’s own chunks', async () => {
    async function* written(): AsyncGenerator<Uint8Array> {
      yield* pcapChunks(manyConnections(5), {}, 7);
    }
    const { session } = eagerSession();
    await session.read(written());
    assert.equal(session.progress.total, undefined);
    assert.deepEqual(session.rows().map((r) => r.last), Array.from({ length: 5 }, () => ['TIME_WAIT', 'CLOSED']));
  });
});
