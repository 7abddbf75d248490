// The capture viewer's table as data: its columns, the order of rows under a sort, and the port and
// state filters. Pure (no DOM): the webview draws what viewRows() returns; unit-tested.

import { type State, STATES } from '../../../server/src/tcp/machine';
import type { ConnectionRow, EndpointRow } from './protocol';

export type SortColumn =
  | 'id' | 'client' | 'server' | 'packets' | 'duration' | 'clientFirst' | 'clientLast' | 'serverFirst' | 'serverLast' | 'diagnostics';

export interface Column {
  readonly id: SortColumn;
  readonly title: string;
  /** What a screen reader and the header's tooltip say. */
  readonly description: string;
  readonly numeric: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: 'id', title: '#', description: 'Connection number, in the order of its first packet', numeric: true },
  { id: 'client', title: 'Client', description: 'The side that sent the first SYN (without one, the higher port)', numeric: false },
  { id: 'server', title: 'Server', description: 'The other side', numeric: false },
  { id: 'packets', title: 'Packets', description: 'TCP packets captured', numeric: true },
  { id: 'duration', title: 'Duration', description: 'Seconds from the first packet to the last', numeric: true },
  { id: 'clientFirst', title: 'Client first', description: "The client's state before its first event", numeric: false },
  { id: 'clientLast', title: 'Client last', description: "The client's state after its last event", numeric: false },
  { id: 'serverFirst', title: 'Server first', description: "The server's state before its first event", numeric: false },
  { id: 'serverLast', title: 'Server last', description: "The server's state after its last event", numeric: false },
  { id: 'diagnostics', title: 'Diagnostics', description: 'Problems the checker found in the imported conversation', numeric: true },
];

export interface SortOrder {
  readonly column: SortColumn;
  readonly descending: boolean;
}

export const DEFAULT_SORT: SortOrder = { column: 'id', descending: false };

export function isSortColumn(value: unknown): value is SortColumn {
  return COLUMNS.some((c) => c.id === value);
}

/** The order after a click on `column`'s header: the same column flips, another starts ascending. */
export function nextSort(current: SortOrder, column: SortColumn): SortOrder {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: false };
}

// ---------------------------------------------------------------------------------------------
// filters

/** Inclusive port ranges; empty: every port. */
export type PortFilter = readonly (readonly [number, number])[];

/**
 * Reads the port filter as typed: ports and ranges separated by commas or spaces (`443`,
 * `80, 8080`, `5100-5200`). An empty text keeps every row.
 */
export function parsePortFilter(text: string): { readonly ports: PortFilter } | { readonly error: string } {
  const ranges: [number, number][] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!match) return { error: `“${part}” is not a port or a range of ports (such as 80 or 5100-5200)` };
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (low > 65535 || high > 65535) return { error: `${Math.max(low, high)} is not a port (0 to 65535)` };
    if (high < low) return { error: `the range ${part} ends before it starts` };
    ranges.push([low, high]);
  }
  return { ports: ranges };
}

export interface RowFilter {
  readonly ports: PortFilter;
  /** Keep the rows where either side starts or ends in this state; undefined: any state. */
  readonly state?: State;
}

export const NO_FILTER: RowFilter = { ports: [] };

const inRanges = (port: number, ranges: PortFilter): boolean => ranges.some(([low, high]) => port >= low && port <= high);

export function rowMatches(row: ConnectionRow, filter: RowFilter): boolean {
  if (filter.ports.length > 0 && !inRanges(row.client.port, filter.ports) && !inRanges(row.server.port, filter.ports)) return false;
  if (filter.state !== undefined) {
    const states = [...(row.first ?? []), ...(row.last ?? [])];
    if (!states.includes(filter.state)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// sorting

const STATE_RANK = new Map<State, number>(STATES.map((s, i) => [s, i]));

/** Addresses in numeric order where they are numbers (10.0.0.9 before 10.0.0.10), then the port. */
const addressOrder = new Intl.Collator('en', { numeric: true });

function compareEndpoints(a: EndpointRow, b: EndpointRow): number {
  return addressOrder.compare(a.address, b.address) || a.port - b.port;
}

/** The row's value in a column; undefined while the connection is not imported yet (sorted last). */
function stateOf(row: ConnectionRow, column: SortColumn): number | undefined {
  const pick = (pair: readonly [State, State] | undefined, side: 0 | 1) => (pair ? STATE_RANK.get(pair[side]) : undefined);
  switch (column) {
    case 'clientFirst': return pick(row.first, 0);
    case 'clientLast': return pick(row.last, 0);
    case 'serverFirst': return pick(row.first, 1);
    case 'serverLast': return pick(row.last, 1);
    default: return undefined;
  }
}

/**
 * Compares two rows under `order`. States sort in the order of the state table (CLOSED, LISTEN,
 * SYN_SENT, … the order a connection lives through them), endpoints by address then port.
 * Rows not yet imported go last in either direction; ties keep the connection order.
 */
export function compareRows(a: ConnectionRow, b: ConnectionRow, order: SortOrder): number {
  const sign = order.descending ? -1 : 1;
  let result = 0;
  switch (order.column) {
    case 'id': result = a.id - b.id; break;
    case 'client': result = compareEndpoints(a.client, b.client); break;
    case 'server': result = compareEndpoints(a.server, b.server); break;
    case 'packets': result = a.packets - b.packets; break;
    case 'duration': result = a.duration - b.duration; break;
    case 'diagnostics': {
      if (a.diagnostics === undefined || b.diagnostics === undefined) return unknownLast(a.diagnostics, b.diagnostics, a, b);
      // Errors weigh more than the other diagnostics.
      result = (a.errors ?? 0) - (b.errors ?? 0) || a.diagnostics - b.diagnostics;
      break;
    }
    default: {
      const x = stateOf(a, order.column);
      const y = stateOf(b, order.column);
      if (x === undefined || y === undefined) return unknownLast(x, y, a, b);
      result = x - y;
    }
  }
  return result * sign || a.id - b.id;
}

function unknownLast(x: number | undefined, y: number | undefined, a: ConnectionRow, b: ConnectionRow): number {
  if (x === undefined && y !== undefined) return 1;
  if (y === undefined && x !== undefined) return -1;
  return a.id - b.id;
}

/** The rows the table shows: filtered, then sorted (a new array; `rows` is left as it was). */
export function viewRows(rows: Iterable<ConnectionRow>, order: SortOrder, filter: RowFilter): ConnectionRow[] {
  const shown: ConnectionRow[] = [];
  for (const row of rows) if (rowMatches(row, filter)) shown.push(row);
  return shown.sort((a, b) => compareRows(a, b, order));
}

// ---------------------------------------------------------------------------------------------
// cell text

export function endpointText(e: EndpointRow): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** Seconds as the table shows them: milliseconds below 10 s, else whole seconds with a tenth. */
export function durationText(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(3)} s`;
  if (seconds < 3600) return `${seconds.toFixed(1)} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${h} h ${String(m).padStart(2, '0')} min`;
}

/** A cell's text; `…` for what is not known yet. */
export function cellText(row: ConnectionRow, column: SortColumn): string {
  switch (column) {
    case 'id': return String(row.id);
    case 'client': return endpointText(row.client);
    case 'server': return endpointText(row.server);
    case 'packets': return row.packets.toLocaleString('en');
    case 'duration': return durationText(row.duration);
    case 'clientFirst': return row.first?.[0] ?? '…';
    case 'clientLast': return row.last?.[0] ?? '…';
    case 'serverFirst': return row.first?.[1] ?? '…';
    case 'serverLast': return row.last?.[1] ?? '…';
    case 'diagnostics': return row.diagnostics === undefined ? '…' : String(row.diagnostics);
  }
}
