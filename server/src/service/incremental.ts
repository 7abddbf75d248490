// Keeps a document's diagnostics across edits, re-parsing and re-checking only the items an edit
// can reach. Items are independent (their content is relative to their start and depends only on
// the text from there on), so the rest is reused, shifted. Only a summary of each item is kept;
// its tree is parsed again on demand (hover, quick fixes), which keeps memory and GC small on
// huge files.

import { parseItem } from '../syntax/parser';
import { type Block, type Item, type NameLiteral, shiftSpan, type SourceFile, type Span } from '../syntax/tree';
import { checkDuplicateNames, checkItem } from './check';
import type { Diagnostic } from './diagnostics';
import { detached, keptData } from './strings';

export interface UpdateStats {
  /** Items parsed and checked again by the last update. */
  readonly reparsed: number;
  readonly reused: number;
}

/** What is kept of an item between edits. Spans inside are relative to `start`. */
interface ItemSummary {
  readonly start: number;
  readonly length: number;
  readonly name?: NameLiteral;
  /** Undefined for a stray top-level line. */
  readonly kind?: Block['kind'];
  /** The block's span (keyword to closing brace), relative to `start`. */
  readonly blockSpan?: Span;
  readonly syntaxErrors: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** A block of the file, as the list of blocks (code lenses, the diagram's outline) needs it. */
export interface BlockEntry {
  readonly kind: Block['kind'];
  readonly name?: string;
  /** Absolute offset of the block's keyword. */
  readonly start: number;
  /** From the keyword to the closing brace (or to where the unclosed block stops). */
  readonly length: number;
  /** Absolute offset of the item holding the block (parse it again with `parseItem(text, itemStart)`). */
  readonly itemStart: number;
  /** Syntax errors in the item. */
  readonly syntaxErrors: number;
}

/** A check run on each item besides `checkItem` (the editor's `state-spelling`); relative spans. */
export type ItemCheck = (item: Item) => readonly Diagnostic[];

/**
 * A summary outlives the text it was made from, so every string in it is a copy (strings.ts): a
 * name or a message quoting a piece of the text would keep that whole version of it alive.
 */
function summarize(item: Item, extra: ItemCheck | undefined): ItemSummary {
  const block = item.block;
  let diagnostics = checkItem(item);
  const more = extra?.(item);
  if (more && more.length > 0) {
    diagnostics = [...diagnostics, ...more].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }
  // Diagnostics are plain data: copied whole, whatever fields the checkers give them.
  if (diagnostics.length > 0) diagnostics = diagnostics.map(keptData);
  return {
    start: item.start,
    length: item.length,
    name: block?.name && { value: detached(block.name.value), span: block.name.span },
    kind: block?.kind,
    blockSpan: block?.span,
    syntaxErrors: item.errors.length,
    diagnostics,
  };
}

export class IncrementalAnalysis {
  private text = '';
  private items: ItemSummary[] = [];
  private cachedDiagnostics: Diagnostic[] | undefined;
  private cachedBlocks: BlockEntry[] | undefined;
  private extraCheck: ItemCheck | undefined;
  lastUpdate: UpdateStats = { reparsed: 0, reused: 0 };

  constructor(text: string, extraCheck?: ItemCheck) {
    this.extraCheck = extraCheck;
    this.update(text, 0, 0);
  }

  /**
   * Runs `check` on every item besides `checkItem` from now on (undefined: none). A different
   * check re-checks the whole text; the same one changes nothing.
   */
  setExtraCheck(check: ItemCheck | undefined): void {
    if (check === this.extraCheck) return;
    this.extraCheck = check;
    this.update(this.text, 0, 0);
  }

  get source(): string {
    return this.text;
  }

  /** The whole tree, parsed afresh (costly on huge files: features should use `itemAt`). */
  get file(): SourceFile {
    return { items: this.items.map((s) => parseItem(this.text, s.start)) };
  }

  /** The parsed item holding `offset`, or undefined in an empty document. */
  itemAt(offset: number): Item | undefined {
    if (this.items.length === 0) return undefined;
    return parseItem(this.text, this.items[this.indexAt(offset)].start);
  }

  /**
   * Moves to `text`, whose first `prefix` and last `suffix` characters are those of the previous
   * text (0 and 0 re-parse everything).
   */
  update(text: string, prefix: number, suffix: number): void {
    const old = this.items;
    const oldLength = this.text.length;
    prefix = Math.max(0, Math.min(prefix, oldLength, text.length));
    suffix = Math.max(0, Math.min(suffix, oldLength - prefix, text.length - prefix));
    const delta = text.length - oldLength;

    // Restart one item before the one holding the edit: an unclosed block ends where the next
    // block's keyword starts, so it depends on the first token of the item after it.
    const first = Math.max(0, this.indexAt(prefix) - 1);
    const items = old.slice(0, first);
    let pos = first < old.length ? old[first].start : 0;
    const unchangedFrom = text.length - suffix;
    let j = first;
    let reparsed = 0;
    let reused = 0;
    while (pos < text.length) {
      const item = parseItem(text, pos);
      items.push(summarize(item, this.extraCheck));
      reparsed++;
      pos += item.length;
      if (pos >= unchangedFrom && pos > prefix) {
        const oldPos = pos - delta;
        while (j < old.length && old[j].start < oldPos) j++;
        if (j < old.length && old[j].start === oldPos) {
          for (let k = j; k < old.length; k++) items.push(delta === 0 ? old[k] : { ...old[k], start: old[k].start + delta });
          reused = old.length - j;
          break;
        }
      }
    }
    this.text = text;
    this.items = items;
    this.cachedDiagnostics = undefined;
    this.cachedBlocks = undefined;
    this.lastUpdate = { reparsed, reused: reused + first };
  }

  /** All diagnostics, absolute spans, in text order. */
  diagnostics(): readonly Diagnostic[] {
    if (this.cachedDiagnostics) return this.cachedDiagnostics;
    const out: Diagnostic[] = [];
    for (const item of this.items) {
      const base = item.start;
      for (const d of item.diagnostics) {
        out.push({
          code: d.code,
          severity: d.severity,
          message: d.message,
          span: shiftSpan(d.span, base),
          suggestions: d.suggestions,
          related: d.related?.map((r) => ({ message: r.message, span: shiftSpan(r.span, base) })),
          ...(d.replacement !== undefined ? { replacement: d.replacement } : {}),
        });
      }
    }
    const duplicates = checkDuplicateNames(this.items);
    if (duplicates.length > 0) {
      out.push(...duplicates);
      out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    }
    this.cachedDiagnostics = out;
    return out;
  }

  /** Every block of the file, in order (no parsing: from the kept summaries). */
  blocks(): readonly BlockEntry[] {
    if (this.cachedBlocks) return this.cachedBlocks;
    const out: BlockEntry[] = [];
    for (const item of this.items) {
      if (!item.kind || !item.blockSpan) continue;
      const start = item.start + item.blockSpan.start;
      out.push({
        kind: item.kind,
        ...(item.name ? { name: item.name.value } : {}),
        start,
        length: item.blockSpan.end - item.blockSpan.start,
        itemStart: item.start,
        syntaxErrors: item.syntaxErrors,
      });
    }
    this.cachedBlocks = out;
    return out;
  }

  /** Where the conversation blocks that overlap [start, end] start. */
  conversationsIn(start: number, end: number): number[] {
    const starts: number[] = [];
    if (this.items.length === 0) return starts;
    for (let i = this.indexAt(start); i < this.items.length && this.items[i].start <= end; i++) {
      if (this.items[i].kind === 'conversation') starts.push(this.items[i].start);
    }
    return starts;
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
