// The architecture invariant, checked on the sources: the pure core imports neither `vscode` nor
// an LSP package, and the capture readers import no Node module (they must run in a web worker);
// only capture/file.ts, the Node adapter, may.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/fixtures';

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('architecture invariant', () => {
  it('server/src/{tcp,syntax,service,protocol,capture} import no vscode and no LSP package', () => {
    const core = ['tcp', 'syntax', 'service', 'protocol', 'capture'].flatMap((d) => sources(`server/src/${d}`));
    assert.ok(core.length > 30);
    const bad = core.flatMap((f) => importsOf(f).filter((m) => m === 'vscode' || m.startsWith('vscode-languageserver')).map((m) => `${f}: ${m}`));
    assert.deepEqual(bad, []);
  });

  it('the capture readers import no Node module (only capture/file.ts does)', () => {
    const readers = sources('server/src/capture').filter((f) => path.basename(f) !== 'file.ts');
    assert.ok(readers.length >= 9);
    const bad = readers.flatMap((f) => importsOf(f).filter((m) => !m.startsWith('.')).map((m) => `${f}: ${m}`));
    assert.deepEqual(bad, []);
    assert.ok(importsOf('server/src/capture/file.ts').includes('node:fs'));
  });
});
