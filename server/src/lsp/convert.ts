// Core results (offsets, plain data) → LSP types. The only place that knows both.

import * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Severity } from '../service/diagnostics';
import type { BlockEntry } from '../service/incremental';
import type { HoverResult } from '../service/hover';
import type { InlayHint } from '../service/inlay';
import type { QuickFix } from '../service/quickfix';
import type { Span } from '../syntax/tree';

const SEVERITY: Record<Severity, lsp.DiagnosticSeverity> = {
  error: lsp.DiagnosticSeverity.Error,
  warning: lsp.DiagnosticSeverity.Warning,
  information: lsp.DiagnosticSeverity.Information,
  hint: lsp.DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span): lsp.Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toDiagnostic(doc: TextDocument, d: Diagnostic): lsp.Diagnostic {
  const out: lsp.Diagnostic = {
    range: toRange(doc, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'tcpfsm',
    message: d.message,
  };
  if (d.suggestions && d.suggestions.length > 0) out.data = { suggestions: d.suggestions };
  if (d.related) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: doc.uri, range: toRange(doc, r.span) }, message: r.message }));
  }
  return out;
}

export function toHover(doc: TextDocument, h: HoverResult): lsp.Hover {
  return { contents: { kind: lsp.MarkupKind.Markdown, value: h.markdown }, range: toRange(doc, h.span) };
}

export function toCodeAction(doc: TextDocument, fix: QuickFix): lsp.CodeAction {
  return {
    title: fix.title,
    kind: fix.kind ?? lsp.CodeActionKind.QuickFix,
    ...(fix.diagnostic ? { diagnostics: [toDiagnostic(doc, fix.diagnostic)] } : {}),
    isPreferred: fix.preferred,
    edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) } },
  };
}

export function toInlayHint(doc: TextDocument, hint: InlayHint): lsp.InlayHint {
  return {
    position: doc.positionAt(hint.offset),
    label: hint.label,
    paddingLeft: true,
    tooltip: { kind: lsp.MarkupKind.Markdown, value: hint.tooltip },
  };
}

/** The command of the code lens above each block; its arguments are `[uri, position]`. */
export const OPEN_DIAGRAM_COMMAND = 'tcpfsm.openDiagram';

/** "Open Diagram" on the block keyword's line, opening the preview at the block's start. */
export function toCodeLens(doc: TextDocument, block: BlockEntry): lsp.CodeLens {
  const start = doc.positionAt(block.start);
  return {
    range: { start, end: doc.positionAt(block.start + block.kind.length) },
    command: { title: 'Open Diagram', command: OPEN_DIAGRAM_COMMAND, arguments: [doc.uri, { line: start.line, character: start.character }] },
  };
}
