// The diagnostic shape every front end (CLI, LSP) converts from: a stable code, a severity,
// an offset span and a message that says what is legal instead.

import type { State } from '../tcp/machine';
import type { Span } from '../syntax/tree';

export type DiagnosticCode =
  | 'syntax'
  | 'unknown-state'
  | 'unknown-peer'
  | 'illegal-transition'
  | 'wrong-event'
  | 'discontinuity'
  | 'illegal-call'
  | 'not-in-flight'
  | 'expect-failed'
  | 'early-timeout'
  | 'time-order'
  | 'duplicate-name'
  // Editor only (the `tcpfsm.stateNames` setting, service/spelling.ts): never reported by the
  // CLI, not one of the SPEC's codes.
  | 'state-spelling';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const SEVERITY_OF: Readonly<Record<DiagnosticCode, Severity>> = {
  syntax: 'error',
  'unknown-state': 'error',
  'unknown-peer': 'error',
  'illegal-transition': 'error',
  'wrong-event': 'error',
  discontinuity: 'error',
  'illegal-call': 'error',
  'not-in-flight': 'error',
  'expect-failed': 'error',
  'early-timeout': 'error',
  'time-order': 'error',
  'duplicate-name': 'warning',
  'state-spelling': 'information',
};

export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** Canonical states a misspelled name may have meant (unknown-state), best first. */
  readonly suggestions?: readonly State[];
  readonly related?: readonly RelatedSpan[];
  /** The spelling to write instead (state-spelling). */
  readonly replacement?: string;
}

export function diagnostic(code: DiagnosticCode, span: Span, message: string, extra?: Partial<Diagnostic>): Diagnostic {
  return { code, severity: SEVERITY_OF[code], message, span, ...extra };
}
