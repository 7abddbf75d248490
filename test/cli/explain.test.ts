// `tcpfsm explain` as a user runs it: the built bundle (dist/cli.js) as a process, reading a saved
// `ss -tanop` from a file and from a pipe, and failing with exit 2 on input that is not a table.
// Build first: `node esbuild.mjs`.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const SS = path.join(ROOT, 'test/fixtures/explain/ss-tanop.txt');

function run(args: readonly string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, timeout: 30_000 });
  if (r.error) throw r.error;
  return r;
}

describe('tcpfsm explain (process)', () => {
  it('explains a file and the same text piped to standard input', () => {
    const fromFile = run(['explain', SS]);
    assert.equal(fromFile.status, 0);
    assert.match(fromFile.stdout, /^29 TCP sockets \(read from ss output\)\n/);
    assert.match(fromFile.stdout, /\nCLOSE_WAIT \(CLOSE-WAIT\): 3 sockets\n  local ports: 8080 \(2\), 4040\n/);
    const piped = run(['explain', '-'], fs.readFileSync(SS, 'utf8'));
    assert.equal(piped.status, 0);
    assert.equal(piped.stdout, fromFile.stdout);
  });

  it('--format json from a pipe', () => {
    const r = run(['explain', '--format', 'json'], fs.readFileSync(SS, 'utf8'));
    assert.equal(r.status, 0);
    const json = JSON.parse(r.stdout);
    assert.equal(json.states.find((s: { state: string }) => s.state === 'TIME_WAIT').count, 5);
  });

  it('exit 2 with a message for text that is not a socket table', () => {
    const r = run(['explain', '-'], 'hello\n');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'tcpfsm: standard input: not the output of `ss -tan`, `netstat -tan` or /proc/net/tcp (no header or socket line recognised)\n');
  });
});
