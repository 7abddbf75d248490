// On-demand lexer: one token at a time, straight from the text, no token array.
// Comments and blanks are skipped; line ends are tokens because a step ends at the end of its line.

export const enum Tok {
  Word,
  String,
  Arrow,
  Colon,
  Slash,
  Comma,
  Plus,
  LBrace,
  RBrace,
  Newline,
  Unknown,
  EOF,
  /** A time in seconds: `12`, `0.309` (a word that is all digits, with an optional fraction). */
  Number,
}

const CH_TAB = 9, CH_LF = 10, CH_VT = 11, CH_FF = 12, CH_CR = 13, CH_SPACE = 32;
const CH_QUOTE = 34, CH_HASH = 35, CH_PLUS = 43, CH_COMMA = 44, CH_MINUS = 45, CH_DOT = 46, CH_SLASH = 47;
const CH_COLON = 58, CH_GT = 62, CH_BACKSLASH = 92, CH_LBRACE = 123, CH_RBRACE = 125;

function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ||
    (c >= 0x80 && !isExtraSpace(c) && c !== 0x2028 && c !== 0x2029)
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isExtraSpace(c: number): boolean {
  return c === 0xa0 || c === 0xfeff || c === 0x3000 || (c >= 0x2000 && c <= 0x200b);
}

export interface LexerState {
  pos: number;
  kind: Tok;
  start: number;
  end: number;
  atLineStart: boolean;
}

export class Lexer {
  /** Current token. */
  kind: Tok = Tok.EOF;
  start = 0;
  end = 0;
  /** True when the current token is the first on its line. */
  atLineStart = true;
  /** For strings: the value with escapes resolved, and the problems found in it. */
  stringValue = '';
  stringProblems: { start: number; end: number; message: string }[] | undefined;

  private pos: number;

  constructor(readonly text: string, offset: number) {
    this.pos = offset;
    // Before the first token, pretend the previous one was a line end when it really was.
    const before = offset > 0 ? text.charCodeAt(offset - 1) : CH_LF;
    this.kind = before === CH_LF || before === CH_CR ? Tok.Newline : Tok.EOF;
  }

  /** The current token's kind (a method, so that callers' type narrowing does not outlive a `next()`). */
  tok(): Tok {
    return this.kind;
  }

  /** The current token's text. */
  get value(): string {
    return this.text.slice(this.start, this.end);
  }

  save(): LexerState {
    return { pos: this.pos, kind: this.kind, start: this.start, end: this.end, atLineStart: this.atLineStart };
  }

  restore(s: LexerState): void {
    this.pos = s.pos;
    this.kind = s.kind;
    this.start = s.start;
    this.end = s.end;
    this.atLineStart = s.atLineStart;
  }

  /** Is the current token a word equal to `lower`, ignoring case? `lower` must be lowercase ASCII. */
  isWord(lower: string): boolean {
    if (this.kind !== Tok.Word || this.end - this.start !== lower.length) return false;
    const text = this.text;
    for (let i = 0; i < lower.length; i++) {
      let c = text.charCodeAt(this.start + i);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== lower.charCodeAt(i)) return false;
    }
    return true;
  }

  next(): Tok {
    const text = this.text;
    const len = text.length;
    let pos = this.pos;
    this.atLineStart = this.kind === Tok.Newline;
    for (;;) {
      if (pos >= len) return this.set(Tok.EOF, pos, pos);
      const c = text.charCodeAt(pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_VT || c === CH_FF) {
        pos++;
        continue;
      }
      if (c === CH_LF) return this.set(Tok.Newline, pos, pos + 1);
      if (c === CH_CR) return this.set(Tok.Newline, pos, text.charCodeAt(pos + 1) === CH_LF ? pos + 2 : pos + 1);
      if (c === CH_HASH || (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_SLASH)) {
        pos = skipToLineEnd(text, pos);
        continue;
      }
      if (c >= 48 && c <= 57) {
        let end = pos + 1;
        while (isDigit(text.charCodeAt(end))) end++;
        if (text.charCodeAt(end) === CH_DOT && isDigit(text.charCodeAt(end + 1))) {
          end += 2;
          while (isDigit(text.charCodeAt(end))) end++;
        }
        const after = text.charCodeAt(end);
        if (!isWordChar(after) && !(after === CH_MINUS && isWordChar(text.charCodeAt(end + 1)))) return this.set(Tok.Number, pos, end);
        // A word that starts with digits (`2MSL`): scan it as a word.
      }
      if (isWordChar(c)) {
        let end = pos + 1;
        for (;;) {
          const d = text.charCodeAt(end);
          if (isWordChar(d)) end++;
          else if (d === CH_MINUS && isWordChar(text.charCodeAt(end + 1))) end += 2;
          else break;
        }
        return this.set(Tok.Word, pos, end);
      }
      switch (c) {
        case CH_MINUS:
          if (text.charCodeAt(pos + 1) === CH_GT) return this.set(Tok.Arrow, pos, pos + 2);
          return this.set(Tok.Unknown, pos, pos + 1);
        case CH_COLON:
          return this.set(Tok.Colon, pos, pos + 1);
        case CH_SLASH:
          return this.set(Tok.Slash, pos, pos + 1);
        case CH_COMMA:
          return this.set(Tok.Comma, pos, pos + 1);
        case CH_PLUS:
          return this.set(Tok.Plus, pos, pos + 1);
        case CH_LBRACE:
          return this.set(Tok.LBrace, pos, pos + 1);
        case CH_RBRACE:
          return this.set(Tok.RBrace, pos, pos + 1);
        case CH_QUOTE:
          return this.scanString(pos);
      }
      if (isExtraSpace(c)) {
        pos++;
        continue;
      }
      // A run of characters that fit nothing, reported once.
      let end = pos + 1;
      while (end < len) {
        const d = text.charCodeAt(end);
        if (d <= CH_SPACE || isWordChar(d) || d === CH_QUOTE || d === CH_HASH || d === CH_LBRACE || d === CH_RBRACE ||
            d === CH_COLON || d === CH_COMMA || d === CH_PLUS || d === CH_SLASH || d === CH_MINUS) break;
        end++;
      }
      return this.set(Tok.Unknown, pos, end);
    }
  }

  private set(kind: Tok, start: number, end: number): Tok {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.pos = end;
    return kind;
  }

  /** Strings end at their closing quote or, unterminated, at the end of the line. */
  private scanString(open: number): Tok {
    const text = this.text;
    const len = text.length;
    let pos = open + 1;
    let value = '';
    let chunk = pos;
    this.stringProblems = undefined;
    for (;;) {
      if (pos >= len || text.charCodeAt(pos) === CH_LF || text.charCodeAt(pos) === CH_CR) {
        this.stringValue = value + text.slice(chunk, pos);
        (this.stringProblems ??= []).push({ start: open, end: pos, message: 'unterminated string: add the closing `"`' });
        return this.set(Tok.String, open, pos);
      }
      const c = text.charCodeAt(pos);
      if (c === CH_QUOTE) {
        this.stringValue = value + text.slice(chunk, pos);
        return this.set(Tok.String, open, pos + 1);
      }
      if (c === CH_BACKSLASH) {
        const d = text.charCodeAt(pos + 1);
        value += text.slice(chunk, pos);
        if (d === CH_QUOTE || d === CH_BACKSLASH) {
          value += String.fromCharCode(d);
          pos += 2;
        } else {
          (this.stringProblems ??= []).push({
            start: pos,
            end: Math.min(pos + 2, len),
            message: 'unknown escape: only `\\"` and `\\\\` are escapes in a string',
          });
          value += '\\';
          pos += 1;
        }
        chunk = pos;
        continue;
      }
      pos++;
    }
  }
}

export function skipToLineEnd(text: string, pos: number): number {
  const len = text.length;
  while (pos < len) {
    const c = text.charCodeAt(pos);
    if (c === CH_LF || c === CH_CR) break;
    pos++;
  }
  return pos;
}
