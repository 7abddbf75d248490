// Navigation inside a file: the outline (one symbol per block, its steps or events as children),
// folding (blocks and comment runs), selection ranges (word → line → body → block → file),
// highlights of a state within its block, and conversation peers as symbols (definition,
// references, rename). Pure: offsets in, offsets out; every function works on any text.

import { Lexer, Tok } from '../syntax/lexer';
import { type Block, type ConversationBlock, type Ident, type Item, type Span, type StateRef, peerNamesOf, stateRefsOf } from '../syntax/tree';
import type { TextEdit } from './edits';
import { lookupState, normalizeStateName } from '../tcp/machine';

// ---------------------------------------------------------------------------------------------
// helpers

const abs = (span: Span, base: number): Span => ({ start: span.start + base, end: span.end + base });
const inside = (span: Span, rel: number) => rel >= span.start && rel <= span.end;
const isBlank = (c: number) => c === 32 || c === 9 || c === 11 || c === 12;
const isLineBreak = (c: number) => c === 10 || c === 13;

/** The written text of `span` with runs of blanks made one space. */
function written(text: string, span: Span): string {
  return text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

/** The default peer names, used when a conversation has no `peers` line (SPEC section 3). */
interface PeerUse {
  readonly ident: Ident;
  /** True for a name in the `peers` line. */
  readonly declaration: boolean;
}

/** Every peer name written in a conversation, in text order (relative spans). */
function peerUses(block: ConversationBlock): PeerUse[] {
  const uses: PeerUse[] = (block.peers?.names ?? []).map((ident) => ({ ident, declaration: true }));
  for (const e of block.start?.entries ?? []) uses.push({ ident: e.peer, declaration: false });
  for (const event of block.events) {
    if (event.kind === 'expect') for (const e of event.entries) uses.push({ ident: e.peer, declaration: false });
    else uses.push({ ident: event.peer, declaration: false });
  }
  return uses;
}

/** The peer name under `rel` in a conversation. */
function peerAt(block: Block, rel: number): PeerUse | undefined {
  if (block.kind !== 'conversation' || !inside(block.span, rel)) return undefined;
  return peerUses(block).find((u) => inside(u.ident.span, rel));
}

function stateAt(block: Block, rel: number): StateRef | undefined {
  if (!inside(block.span, rel)) return undefined;
  return stateRefsOf(block).find((r) => inside(r.span, rel));
}

/** The lines of a block's body (relative spans): a step, an event, `peers` or `start`. */
function lines(block: Block): Span[] {
  if (block.kind === 'scenario') return block.steps.map((s) => s.span);
  const out: Span[] = [];
  if (block.peers) out.push(block.peers.span);
  if (block.start) out.push(block.start.span);
  for (const e of block.events) out.push(e.span);
  return out;
}

/** Between the braces, without the blanks and line ends at either side (absolute), if anything. */
function bodySpan(text: string, block: Block, base: number): Span | undefined {
  if (!block.open) return undefined;
  let start = block.open.end + base;
  let end = (block.close ? block.close.start : block.span.end) + base;
  while (start < end && (isBlank(text.charCodeAt(start)) || isLineBreak(text.charCodeAt(start)))) start++;
  while (end > start && (isBlank(text.charCodeAt(end - 1)) || isLineBreak(text.charCodeAt(end - 1)))) end--;
  return start < end ? { start, end } : undefined;
}

// ---------------------------------------------------------------------------------------------
// outline

export type OutlineKind = 'scenario' | 'conversation' | 'step' | 'event';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: OutlineKind;
  /** Absolute: the whole node. */
  readonly span: Span;
  /** Absolute, inside `span`: what to reveal (a block's name, a step's states). */
  readonly selection: Span;
  readonly children?: readonly OutlineSymbol[];
}

/** One symbol per block of `items` (in order), with its steps or events as children. */
export function documentSymbols(text: string, items: Iterable<Item>): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const item of items) {
    const block = item.block;
    if (block) out.push(blockSymbol(text, block, item.start));
  }
  return out;
}

function blockSymbol(text: string, block: Block, base: number): OutlineSymbol {
  const name = block.name && block.name.value.trim() !== '' ? block.name.value : block.kind;
  const selection = abs(block.name?.span ?? block.keyword, base);
  const span = abs(block.span, base);
  if (block.kind === 'scenario') {
    const n = block.steps.length;
    const children = block.steps.map((step): OutlineSymbol => {
      const states = step.states;
      const label = step.label && step.label.colon.end < step.span.end
        ? written(text, { start: step.label.colon.end + base, end: step.span.end + base })
        : '';
      return {
        name: states.map((s) => s.text).join(' -> '),
        ...(label ? { detail: label } : {}),
        kind: 'step',
        span: abs(step.span, base),
        selection: abs({ start: states[0].span.start, end: states[states.length - 1].span.end }, base),
      };
    });
    return { name, detail: `scenario · ${n} ${n === 1 ? 'step' : 'steps'}`, kind: 'scenario', span, selection, children };
  }
  const children = block.events.map((event): OutlineSymbol => {
    const eventSpan = abs(event.span, base);
    return { name: written(text, eventSpan), kind: 'event', span: eventSpan, selection: eventSpan };
  });
  return { name, detail: `conversation · ${peerNamesOf(block).join(', ')}`, kind: 'conversation', span, selection, children };
}

// ---------------------------------------------------------------------------------------------
// folding

export interface Fold {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: 'comment';
}

/** Lines of offsets (a LineIndex or an LSP TextDocument). */
export interface Lines {
  positionAt(offset: number): { readonly line: number };
}

/**
 * Each block that spans lines (from its keyword to the line before a `}` that starts its line,
 * else to the `}`), and each run of two or more lines holding only a comment (unless
 * `withComments` is false: `commentFolds` gives them). Sorted by start line.
 */
export function foldingRanges(text: string, items: Iterable<Item>, positions: Lines, withComments = true): Fold[] {
  const folds: Fold[] = [];
  for (const item of items) {
    const block = item.block;
    if (!block) continue;
    const start = positions.positionAt(block.keyword.start + item.start).line;
    let endOffset = block.span.end + item.start;
    if (block.close) {
      const close = block.close.start + item.start;
      let p = close;
      while (p > 0 && isBlank(text.charCodeAt(p - 1))) p--;
      // The `}` starts its line: keep it visible.
      if (p > 0 && isLineBreak(text.charCodeAt(p - 1))) {
        p--;
        if (p > 0 && text.charCodeAt(p) === 10 && text.charCodeAt(p - 1) === 13) p--;
        endOffset = p;
      }
    }
    const end = positions.positionAt(endOffset).line;
    if (end > start) folds.push({ startLine: start, endLine: end });
  }
  if (withComments) folds.push(...commentFolds(text));
  return folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** Runs of 2+ consecutive lines whose only content is a comment (`#` or `//`), starting before `until`. */
export function commentFolds(text: string, until = text.length): Fold[] {
  const folds: Fold[] = [];
  const len = text.length;
  let line = 0;
  let runStart = -1;
  let pos = 0;
  for (;;) {
    let p = pos;
    while (p < len && isBlank(text.charCodeAt(p))) p++;
    const c = text.charCodeAt(p);
    const comment = c === 35 || (c === 47 && text.charCodeAt(p + 1) === 47);
    if (comment) {
      if (runStart < 0) runStart = line;
    } else {
      if (runStart >= 0 && line - 1 > runStart) folds.push({ startLine: runStart, endLine: line - 1, kind: 'comment' });
      runStart = -1;
    }
    while (p < len && !isLineBreak(text.charCodeAt(p))) p++;
    if (p >= len || (runStart < 0 && p >= until)) break;
    p += text.charCodeAt(p) === 13 && text.charCodeAt(p + 1) === 10 ? 2 : 1;
    pos = p;
    line++;
  }
  if (runStart >= 0 && line > runStart) folds.push({ startLine: runStart, endLine: line, kind: 'comment' });
  return folds;
}

// ---------------------------------------------------------------------------------------------
// selection ranges

/**
 * What to select as the selection grows from `offset`, innermost first, each strictly inside the
 * next: the word, the step or event line, the block's body, the block, the whole file.
 * `item` is the item holding `offset` (undefined in an empty file).
 */
export function selectionChain(text: string, item: Item | undefined, offset: number): Span[] {
  offset = Math.max(0, Math.min(offset, text.length));
  const chain: Span[] = [];
  const push = (span: Span | undefined) => {
    if (!span) return;
    const last = chain[chain.length - 1];
    if (last && (span.start > last.start || span.end < last.end || (span.start === last.start && span.end === last.end))) return;
    chain.push(span);
  };
  push(tokenAt(text, offset));
  const block = item?.block;
  const base = item?.start ?? 0;
  const rel = offset - base;
  if (block && inside(block.span, rel)) {
    const line = lines(block).find((s) => inside(s, rel));
    if (line) push(abs(line, base));
    const body = bodySpan(text, block, base);
    if (body && offset >= body.start && offset <= body.end) push(body);
    push(abs(block.span, base));
  }
  push({ start: 0, end: text.length });
  return chain;
}

/** The word or string token touching `offset`, read from the start of its line. */
function tokenAt(text: string, offset: number): Span | undefined {
  let lineStart = offset;
  while (lineStart > 0 && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
  const lx = new Lexer(text, lineStart);
  for (;;) {
    const tok = lx.next();
    if (tok === Tok.Newline || tok === Tok.EOF || lx.start > offset) return undefined;
    if (lx.end >= offset && (tok === Tok.Word || tok === Tok.String)) return { start: lx.start, end: lx.end };
  }
}

// ---------------------------------------------------------------------------------------------
// highlights

export interface Highlight {
  readonly span: Span;
  /** `write` for a peer's declaration in the `peers` line, `read` for every other use. */
  readonly kind: 'read' | 'write';
}

/**
 * On a state name: every word of the block naming the same state (an alias is the same state; an
 * unknown word matches the same spelling). On a peer name: each of its uses in the conversation.
 */
export function documentHighlights(item: Item | undefined, offset: number): Highlight[] {
  const block = item?.block;
  if (!item || !block) return [];
  const rel = offset - item.start;
  const ref = stateAt(block, rel);
  if (ref) {
    const state = lookupState(ref.text)?.state;
    const key = normalizeStateName(ref.text);
    const same = (r: StateRef) => (state ? lookupState(r.text)?.state === state : normalizeStateName(r.text) === key);
    return stateRefsOf(block).filter(same).map((r) => ({ span: abs(r.span, item.start), kind: 'read' }));
  }
  const peer = peerAt(block, rel);
  if (peer && block.kind === 'conversation') {
    return peerUses(block)
      .filter((u) => u.ident.text === peer.ident.text)
      .map((u) => ({ span: abs(u.ident.span, item.start), kind: u.declaration ? 'write' : 'read' }));
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// peers: definition, references, rename

/**
 * The definition of the peer under `offset`: its name in the `peers` line or, in a conversation
 * without one, its first use. Empty elsewhere (and for a name the `peers` line does not declare).
 */
export function peerDefinition(item: Item | undefined, offset: number): Span[] {
  const found = peerContext(item, offset);
  if (!found) return [];
  const definition = definitionOf(found.block, found.peer.ident.text);
  return definition ? [abs(definition.span, found.base)] : [];
}

/** Every use of the peer under `offset` in its conversation (the `peers` line, `start`, events, `expect`). */
export function peerReferences(item: Item | undefined, offset: number, includeDeclaration = true): Span[] {
  const found = peerContext(item, offset);
  if (!found) return [];
  const name = found.peer.ident.text;
  const definition = includeDeclaration ? undefined : definitionOf(found.block, name);
  return peerUses(found.block)
    .filter((u) => u.ident.text === name && u.ident !== definition)
    .map((u) => abs(u.ident.span, found.base));
}

export type PrepareRename = { readonly span: Span; readonly placeholder: string } | { readonly error: string };

/** The peer name under `offset` that a rename would change, or why there is nothing to rename. */
export function prepareRename(item: Item | undefined, offset: number): PrepareRename {
  const found = peerContext(item, offset);
  if (found) return { span: abs(found.peer.ident.span, found.base), placeholder: found.peer.ident.text };
  const block = item?.block;
  const ref = block && item && stateAt(block, offset - item.start);
  if (ref) return { error: `\`${ref.text}\` is a TCP state: only conversation peer names can be renamed` };
  return { error: 'Only conversation peer names can be renamed' };
}

export type RenameResult = { readonly edits: readonly TextEdit[] } | { readonly error: string };

/**
 * Renames the peer under `offset` to `newName` in its conversation. Without a `peers` line the
 * names are the defaults (client, server), so renaming one of them also declares the pair.
 */
export function renamePeer(text: string, item: Item | undefined, offset: number, newName: string): RenameResult {
  const found = peerContext(item, offset);
  if (!found) return prepareRename(item, offset) as { error: string };
  const { block, base, peer } = found;
  const old = peer.ident.text;
  if (!isIdentifier(newName)) return { error: `\`${newName}\` is not a valid peer name: use letters, digits, \`_\` or \`-\`, without spaces` };
  if (newName === old) return { edits: [] };
  const names = peerNamesOf(block);
  const declared = names.includes(old);
  if (declared && names.includes(newName)) return { error: `\`${newName}\` is already a peer of this conversation` };
  const edits: TextEdit[] = peerUses(block)
    .filter((u) => u.ident.text === old)
    .map((u) => ({ span: abs(u.ident.span, base), newText: newName }));
  if (!block.peers && declared) {
    const pair = names.map((n) => (n === old ? newName : n)).join(', ');
    const insert = declarePeers(text, block, base, `peers ${pair}`);
    // Edits must not overlap: an insertion where a renamed name starts joins that edit.
    const at = edits.findIndex((e) => e.span.start === insert.span.start);
    if (at >= 0) edits[at] = { span: edits[at].span, newText: insert.newText + edits[at].newText };
    else edits.unshift(insert);
  }
  return { edits };
}

function peerContext(item: Item | undefined, offset: number): { block: ConversationBlock; base: number; peer: PeerUse } | undefined {
  const block = item?.block;
  if (!item || !block || block.kind !== 'conversation') return undefined;
  const peer = peerAt(block, offset - item.start);
  return peer ? { block, base: item.start, peer } : undefined;
}

function definitionOf(block: ConversationBlock, name: string): Ident | undefined {
  if (block.peers) return block.peers.names.find((n) => n.text === name);
  return peerUses(block).find((u) => u.ident.text === name)?.ident;
}

/** A peer name is one word, as the lexer reads it. */
function isIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  const lx = new Lexer(name, 0);
  lx.next();
  return lx.tok() === Tok.Word && lx.start === 0 && lx.end === name.length;
}

/** Inserts `line` as the first line of the conversation's body, indented like the line it precedes. */
function declarePeers(text: string, block: ConversationBlock, base: number, line: string): TextEdit {
  // The first line in the text (an `expect` or an event may come before a misplaced `start`).
  const first = lines(block).reduce<Span | undefined>((a, l) => (a === undefined || l.start < a.start ? l : a), undefined);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (!first) {
    const at = (block.open ?? block.keyword).end + base;
    return { span: { start: at, end: at }, newText: ` ${line}` };
  }
  const at = first.start + base;
  let lineStart = at;
  while (lineStart > 0 && isBlank(text.charCodeAt(lineStart - 1))) lineStart--;
  if (lineStart === 0 || isLineBreak(text.charCodeAt(lineStart - 1))) {
    return { span: { start: lineStart, end: lineStart }, newText: `${text.slice(lineStart, at)}${line}${eol}` };
  }
  // The first line shares the `{` line: put it on a line of its own.
  return { span: { start: at, end: at }, newText: `${line}${eol}  ` };
}
