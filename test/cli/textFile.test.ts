// Reading the CLI's files in process: the size bound (a file past it is refused without reading
// it all) and the detection of wide encodings. The CLI itself is run as a process in cli.test.ts.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { readTextFile, wideEncoding } from '../../server/src/textFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpfsm-read-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readTextFile', () => {
  it('reads a file up to the limit and refuses one past it, naming both sizes', () => {
    const file = path.join(dir, 'big.tcpfsm');
    fs.writeFileSync(file, '# x\n'.repeat(1024 * 1024)); // 4 MB
    assert.deepEqual(readTextFile(file, 4 * 1024 * 1024), { text: '# x\n'.repeat(1024 * 1024) });
    assert.deepEqual(readTextFile(file, 3 * 1024 * 1024), { error: `${file}: too big to check (4.0 MB; the limit is 3.0 MB)` });
  });

  it('names a missing file', () => {
    assert.deepEqual(readTextFile(path.join(dir, 'nope.tcpfsm')), { error: `${path.join(dir, 'nope.tcpfsm')}: cannot read: no such file` });
  });
});

describe('wideEncoding', () => {
  it('knows UTF-16 and UTF-32 by their marks and NUL patterns, and nothing else', () => {
    const text = 'scenario "x" {\n  CLOSED -> LISTEN\n}\n';
    assert.equal(wideEncoding(Buffer.from(text, 'utf16le')), 'UTF-16');
    assert.equal(wideEncoding(Buffer.from(text, 'utf16le').swap16()), 'UTF-16');
    assert.equal(wideEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00])), 'UTF-16');
    assert.equal(wideEncoding(Buffer.from([0xff, 0xfe, 0x00, 0x00])), 'UTF-32');
    assert.equal(wideEncoding(Buffer.from([0x00, 0x00, 0xfe, 0xff])), 'UTF-32');
    assert.equal(wideEncoding(Buffer.from(text, 'utf8')), undefined);
    assert.equal(wideEncoding(Buffer.from([0x73, 0x63, 0x00, 0x01, 0x02, 0x00, 0x0a, 0x0b])), undefined);
    assert.equal(wideEncoding(Buffer.from('')), undefined);
  });
});
