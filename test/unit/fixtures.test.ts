// Fixture-driven checker tests: every .tcpfsm under test/fixtures/{check,parse} and examples/
// carries its expected diagnostics as annotations, and a .expected snapshot of the full messages
// sits beside it (rewrite with UPDATE_EXPECT=1).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { compare, readExpectations } from '../support/annotations';
import { actualDiagnostics, listFixtures, renderSnapshot, ROOT } from '../support/fixtures';

const update = process.env.UPDATE_EXPECT === '1';

for (const dir of ['test/fixtures/check', 'test/fixtures/parse', 'test/fixtures/events', 'examples', 'examples/conversations', 'examples/real-world', 'examples/real-world/captures', 'examples/captures']) {
  describe(dir, () => {
    for (const file of listFixtures(path.join(ROOT, dir))) {
      it(path.basename(file), () => {
        const text = fs.readFileSync(file, 'utf8');
        const actual = actualDiagnostics(text);
        const problems = compare(readExpectations(text), actual);
        assert.deepEqual(problems, [], `${path.relative(ROOT, file)}:\n  ${problems.join('\n  ')}`);
        // The examples stay clean for users: their snapshots live with the other fixtures.
        const snapshotFile = dir.startsWith('examples')
          ? path.join(ROOT, 'test/fixtures/examples', path.basename(file).replace(/\.tcpfsm$/, '.expected'))
          : file.replace(/\.tcpfsm$/, '.expected');
        const snapshot = renderSnapshot(actual);
        if (update) {
          if (snapshot) fs.writeFileSync(snapshotFile, snapshot);
          else if (fs.existsSync(snapshotFile)) fs.unlinkSync(snapshotFile);
        } else {
          const expected = fs.existsSync(snapshotFile) ? fs.readFileSync(snapshotFile, 'utf8') : '';
          assert.equal(snapshot, expected, `${path.relative(ROOT, snapshotFile)} is out of date (UPDATE_EXPECT=1 rewrites it)`);
        }
      });
    }
  });
}
