// Reads expectations written inside a fixture and compares them with actual diagnostics.
//
// Two forms, both comments so the fixture still parses:
//   ESTABLISHED -> CLOSED : close
//   #                       ^^^^^ wrong-event leads to FIN_WAIT_1
// carets under the offending text of the nearest line above that is not an annotation
// (code, then an optional fragment the message must contain), and
//   #! syntax@3:1 expected `scenario`
// with an explicit 1-based line and column, for text at column 1.

export interface Expectation {
  readonly code: string;
  readonly line: number; // 1-based
  readonly column: number; // 1-based
  readonly length?: number;
  readonly fragment?: string;
  readonly source: string;
}

export interface Actual {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

const CARET = /^(\s*(?:#|\/\/))(\s*)(\^+)\s+([a-z-]+)\s*(.*)$/;
const EXPLICIT = /^\s*#!\s*([a-z-]+)@(\d+):(\d+)\s*(.*)$/;

export function readExpectations(text: string): Expectation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Expectation[] = [];
  let target = 0;
  lines.forEach((line, i) => {
    const caret = CARET.exec(line);
    const explicit = EXPLICIT.exec(line);
    if (explicit) {
      out.push({ code: explicit[1], line: Number(explicit[2]), column: Number(explicit[3]), fragment: explicit[4] || undefined, source: line.trim() });
    } else if (caret) {
      const column = caret[1].length + caret[2].length + 1;
      out.push({ code: caret[4], line: target, column, length: caret[3].length, fragment: caret[5] || undefined, source: line.trim() });
    } else {
      target = i + 1;
    }
  });
  return out;
}

/** Problems, one per line; empty when the actual diagnostics are exactly the expected ones. */
export function compare(expected: readonly Expectation[], actual: readonly Actual[]): string[] {
  const problems: string[] = [];
  const unmatched = [...actual];
  for (const e of expected) {
    const i = unmatched.findIndex((a) =>
      a.code === e.code && a.line === e.line && a.column === e.column &&
      (e.length === undefined || (a.endLine === a.line && a.endColumn - a.column === e.length)) &&
      (e.fragment === undefined || a.message.includes(e.fragment)));
    if (i < 0) problems.push(`missing ${e.code}@${e.line}:${e.column}${e.length ? ` (${e.length} chars)` : ''} from \`${e.source}\``);
    else unmatched.splice(i, 1);
  }
  for (const a of unmatched) problems.push(`unexpected ${a.code}@${a.line}:${a.column}-${a.endLine}:${a.endColumn}: ${a.message}`);
  return problems;
}
