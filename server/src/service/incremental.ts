// Keeps a document's diagnostics across edits, re-parsing and re-checking only the items an edit
// can reach. Items are independent (their content is relative to their start and depends only on
// the text from there on), so the rest is reused, shifted. Only a summary of each item is kept;
// its tree is parsed again on demand (hover, quick fixes), which keeps memory and GC small on
// huge files.
//
// The work can be done in steps: `change` takes the new text without analysing it, and
// `analyzeSome(budgetMs)` goes on for about that long (the language server gives the event loop a
// turn between steps, so a 20 MB document does not hold up the others). A change while the work
// is under way keeps what of it is still right; any query finishes the work first.

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

/** Milliseconds from some origin (performance.now() unless a test passes its own clock). */
export type Clock = () => number;

const defaultClock: Clock = () => performance.now();

/**
 * The analysis of a text is done item after item from the start. While it is under way, `done`
 * tiles the text's first `pos` characters, and `ahead` holds items already analysed further on
 * (those after an edit, from before it), sorted, at their place in the current text: when the
 * items parsed from `pos` reach the start of one of them, it and those that follow it without a
 * gap are taken as they are. An item depends only on its own text and the first token after it
 * (an unclosed block ends where the next block's keyword starts), so an edit drops the item it
 * touches and the one before it, and every item starting after the edit's end stays right.
 */
export class IncrementalAnalysis {
  private text = '';
  /** Items tiling [0, pos) of the text (all the items when the analysis is done). */
  private done: ItemSummary[] = [];
  private pos = 0;
  /** Items after `pos`, in text order, valid where the tiling from `pos` reaches them. */
  private ahead: ItemSummary[] = [];
  private aheadFrom = 0;
  private finished = true;
  /** Items parsed since the analysis was last done (for `lastUpdate`). */
  private parsed = 0;
  private cachedDiagnostics: Diagnostic[] | undefined;
  private cachedBlocks: BlockEntry[] | undefined;
  private extraCheck: ItemCheck | undefined;
  lastUpdate: UpdateStats = { reparsed: 0, reused: 0 };

  /** The analysis of `text` (to analyse a big text step by step: `new IncrementalAnalysis('')`, `change`, `analyzeSome`). */
  constructor(text: string, extraCheck?: ItemCheck) {
    this.extraCheck = extraCheck;
    this.update(text, 0, 0);
  }

  /**
   * Runs `check` on every item besides `checkItem` from now on (undefined: none). A different
   * check re-checks the whole text (when next asked for, or step by step); the same one changes nothing.
   */
  setExtraCheck(check: ItemCheck | undefined): void {
    if (check === this.extraCheck) return;
    this.extraCheck = check;
    this.change(this.text, 0, 0);
  }

  get source(): string {
    return this.text;
  }

  /** True when the text is analysed; false while `analyzeSome` has work left (queries then finish it). */
  get analysed(): boolean {
    return this.finished;
  }

  /** The whole tree, parsed afresh (costly on huge files: features should use `itemAt`). */
  get file(): SourceFile {
    return { items: this.items().map((s) => parseItem(this.text, s.start)) };
  }

  /** The parsed item holding `offset`, or undefined in an empty document. */
  itemAt(offset: number): Item | undefined {
    const items = this.items();
    if (items.length === 0) return undefined;
    return parseItem(this.text, items[this.indexAt(offset)].start);
  }

  /**
   * Moves to `text`, whose first `prefix` and last `suffix` characters are those of the previous
   * text (0 and 0 re-parse everything), and analyses it.
   */
  update(text: string, prefix: number, suffix: number): void {
    this.change(text, prefix, suffix);
    this.analyzeSome(Infinity);
  }

  /**
   * Moves to `text` as `update` does, without analysing it yet: `analyzeSome` (or any query) does.
   * An analysis under way goes on from what of it the change leaves right.
   */
  change(text: string, prefix: number, suffix: number): void {
    const oldLength = this.text.length;
    prefix = Math.max(0, Math.min(prefix, oldLength, text.length));
    suffix = Math.max(0, Math.min(suffix, oldLength - prefix, text.length - prefix));
    const delta = text.length - oldLength;
    const editEnd = oldLength - suffix;
    // The items known, in text order: done[0..D), then ahead[aheadFrom..]. The last one starting
    // at or before the prefix may hold the edit, and the one before it ends where the edit may
    // change the next token: both go, with everything else starting before the edit's end. (With
    // 0 and 0, nothing is kept: a whole re-analysis.)
    const done = this.done;
    const old = this.ahead;
    const D = done.length;
    const aheadCount = old.length - this.aheadFrom;
    const known = (k: number) => (k < D ? done[k] : old[this.aheadFrom + k - D]);
    let lo = 0;
    let hi = D + aheadCount;
    while (lo < hi) {
      // The first known item starting after the prefix.
      const mid = (lo + hi) >> 1;
      if (known(mid).start <= prefix) lo = mid + 1;
      else hi = mid;
    }
    const cut = Math.max(0, lo - 2);
    const ahead: ItemSummary[] = [];
    for (let k = Math.min(cut, D); k < cut; k++) ahead.push(known(k));
    for (let k = cut; k < D + aheadCount; k++) {
      const item = known(k);
      if (item.start >= editEnd) ahead.push(delta === 0 ? item : { ...item, start: item.start + delta });
    }
    done.length = Math.min(cut, D);
    const last = done[done.length - 1];
    this.pos = last ? last.start + last.length : 0;
    this.ahead = ahead;
    this.aheadFrom = 0;
    this.text = text;
    if (this.finished) this.parsed = 0;
    this.finished = false;
    this.cachedDiagnostics = undefined;
    this.cachedBlocks = undefined;
  }

  /**
   * Analyses the text further, for about `budgetMs` by `clock` (at least one item, so any budget
   * ends the work in finitely many calls). Returns true when the text is analysed.
   */
  analyzeSome(budgetMs: number, clock: Clock = defaultClock): boolean {
    if (this.finished) return true;
    const text = this.text;
    const done = this.done;
    const ahead = this.ahead;
    const until = budgetMs === Infinity ? Infinity : clock() + budgetMs;
    for (;;) {
      if (this.pos >= text.length) break;
      const item = parseItem(text, this.pos);
      done.push(summarize(item, this.extraCheck));
      this.parsed++;
      this.pos += item.length;
      // Items ahead that the new one covers are not items of the text any more; one that starts
      // where it ends is, and so is the run that follows it without a gap.
      let k = this.aheadFrom;
      while (k < ahead.length && ahead[k].start < this.pos) k++;
      while (k < ahead.length && ahead[k].start === this.pos) {
        done.push(ahead[k]);
        this.pos += ahead[k].length;
        k++;
      }
      this.aheadFrom = k;
      if (until !== Infinity && clock() >= until) break;
    }
    if (this.pos < text.length) return false;
    this.ahead = [];
    this.aheadFrom = 0;
    this.finished = true;
    this.lastUpdate = { reparsed: this.parsed, reused: Math.max(0, done.length - this.parsed) };
    return true;
  }

  /** The items of the text (analysing what is left first). */
  private items(): readonly ItemSummary[] {
    if (!this.finished) this.analyzeSome(Infinity);
    return this.done;
  }

  /** All diagnostics, absolute spans, in text order. */
  diagnostics(): readonly Diagnostic[] {
    if (this.cachedDiagnostics) return this.cachedDiagnostics;
    const items = this.items();
    const out: Diagnostic[] = [];
    for (const item of items) {
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
    const duplicates = checkDuplicateNames(items);
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
    for (const item of this.items()) {
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
    const items = this.items();
    if (items.length === 0) return starts;
    for (let i = this.indexAt(start); i < items.length && items[i].start <= end; i++) {
      if (items[i].kind === 'conversation') starts.push(items[i].start);
    }
    return starts;
  }

  /** Index of the item holding `offset` (the last item when past the end). */
  private indexAt(offset: number): number {
    const items = this.items();
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
