// The one message protocol between the capture viewer (client/src/capture/editor.ts, in the
// extension host) and its webview bundle (client/src/webview/captureMain.ts), and the check of
// what the webview posts. Pure: no `vscode`, no DOM, no Node (unit-tested, and shared by both sides).

import type { ConversationDiagram } from '../../../server/src/protocol/diagram';
import type { State } from '../../../server/src/tcp/machine';

export interface EndpointRow {
  readonly address: string;
  readonly port: number;
}

/** One TCP connection of the capture, as the table shows it. */
export interface ConnectionRow {
  /** 1-based, in the order of each connection's first packet in the capture. */
  readonly id: number;
  readonly client: EndpointRow;
  readonly server: EndpointRow;
  readonly packets: number;
  /** Seconds from the connection's first packet to its last. */
  readonly duration: number;
  /** Each side's state before the first event and after the last, [client, server]; undefined until imported. */
  readonly first?: readonly [State, State];
  readonly last?: readonly [State, State];
  /** Diagnostics of the imported conversation (all severities) and how many are errors; undefined until imported. */
  readonly diagnostics?: number;
  readonly errors?: number;
  /** The import failed (a bug): what it said. The row counts it as one error. */
  readonly importError?: string;
}

/** How far the read has come. */
export interface CaptureProgress {
  readonly bytes: number;
  /** The file's size; undefined when unknown (then the bar is indeterminate). */
  readonly total?: number;
  readonly packets: number;
  readonly connections: number;
  /** Every byte is read and every connection imported (or the read stopped). */
  readonly done: boolean;
  readonly format?: 'pcap' | 'pcapng' | 'tcpdump-text';
}

/** Why the read stopped early (the rows before it are kept). */
export interface CaptureProblem {
  readonly message: string;
}

/** A diagnostic of the imported conversation, with the captured packet behind its line. */
export interface DetailDiagnostic {
  /** 1-based line and column in the conversation text. */
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly code: string;
  readonly message: string;
  /** Frame number of the packet the line accounts for (its `# #N` comment). */
  readonly frame?: number;
}

/** Per line of the conversation text that is an event: the capture time and the frame. */
export interface DetailEvent {
  /** 1-based line in the conversation text. */
  readonly line: number;
  /** Seconds since the connection's first packet. */
  readonly time: number;
  readonly frame?: number;
  readonly peer: 'client' | 'server';
  readonly event: string;
}

/** What the viewer shows under the table for the selected connection. */
export interface ConnectionDetail {
  readonly id: number;
  /** `CLIENT:port → SERVER:port`. */
  readonly name: string;
  readonly stack: string;
  /** The ladder's model (the same the diagram preview draws for a conversation). */
  readonly block: ConversationDiagram;
  readonly diagnostics: readonly DetailDiagnostic[];
  readonly events: readonly DetailEvent[];
}

export type ToCaptureWebview =
  /** Everything shown so far (the first message after `ready`). */
  | { readonly type: 'reset'; readonly title: string; readonly rows: readonly ConnectionRow[]; readonly progress: CaptureProgress; readonly problem?: CaptureProblem }
  /** New or changed rows since the last message, and the progress. */
  | { readonly type: 'rows'; readonly rows: readonly ConnectionRow[]; readonly progress: CaptureProgress; readonly problem?: CaptureProblem }
  /** The answer to `select`. */
  | { readonly type: 'detail'; readonly detail: ConnectionDetail }
  | { readonly type: 'detailFailed'; readonly id: number; readonly message: string };

export type FromCaptureWebview =
  /** The script has loaded and listens: send everything. */
  | { readonly type: 'ready' }
  /** The user selected a row: send its detail. */
  | { readonly type: 'select'; readonly id: number }
  /** "Open as .tcpfsm" on a row. */
  | { readonly type: 'openText'; readonly id: number }
  /** Something went wrong in the webview: logged by the extension. */
  | { readonly type: 'error'; readonly message: string };

/** What the webview keeps across reloads (vscode.setState). */
export interface CapturePersistedState {
  readonly selected?: number;
  readonly sort: { readonly column: string; readonly descending: boolean };
  readonly portFilter: string;
  readonly stateFilter: string;
}

/** An error message from the webview is cut to this length before it is logged. */
export const MAX_ERROR_LENGTH = 4000;

const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;

/**
 * What the webview posted, checked field by field: the message if it is one of FromCaptureWebview
 * (extra fields dropped, an error message cut to MAX_ERROR_LENGTH), else undefined. The webview is
 * our own bundle, but what crosses postMessage is still outside data.
 */
export function parseFromCaptureWebview(value: unknown): FromCaptureWebview | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'select':
    case 'openText':
      return isId(message.id) ? { type: message.type, id: message.id } : undefined;
    case 'error':
      return typeof message.message === 'string' ? { type: 'error', message: message.message.slice(0, MAX_ERROR_LENGTH) } : undefined;
    default:
      return undefined;
  }
}
