// Formatting, one block at a time: block lines indented one level (the editor's tab size; two spaces by default), `}` at column 0, spacing
// normalised around `->`, `:`, `/`, `,` and `+` (segments such as `SYN+ACK` and `SYN,ACK` stay
// tight), the `->` and `:` columns of consecutive steps aligned, comments kept. In a conversation
// with times, the times form a right-aligned column and every event (and `expect`) starts in the
// column after it. A line touched by a syntax error, or one this cannot read as a single step or
// conversation line, is left as it is. Only whitespace changes, never the number of lines, and
// formatting twice changes nothing more.

import { Lexer, Tok } from '../syntax/lexer';
import type { Block, Item, Span } from '../syntax/tree';
import type { TextEdit } from './edits';

export interface FormatOptions {
  /** One level of indentation: the editor's (`tabSize` spaces, or a tab); two spaces by default. */
  readonly indent?: string;
}

const DEFAULT_INDENT = '  ';

/** The indentation of the editor's formatting options (LSP `FormattingOptions`). */
export function indentOf(tabSize: number, insertSpaces: boolean): string {
  if (!insertSpaces) return '\t';
  return ' '.repeat(Math.max(1, Math.min(16, Math.floor(tabSize) || 2)));
}

interface Line {
  /** Absolute offsets of the line's content (without its line end). */
  readonly start: number;
  readonly end: number;
}

interface LineToken {
  readonly kind: Tok;
  readonly start: number;
  readonly end: number;
}

/** The tokens of a line (absolute offsets) and where its comment starts, if any. */
function lexLine(text: string, line: Line): { tokens: LineToken[]; comment?: number } {
  const lx = new Lexer(text, line.start);
  const tokens: LineToken[] = [];
  for (let k = lx.next(); k !== Tok.Newline && k !== Tok.EOF && lx.start < line.end; k = lx.next()) {
    tokens.push({ kind: k, start: lx.start, end: lx.end });
  }
  let pos = tokens.length > 0 ? tokens[tokens.length - 1].end : line.start;
  while (pos < line.end && /\s/.test(text[pos])) pos++;
  return { tokens, comment: pos < line.end ? pos : undefined };
}

/** The lines from the one holding `from` to the one holding `to` (absolute offsets). */
function linesBetween(text: string, from: number, to: number): Line[] {
  let start = from;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const lines: Line[] = [];
  for (;;) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    lines.push({ start, end });
    if (end >= to || end >= text.length) break;
    start = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
  }
  return lines;
}

/** What a body line is, with the spans (absolute) the spacing rules need. */
type BodyLine =
  | { kind: 'blank' }
  | { kind: 'comment' }
  | { kind: 'keep' }
  | { kind: 'step'; states: string[]; label?: string }
  /** `event`: a conversation event or `expect` (it goes in the event column); `time`: its time, rendered. */
  | { kind: 'line'; code: string; event?: boolean; time?: string };

/** Renders tokens with the spacing rules; commas inside `tight` spans (segments) stay tight. */
function render(text: string, tokens: readonly LineToken[], tight: readonly Span[], colonTight: boolean): string {
  let out = '';
  const inTight = (t: LineToken) => tight.some((s) => t.start >= s.start && t.end <= s.end);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const value = text.slice(t.start, t.end);
    if (i === 0) {
      out = value;
      continue;
    }
    const prev = tokens[i - 1];
    const tightPair = prev.kind === Tok.Plus || t.kind === Tok.Plus || (prev.kind === Tok.Comma && inTight(prev));
    if (tightPair) out += value;
    else if (t.kind === Tok.Comma) out += ',';
    else if (t.kind === Tok.Colon) out += colonTight ? ':' : ' :';
    else out += ` ${value}`;
  }
  return out;
}

/**
 * Which of `lines` (in text order) hold any part of a syntax error (absolute spans): such a line
 * is left alone. Each error marks the run of lines it covers, found by binary search, so this is
 * linear in the lines plus the errors (a block of 30,000 broken lines is not 30,000²).
 */
function linesTouchedBy(errors: readonly Span[], lines: readonly Line[]): boolean[] {
  const marks = new Array<number>(lines.length + 1).fill(0);
  for (const e of errors) {
    const stop = Math.max(e.end, e.start + 1);
    // The first line ending at or after the error's start…
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid].end >= e.start) hi = mid;
      else lo = mid + 1;
    }
    // …through the last line starting before its end.
    let last = lo;
    hi = lines.length;
    while (last < hi) {
      const mid = (last + hi) >> 1;
      if (lines[mid].start < stop) last = mid + 1;
      else hi = mid;
    }
    if (lo < last) {
      marks[lo]++;
      marks[last]--;
    }
  }
  const touched: boolean[] = [];
  let open = 0;
  for (let i = 0; i < lines.length; i++) {
    open += marks[i];
    touched.push(open > 0);
  }
  return touched;
}

/** The spans (absolute) of the lines a block's tree describes, with the segments in them. */
interface Construct {
  readonly span: Span;
  readonly step?: { states: readonly Span[]; colon?: Span };
  readonly segments: readonly Span[];
  /** A conversation event or `expect`, and the time written before it. */
  readonly event?: { time?: Span };
}

function constructs(block: Block, base: number): Construct[] {
  const abs = (s: Span): Span => ({ start: s.start + base, end: s.end + base });
  const out: Construct[] = [];
  if (block.stack) out.push({ span: abs(block.stack.span), segments: [] });
  if (block.kind === 'scenario') {
    for (const step of block.steps) {
      const segments: Span[] = [];
      for (const p of step.label?.parts ?? []) if (p.kind === 'send' || p.kind === 'recv') segments.push(abs(p.segment.span));
      out.push({
        span: abs(step.span),
        step: { states: step.states.map((s) => abs(s.span)), colon: step.label ? abs(step.label.colon) : undefined },
        segments,
      });
    }
    return out;
  }
  if (block.peers) out.push({ span: abs(block.peers.span), segments: [] });
  if (block.start) out.push({ span: abs(block.start.span), segments: [] });
  for (const e of block.events) {
    out.push({
      span: abs(e.span),
      segments: e.kind === 'recv' || e.kind === 'lose' ? [abs(e.segment.span)] : [],
      event: e.kind !== 'expect' && e.time ? { time: abs(e.time.span) } : {},
    });
  }
  return out;
}

/** Without whitespace, for the safety check that formatting a line changed nothing else. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The formatted text of each line of one item's block (undefined: leave the item alone). */
function formatBlockLines(text: string, item: Item, indent: string): { lines: Line[]; formatted: string[] } | undefined {
  const block = item.block;
  if (!block) return undefined;
  const base = item.start;
  const errors = item.errors.map((e) => ({ start: e.span.start + base, end: e.span.end + base }));
  const headerEnd = base + (block.open?.end ?? block.keyword.end);
  const closeStart = block.close ? base + block.close.start : base + item.length;
  // An unclosed block ends where the next item starts: that line is not this block's.
  const lines = linesBetween(text, base + block.keyword.start, closeStart).filter((l, i) => i === 0 || l.start < base + item.length);
  const byStart = new Map<number, Construct>();
  for (const c of constructs(block, base)) byStart.set(c.span.start, c);

  const body: BodyLine[] = [];
  const formatted: string[] = [];
  const comments: (number | undefined)[] = [];
  const touched = linesTouchedBy(errors, lines);
  lines.forEach((line, lineIndex) => {
    const { tokens, comment } = lexLine(text, line);
    comments.push(comment);
    const isHeader = line.start <= base + block.keyword.start;
    const holdsOpen = line.end >= headerEnd;
    const isClose = block.close !== undefined && line.end >= closeStart;
    if (touched[lineIndex]) {
      body.push({ kind: 'keep' });
    } else if (isHeader) {
      // `scenario "name" {`: the usual header, written again; any other shape is kept.
      const ok = tokens.length === 3 && tokens[1].kind === Tok.String && tokens[2].kind === Tok.LBrace && holdsOpen && !isClose;
      body.push(ok ? { kind: 'line', code: render(text, tokens, [], false) } : { kind: 'keep' });
    } else if (!holdsOpen) {
      body.push({ kind: 'keep' }); // between a header and a `{` on a later line
    } else if (isClose) {
      body.push(tokens.length === 1 && tokens[0].kind === Tok.RBrace ? { kind: 'line', code: '}' } : { kind: 'keep' });
    } else if (tokens.length === 0) {
      body.push({ kind: comment === undefined ? 'blank' : 'comment' });
    } else {
      const c = byStart.get(tokens[0].start);
      const last = tokens[tokens.length - 1];
      if (!c || c.span.end !== last.end || tokens.some((t) => t.kind === Tok.Unknown || t.kind === Tok.LBrace || t.kind === Tok.RBrace)) {
        body.push({ kind: 'keep' });
      } else if (c.step) {
        const labelTokens = c.step.colon ? tokens.filter((t) => t.start > c.step!.colon!.start) : [];
        body.push({
          kind: 'step',
          states: c.step.states.map((s) => text.slice(s.start, s.end)),
          label: c.step.colon ? render(text, labelTokens, c.segments, false) : undefined,
        });
      } else if (c.event) {
        const time = c.event.time;
        const timeTokens = time ? tokens.filter((t) => t.end <= time.end) : [];
        const rest = tokens.slice(timeTokens.length);
        body.push({
          kind: 'line',
          code: render(text, rest, c.segments, true),
          event: true,
          ...(timeTokens.length > 0 ? { time: render(text, timeTokens, [], true) } : {}),
        });
      } else {
        body.push({ kind: 'line', code: render(text, tokens, c.segments, true) });
      }
    }
  });

  // The time column of a conversation: as wide as its widest time, numbers right-aligned.
  const timeWidth = Math.max(0, ...body.map((b) => (b.kind === 'line' && b.time !== undefined ? b.time.length : 0)));
  if (timeWidth > 0) {
    for (const b of body) if (b.kind === 'line' && b.event) b.code = `${(b.time ?? '').padStart(timeWidth)} ${b.code}`;
  } else {
    for (const b of body) if (b.kind === 'line' && b.time !== undefined) b.code = `${b.time} ${b.code}`;
  }

  // Column widths of each run of consecutive steps (full-line comments do not break a run).
  const stepCode: (string | undefined)[] = body.map(() => undefined);
  for (let i = 0; i < body.length; ) {
    if (body[i].kind !== 'step') {
      i++;
      continue;
    }
    let j = i;
    const run: number[] = [];
    while (j < body.length && (body[j].kind === 'step' || body[j].kind === 'comment')) {
      if (body[j].kind === 'step') run.push(j);
      j++;
    }
    const widths: number[] = [];
    for (const k of run) {
      const s = body[k] as Extract<BodyLine, { kind: 'step' }>;
      s.states.forEach((state, n) => {
        const followed = n < s.states.length - 1 || s.label !== undefined;
        if (followed) widths[n] = Math.max(widths[n] ?? 0, state.length);
      });
    }
    for (const k of run) {
      const s = body[k] as Extract<BodyLine, { kind: 'step' }>;
      let code = '';
      s.states.forEach((state, n) => {
        const followed = n < s.states.length - 1 || s.label !== undefined;
        code += followed ? `${state.padEnd(widths[n])} ${n < s.states.length - 1 ? '->' : ':'} ` : state;
      });
      if (s.label !== undefined) code += s.label;
      stepCode[k] = code;
    }
    i = j;
  }

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const original = text.slice(line.start, line.end);
    const b = body[i];
    const comment = comments[i];
    let out: string;
    if (b.kind === 'keep') {
      out = original;
    } else if (b.kind === 'blank') {
      out = '';
    } else if (b.kind === 'comment') {
      // A comment at column 0 stays there (annotations, commented-out lines); others are indented.
      const body = text.slice(comment!, line.end).trimEnd();
      out = comment === line.start ? body : indent + body;
    } else {
      const isHeader = i === 0;
      const isClose = b.kind === 'line' && b.code === '}' && block.close !== undefined && line.end >= closeStart;
      const code = (isHeader || isClose ? '' : indent) + (b.kind === 'step' ? stepCode[i]! : b.code);
      if (comment === undefined) {
        out = code;
      } else {
        // A trailing comment keeps its column when it can, at least two spaces after the code.
        const column = Math.max(comment - line.start, code.length + 2);
        out = code.padEnd(column) + text.slice(comment, line.end).trimEnd();
      }
      if (squeeze(out) !== squeeze(original)) out = original;
    }
    formatted.push(out);
  }
  return { lines, formatted };
}

/** The smallest edit turning `before` (at `start`) into `after`, or undefined when they are equal. */
function minimalEdit(start: number, before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return { span: { start: start + p, end: start + before.length - s }, newText: after.slice(p, after.length - s) };
}

/**
 * Whether emptying `line` would make one line break of the lone CR before it and the LF after it
 * (a CR LF pair), losing a line: the line count must never change.
 */
function emptyingJoinsBreaks(text: string, line: Line): boolean {
  return line.start > 0 && text.charCodeAt(line.start - 1) === 13 && text.charCodeAt(line.end) === 10;
}

/** The edits that format one parsed item (none for a stray line), in text order. */
export function formatItem(text: string, item: Item, options: FormatOptions = {}): TextEdit[] {
  const result = formatBlockLines(text, item, options.indent ?? DEFAULT_INDENT);
  if (!result) return [];
  const edits: TextEdit[] = [];
  result.lines.forEach((line, i) => {
    const formatted = result.formatted[i] === '' && emptyingJoinsBreaks(text, line) ? text.slice(line.start, line.end) : result.formatted[i];
    const edit = minimalEdit(line.start, text.slice(line.start, line.end), formatted);
    if (edit) edits.push(edit);
  });
  return edits;
}

/** The edits formatting the blocks of `items` that overlap [start, end] (all when no range). */
export function formatEdits(text: string, items: Iterable<Item>, range?: { start: number; end: number }, options: FormatOptions = {}): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const item of items) {
    if (range && (item.start > range.end || item.start + item.length < range.start)) continue;
    if (range && item.block) {
      const s = item.start + item.block.span.start;
      const e = item.start + Math.max(item.block.span.end, item.block.span.start + 1);
      if (e < range.start || s > range.end) continue;
    }
    edits.push(...formatItem(text, item, options));
  }
  return edits;
}
