// Runs the checker on a fixture and renders its diagnostics as 1-based positions.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/service/analyze';
import { LineIndex } from '../../server/src/syntax/lines';
import type { Actual } from './annotations';

export const ROOT = path.resolve(__dirname, '..', '..');

export function actualDiagnostics(text: string): Actual[] {
  const lines = new LineIndex(text);
  return analyze(text).diagnostics.map((d) => {
    const s = lines.positionAt(d.span.start);
    const e = lines.positionAt(d.span.end);
    return { code: d.code, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, message: d.message, severity: d.severity };
  });
}

export function renderSnapshot(actual: readonly (Actual & { severity?: string })[]): string {
  return actual.map((a) => `${a.line}:${a.column}-${a.endLine}:${a.endColumn} ${a.severity} ${a.code}: ${a.message}\n`).join('');
}

export function listFixtures(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.tcpfsm')).sort().map((f) => path.join(dir, f));
}
