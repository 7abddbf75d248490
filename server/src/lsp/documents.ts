// Open documents: the LSP text (for positions) and the incremental analysis, brought up to date
// lazily so that a burst of edits is analysed once.

import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IncrementalAnalysis, type ItemCheck } from '../service/incremental';

export class OpenDocument {
  private pending: { prefix: number; suffix: number } | undefined;
  private readonly analysis: IncrementalAnalysis;

  constructor(public doc: TextDocument, extraCheck?: ItemCheck) {
    this.analysis = new IncrementalAnalysis(doc.getText(), extraCheck);
  }

  /** Runs `check` on every item besides the checker's rules (re-checks all when it changes). */
  setExtraCheck(check: ItemCheck | undefined): void {
    this.current().setExtraCheck(check);
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    let { prefix, suffix } = this.pending ?? { prefix: Infinity, suffix: Infinity };
    for (const change of changes) {
      const before = this.doc.getText().length;
      if ('range' in change) {
        const start = this.doc.offsetAt(change.range.start);
        const end = this.doc.offsetAt(change.range.end);
        prefix = Math.min(prefix, start);
        suffix = Math.min(suffix, before - end);
      } else {
        prefix = 0;
        suffix = 0;
      }
      this.doc = TextDocument.update(this.doc, [change], version);
    }
    this.pending = { prefix, suffix };
  }

  /** The analysis of the current text. */
  current(): IncrementalAnalysis {
    if (this.pending) {
      const { prefix, suffix } = this.pending;
      this.pending = undefined;
      this.analysis.update(this.doc.getText(), prefix, suffix);
    }
    return this.analysis;
  }
}
