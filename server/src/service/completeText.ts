// What completion hands out, and the small text helpers scenario and conversation completion
// share (service/complete.ts, service/completeConversation.ts).

import type { Span } from '../syntax/tree';

export type CompletionKind = 'state' | 'event' | 'peer' | 'keyword' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** What the item does, shown beside the focused item. */
  readonly detail?: string;
  /** A few words shown on every row after the label, e.g. `exceptional` or what an event does. */
  readonly description?: string;
  /** What replaces `replace`; the label when absent. */
  readonly insertText?: string;
  /** `insertText` is in snippet syntax (`$1`, `${1:name}`, `$0`). */
  readonly snippet?: boolean;
  readonly preselect?: boolean;
  /** After inserting, ask for completion again (the item is the start of a longer phrase: `recv old `). */
  readonly retrigger?: boolean;
  /** Keeps the order given here. */
  readonly sortText: string;
  /** Absolute span the item replaces (on the cursor's line, ending at the cursor). */
  readonly replace: Span;
}

export type Draft = Omit<CompletionEntry, 'sortText' | 'replace'>;

/** Tokens of a line fragment: words (states keep their `-`), `->`, strings, single characters. */
export function tokens(line: string): string[] {
  return line.match(/->|[A-Za-z0-9_\u0080-\uffff]+(?:-(?!>)[A-Za-z0-9_\u0080-\uffff]*)*|"(?:[^"\\]|\\.)*"?|\S/g) ?? [];
}

export function skipSpaces(text: string, from: number, to: number): number {
  while (from < to && (text[from] === ' ' || text[from] === '\t')) from++;
  return from;
}

export function finish(drafts: readonly Draft[], replace: Span): CompletionEntry[] {
  return drafts.map((d, i) => ({ ...d, sortText: String(i).padStart(4, '0'), replace }));
}

/** `stack linux` and `stack rfc9293`, with what each means. */
export const STACK_DETAILS: Readonly<Record<'rfc9293' | 'linux', string>> = {
  rfc9293: 'RFC 9293 as written (the default): abort sends RST, TIME_WAIT lasts 240 s, no FIN_WAIT_2 timer',
  linux: 'Linux 6.x: abort sends RST+ACK, close() answers later data with RST, TIME_WAIT 60 s, tcp_fin_timeout 60 s',
};
