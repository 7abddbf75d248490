// One capture being read for the viewer: chunks in (from any source), the table's rows out while
// the read goes on. Packets are grouped by 4-tuple as they come; a connection is imported (driven
// through the endpoint engine, then checked) once it looks finished (a RST, or FINs both ways), in
// the time left between two chunks, and again at the end if more of it came: the rows keep up with
// the reading and the states fill in behind them. Only a row's summary is kept; the conversation
// text is made again when a connection is selected.
// Pure: the capture core and the checker, no `vscode`, no Node, no DOM (it runs in the extension
// host now and can run in a browser build or a worker unchanged).

import { ConnectionGrouper, type Endpoint, type TcpConnection } from '../../../server/src/capture/connections';
import { type ImportedConversation, importConnection } from '../../../server/src/capture/importer';
import { ACK, FIN, RST, SYN, type TcpPacket } from '../../../server/src/capture/packet';
import { CaptureReader } from '../../../server/src/capture/reader';
import { analyze } from '../../../server/src/service/analyze';
import type { Diagnostic } from '../../../server/src/service/diagnostics';
import { diagramModelOfText } from '../../../server/src/service/diagram';
import { LineIndex } from '../../../server/src/syntax/lines';
import type { Stack } from '../../../server/src/tcp/machine';
import type { CaptureProblem, CaptureProgress, ConnectionDetail, ConnectionRow, DetailDiagnostic } from './protocol';

export interface SessionOptions {
  /** The stack both endpoints are checked against (default linux, as `tcpfsm import`). */
  readonly stack?: Stack;
  /** Least time between two updates while reading, in ms (default 100); the first and the last are sent at once. */
  readonly updateEveryMs?: number;
  /** The clock for the above (replaceable in tests). */
  readonly now?: () => number;
  /** Gives the host's event loop a turn between chunks (default: a zero-delay timer). */
  readonly yieldNow?: () => Promise<void>;
}

export interface SessionUpdate {
  /** Rows new or changed since the last update. */
  readonly rows: readonly ConnectionRow[];
  readonly progress: CaptureProgress;
  readonly problem?: CaptureProblem;
}

export type SessionListener = (update: SessionUpdate) => void;

/** A connection and what the table knows about it. */
interface Entry {
  readonly id: number;
  readonly conn: TcpConnection;
  /** The sender of the first SYN without ACK: the client (until then the higher port is). */
  client: Endpoint | undefined;
  /** FIN seen from `conn.first`'s side and from the other; a RST seen. */
  finFromFirst: boolean;
  finFromSecond: boolean;
  reset: boolean;
  /** Packets the last import saw (the row's states are stale when more came). */
  importedPackets: number;
  row: ConnectionRow;
}

const DEFAULT_UPDATE_MS = 100;

/** A diagnostic's severity as the viewer names it (as `tcpfsm check` prints it). */
const SEVERITY_NAME = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' } as const;

export class CaptureSession {
  private readonly reader = new CaptureReader();
  private readonly grouper = new ConnectionGrouper();
  private readonly entries: Entry[] = [];
  private readonly entryOf = new Map<TcpConnection, Entry>();
  private readonly changed = new Set<Entry>();
  /** Connections that look finished and grew since their last import: imported as time allows. */
  private readonly pending = new Set<Entry>();
  private readonly listeners = new Set<SessionListener>();
  private readonly stack: Stack;
  private readonly updateEveryMs: number;
  private readonly now: () => number;
  private readonly yieldNow: () => Promise<void>;
  private lastUpdate = -Infinity;
  private total: number | undefined;
  private done = false;
  private cancelled = false;
  private failure: CaptureProblem | undefined;
  /** The last detail made (a selection asked again, e.g. by a second editor, is not imported twice). */
  private lastDetail: { id: number; packets: number; conversation: ImportedConversation; detail: ConnectionDetail } | undefined;

  constructor(options: SessionOptions = {}) {
    this.stack = options.stack ?? 'linux';
    this.updateEveryMs = options.updateEveryMs ?? DEFAULT_UPDATE_MS;
    this.now = options.now ?? (() => Date.now());
    this.yieldNow = options.yieldNow ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  /** Called with every update; returns the function that stops it. */
  onUpdate(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads the capture from `chunks` to the end, or until it is damaged (then `problem` says why and
   * the connections before it stay) or cancelled. Never throws: a failing source is a problem too.
   */
  async read(chunks: AsyncIterable<Uint8Array>, total?: number): Promise<void> {
    this.total = total;
    try {
      for await (const chunk of chunks) {
        if (this.cancelled) return;
        this.take(this.reader.push(chunk).packets);
        if (this.reader.error) break;
        // The rows first (the first chunk's at once), then what time is left of this turn for imports.
        this.update(false);
        await this.importPending(this.updateEveryMs);
        if (this.cancelled) return;
        await this.yieldNow();
      }
      if (this.cancelled) return;
      this.take(this.reader.end().packets);
    } catch (error) {
      this.failure = { message: `the capture cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (this.cancelled) return;
    const damage = this.reader.error;
    if (damage && !this.failure) {
      const where = damage.frame !== undefined ? ` (frame ${damage.frame})` : damage.offset !== undefined ? ` (byte ${damage.offset})` : '';
      this.failure = { message: `${damage.message}${where}` };
    }
    // Every connection, finished or not, gets its states now.
    for (const entry of this.entries) if (entry.importedPackets !== entry.conn.packets.length) this.pending.add(entry);
    await this.importPending(Infinity);
    if (this.cancelled) return;
    this.done = true;
    this.update(true);
  }

  /** Stops reading at the next chunk (the document was closed). */
  cancel(): void {
    this.cancelled = true;
  }

  get problem(): CaptureProblem | undefined {
    return this.failure;
  }

  get progress(): CaptureProgress {
    return {
      bytes: this.reader.bytesRead,
      ...(this.total !== undefined ? { total: this.total } : {}),
      packets: this.reader.packetCount,
      connections: this.entries.length,
      done: this.done,
      ...(this.reader.format ? { format: this.reader.format } : {}),
    };
  }

  /** Every row so far, in connection order. */
  rows(): ConnectionRow[] {
    return this.entries.map((e) => e.row);
  }

  /** The imported conversation of connection `id` (1-based), made from its packets now. */
  conversation(id: number): ImportedConversation {
    return this.detailOf(id).conversation;
  }

  /** What the viewer shows for connection `id`: the ladder's model, the diagnostics with their frames. */
  detail(id: number): ConnectionDetail {
    return this.detailOf(id).detail;
  }

  // -------------------------------------------------------------------------------------------

  private take(packets: readonly TcpPacket[]): void {
    for (const packet of packets) {
      const conn = this.grouper.add(packet);
      let entry = this.entryOf.get(conn);
      if (!entry) {
        entry = {
          id: this.entries.length + 1, conn, client: undefined, finFromFirst: false, finFromSecond: false, reset: false, importedPackets: 0,
          row: { id: this.entries.length + 1, client: conn.first, server: conn.second, packets: 0, duration: 0 },
        };
        this.entries.push(entry);
        this.entryOf.set(conn, entry);
      }
      if (packet.flags & SYN && !(packet.flags & ACK) && !entry.client) entry.client = { address: packet.src, port: packet.srcPort };
      if (packet.flags & RST) entry.reset = true;
      if (packet.flags & FIN) {
        if (packet.src === conn.first.address && packet.srcPort === conn.first.port) entry.finFromFirst = true;
        else entry.finFromSecond = true;
      }
      this.changed.add(entry);
    }
    for (const entry of this.changed) {
      const packets = entry.conn.packets;
      const duration = seconds(packets[packets.length - 1]) - seconds(packets[0]);
      // An imported row keeps the sides its import named; until then they follow the packets seen.
      const sides = entry.importedPackets > 0 ? {} : sidesOf(entry);
      entry.row = { ...entry.row, ...sides, packets: packets.length, duration };
      const finished = entry.reset || (entry.finFromFirst && entry.finFromSecond);
      if (finished && entry.importedPackets !== packets.length) this.pending.add(entry);
    }
  }

  /**
   * Imports the pending connections for at most `budgetMs` (then they wait for the next chunk), or
   * all of them (Infinity) with an update and a turn of the event loop every `updateEveryMs`.
   */
  private async importPending(budgetMs: number): Promise<void> {
    const start = this.now();
    let slice = start;
    for (const entry of this.pending) {
      if (this.cancelled) return;
      this.pending.delete(entry);
      if (entry.importedPackets !== entry.conn.packets.length) this.importEntry(entry);
      const now = this.now();
      if (now - start >= budgetMs) return;
      if (now - slice >= this.updateEveryMs) {
        this.update(false);
        await this.yieldNow();
        slice = this.now();
      }
    }
  }

  private importEntry(entry: Entry): void {
    const packets = entry.conn.packets.length;
    try {
      const conversation = importConnection(entry.conn, { stack: this.stack });
      const diagnostics = analyze(conversation.text).diagnostics;
      entry.row = {
        id: entry.id,
        client: conversation.client,
        server: conversation.server,
        packets: conversation.packets,
        duration: conversation.duration,
        first: conversation.startStates,
        last: conversation.finalStates,
        diagnostics: diagnostics.length,
        errors: diagnostics.filter((d) => d.severity === 'error').length,
      };
    } catch (error) {
      // A bug in the importer: the row says so, the other connections go on.
      entry.row = { ...entry.row, diagnostics: 1, errors: 1, importError: error instanceof Error ? error.message : String(error) };
    }
    entry.importedPackets = packets;
    this.changed.add(entry);
  }

  private update(final: boolean): void {
    const now = this.now();
    if (!final && now - this.lastUpdate < this.updateEveryMs) return;
    this.lastUpdate = now;
    const rows = [...this.changed].map((e) => e.row);
    this.changed.clear();
    const update: SessionUpdate = { rows, progress: this.progress, ...(this.failure ? { problem: this.failure } : {}) };
    for (const listener of this.listeners) listener(update);
  }

  private detailOf(id: number): { conversation: ImportedConversation; detail: ConnectionDetail } {
    const entry = this.entries[id - 1];
    if (!entry) throw new Error(`no connection ${id} in this capture (it has ${this.entries.length})`);
    const cached = this.lastDetail;
    if (cached && cached.id === id && cached.packets === entry.conn.packets.length) return cached;
    const conversation = importConnection(entry.conn, { stack: this.stack });
    const model = diagramModelOfText(conversation.text);
    const block = model.current;
    if (block?.kind !== 'conversation') throw new Error(`the import of connection ${id} gave no conversation`);
    const frameOfLine = new Map<number, number>();
    for (const e of conversation.events) if (e.frame !== undefined) frameOfLine.set(e.line, e.frame);
    const lines = new LineIndex(conversation.text);
    const diagnostics = analyze(conversation.text).diagnostics.map((d) => detailDiagnostic(d, lines, frameOfLine));
    const detail: ConnectionDetail = {
      id, name: conversation.name, stack: conversation.stack, block, diagnostics, events: conversation.events,
    };
    this.lastDetail = { id, packets: entry.conn.packets.length, conversation, detail };
    return this.lastDetail;
  }
}

function detailDiagnostic(d: Diagnostic, lines: LineIndex, frameOfLine: ReadonlyMap<number, number>): DetailDiagnostic {
  const at = lines.positionAt(d.span.start);
  const frame = frameOfLine.get(at.line + 1);
  return {
    line: at.line + 1, column: at.character + 1, severity: SEVERITY_NAME[d.severity], code: d.code, message: d.message,
    ...(frame !== undefined ? { frame } : {}),
  };
}

const seconds = (p: TcpPacket): number => p.seconds + p.nanoseconds / 1e9;

/** Client and server before the import decides, by the importer's rule: the sender of a SYN without ACK, else the higher port. */
function sidesOf(entry: Entry): Pick<ConnectionRow, 'client' | 'server'> {
  const { first, second } = entry.conn;
  const client = entry.client ?? (first.port >= second.port ? first : second);
  const sameAsFirst = client.address === first.address && client.port === first.port;
  return { client, server: sameAsFirst ? second : first };
}
