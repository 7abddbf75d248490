// Open documents: the LSP text (for positions) and the incremental analysis, brought up to date
// lazily so that a burst of edits is analysed once.
//
// Every position a client sends is clamped to the document before it is used, and every change
// range is made well formed (start before end, both inside the text) before it is applied:
// clients do send ranges past the end (a line deleted at the end, racing edits) and reversed
// ones. The text-document library's line index goes wrong on a line past the end (NaN
// characters, later edits at wrong offsets), and the incremental analysis would take a reversed
// range's start as the unchanged prefix. Both now see the same ordered offsets.

import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IncrementalAnalysis, type ItemCheck } from '../service/incremental';
import type { Span } from '../syntax/tree';

/** A change as offsets into the text it applies to: 0 ≤ start ≤ end ≤ the text's length. */
export interface OffsetChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A finite integer ≥ 0 from whatever a client sent (NaN, negative, fractional, not a number). */
function index(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * The offset of `position` in `doc`, clamped to the document: a line past the last is the end of
 * the text, a character past the line's end is the line's end (before its line break, as the LSP
 * specification says), anything not a number is 0.
 */
export function clampedOffset(doc: TextDocument, position: Position | undefined): number {
  return doc.offsetAt({ line: index(position?.line), character: index(position?.character) });
}

/** `range` as an ordered span of offsets inside `doc` (a reversed range is turned round). */
export function clampedSpan(doc: TextDocument, range: Range | undefined): Span {
  const a = clampedOffset(doc, range?.start);
  const b = clampedOffset(doc, range?.end);
  return a <= b ? { start: a, end: b } : { start: b, end: a };
}

/** A content change as a well-formed offset change (a change without a range replaces everything). */
export function offsetChange(doc: TextDocument, change: TextDocumentContentChangeEvent): OffsetChange {
  const text = typeof change.text === 'string' ? change.text : '';
  if (!('range' in change) || !change.range) return { start: 0, end: doc.getText().length, text };
  return { ...clampedSpan(doc, change.range), text };
}

/** `doc` with `change` applied (a new document with `version`). */
export function applyOffsetChange(doc: TextDocument, change: OffsetChange, version: number): TextDocument {
  if (change.start === 0 && change.end === doc.getText().length) return TextDocument.create(doc.uri, doc.languageId, version, change.text);
  // Positions made from the offsets are inside the text: the library's line index stays right.
  const range = { start: doc.positionAt(change.start), end: doc.positionAt(change.end) };
  return TextDocument.update(doc, [{ range, text: change.text }], version);
}

/**
 * An open document: its text, and its analysis brought up to date lazily (a burst of edits is
 * analysed once). The analysis is taken in steps by `analyzeSome` (the server gives the event loop
 * a turn between steps, so a huge document's first analysis or a whole-text replacement does not
 * hold up other documents); `current()` finishes what is left at once.
 */
/**
 * A document up to this many characters is analysed at once, whatever the budget (a full analysis
 * of 1 MB takes about 100 ms): requests and diagnostics on it behave as they always did. A bigger
 * one is analysed in steps; a normal edit of it still ends within the first step.
 */
export const AT_ONCE_CHARS = 1024 * 1024;

export class OpenDocument {
  private pending: { prefix: number; suffix: number } | undefined;
  private readonly analysis: IncrementalAnalysis;

  /** `atOnceChars`: AT_ONCE_CHARS unless a test wants small documents taken in steps too. */
  constructor(public doc: TextDocument, extraCheck?: ItemCheck, private readonly atOnceChars = AT_ONCE_CHARS) {
    // Not analysed yet: `analyzeSome` or `current()` does it.
    this.analysis = new IncrementalAnalysis('', extraCheck);
    this.pending = { prefix: 0, suffix: 0 };
  }

  /** Runs `check` on every item besides the checker's rules (re-checks all when it changes, in steps). */
  setExtraCheck(check: ItemCheck | undefined): void {
    this.flush();
    this.analysis.setExtraCheck(check);
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    let { prefix, suffix } = this.pending ?? { prefix: Infinity, suffix: Infinity };
    for (const raw of changes) {
      const before = this.doc.getText().length;
      const change = offsetChange(this.doc, raw);
      prefix = Math.min(prefix, change.start);
      suffix = Math.min(suffix, before - change.end);
      this.doc = applyOffsetChange(this.doc, change, version);
    }
    this.pending = { prefix, suffix };
  }

  /** The offset of a position a client sent, clamped to the document. */
  offsetAt(position: Position | undefined): number {
    return clampedOffset(this.doc, position);
  }

  /** The span of a range a client sent: ordered and clamped to the document. */
  spanOf(range: Range | undefined): Span {
    return clampedSpan(this.doc, range);
  }

  /** True when the analysis is that of the current text. */
  get analysed(): boolean {
    return !this.pending && this.analysis.analysed;
  }

  /**
   * Goes on with the analysis of the current text for about `budgetMs` (to the end at once when
   * the text is at most `atOnceChars` long); true when it is done.
   */
  analyzeSome(budgetMs: number): boolean {
    this.flush();
    return this.analysis.analyzeSome(this.doc.getText().length <= this.atOnceChars ? Infinity : budgetMs);
  }

  /** The analysis of the current text (finishing at once what is left of it). */
  current(): IncrementalAnalysis {
    this.flush();
    this.analysis.analyzeSome(Infinity);
    return this.analysis;
  }

  /** Hands the edits received since the last step to the analysis. */
  private flush(): void {
    if (!this.pending) return;
    const { prefix, suffix } = this.pending;
    this.pending = undefined;
    this.analysis.change(this.doc.getText(), prefix, suffix);
  }
}
