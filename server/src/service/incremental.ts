// Keeps a document's items and their diagnostics across edits, re-parsing and re-checking only
// the items an edit can reach. Items are independent (their content is relative to their start
// and depends only on the text from there on), so the rest is reused, shifted.

import { parseItem } from '../syntax/parser';
import type { Item, SourceFile } from '../syntax/tree';
import { checkDuplicateNames, checkItem } from './check';
import type { Diagnostic } from './diagnostics';

export interface UpdateStats {
  /** Items parsed and checked again by the last update. */
  readonly reparsed: number;
  readonly reused: number;
}

export class IncrementalAnalysis {
  private text = '';
  private items: Item[] = [];
  private checks: (readonly Diagnostic[])[] = [];
  private cachedDiagnostics: Diagnostic[] | undefined;
  lastUpdate: UpdateStats = { reparsed: 0, reused: 0 };

  constructor(text: string) {
    this.update(text, 0, 0);
  }

  get file(): SourceFile {
    return { items: this.items };
  }

  get source(): string {
    return this.text;
  }

  /**
   * Moves to `text`, whose first `prefix` and last `suffix` characters are those of the previous
   * text (0 and 0 re-parse everything).
   */
  update(text: string, prefix: number, suffix: number): void {
    const old = this.items;
    const oldChecks = this.checks;
    const oldLength = this.text.length;
    prefix = Math.max(0, Math.min(prefix, oldLength, text.length));
    suffix = Math.max(0, Math.min(suffix, oldLength - prefix, text.length - prefix));
    const delta = text.length - oldLength;

    // Restart one item before the one holding the edit: an unclosed block ends where the next
    // block's keyword starts, so it depends on the first token of the item after it.
    let first = this.indexAt(prefix);
    first = Math.max(0, first - 1);
    const items = old.slice(0, first);
    const checks = oldChecks.slice(0, first);
    let pos = first < old.length ? old[first].start : 0;
    const unchangedFrom = text.length - suffix;
    let j = first;
    let reparsed = 0;
    let reused = 0;
    while (pos < text.length) {
      const item = parseItem(text, pos);
      items.push(item);
      checks.push(checkItem(item));
      reparsed++;
      pos += item.length;
      if (pos >= unchangedFrom && pos > prefix) {
        const oldPos = pos - delta;
        while (j < old.length && old[j].start < oldPos) j++;
        if (j < old.length && old[j].start === oldPos) {
          for (let k = j; k < old.length; k++) {
            items.push(delta === 0 ? old[k] : { ...old[k], start: old[k].start + delta });
            checks.push(oldChecks[k]);
          }
          reused += old.length - j;
          break;
        }
      }
    }
    this.text = text;
    this.items = items;
    this.checks = checks;
    this.cachedDiagnostics = undefined;
    this.lastUpdate = { reparsed, reused: reused + first };
  }

  /** All diagnostics, absolute spans, in text order. */
  diagnostics(): readonly Diagnostic[] {
    if (this.cachedDiagnostics) return this.cachedDiagnostics;
    const out: Diagnostic[] = [];
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      const base = items[i].start;
      for (const d of this.checks[i]) {
        out.push({
          ...d,
          span: { start: d.span.start + base, end: d.span.end + base },
          related: d.related?.map((r) => ({ ...r, span: { start: r.span.start + base, end: r.span.end + base } })),
        });
      }
    }
    const duplicates = checkDuplicateNames(this.file);
    if (duplicates.length > 0) {
      out.push(...duplicates);
      out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    }
    this.cachedDiagnostics = out;
    return out;
  }

  /** Index of the item holding `offset` (the last item when past the end). */
  private indexAt(offset: number): number {
    const items = this.items;
    let lo = 0;
    let hi = items.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (items[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
