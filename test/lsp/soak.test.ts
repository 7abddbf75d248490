// The LSP soak, short and seeded (the full one is `npm run soak`): 300 random edits of a 50 KB
// document over stdio with requests interleaved; the server stays up, no request fails, and the
// final diagnostics equal the CLI's on the same text. RSS is reported by the full soak only.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSoak, soakTable } from '../../bench/soak';

describe('LSP soak (short, seeded)', () => {
  it('300 random edits with interleaved requests: alive, no failed request, diagnostics equal the CLI\'s', async () => {
    const report = await runSoak({ seed: 14, edits: 300, kb: 50, heapMb: 256 });
    assert.deepEqual(report.failures, [], soakTable(report, 256));
    assert.equal(report.alive, true);
    assert.equal(report.equalsCli, true);
    assert.ok(report.requests.ok > 50, soakTable(report, 256));
  });
});
