// Socket tables as Linux tools print them → rows: `ss -tan` (with or without -o, -p, -i, -e, and
// the Netid column of `ss -an`), `netstat -tan` (with or without -p, -o) and /proc/net/tcp and
// /proc/net/tcp6. The kind is recognised from each header line, so outputs pasted one after the
// other (`cat /proc/net/tcp /proc/net/tcp6`) are read too. Plain text in, no Node.

import { lookupState, type State } from '../tcp/machine';
import { formatIpv6 } from './frame';

export type SocketTableSource = 'ss' | 'netstat' | 'proc';

export interface SocketTimer {
  /** ss's names: `on` (retransmission), `keepalive`, `timewait`, `persist` (zero window probe), `off`. */
  readonly name: string;
  /** Time left, in seconds. */
  readonly seconds: number;
  /** Retransmissions or probes sent so far. */
  readonly count: number;
}

export interface SocketProcess {
  readonly name: string;
  readonly pid: number;
}

export interface SocketRow {
  /** 1-based line of the input. */
  readonly line: number;
  readonly source: SocketTableSource;
  /** undefined when the table has no state column (`ss state X` leaves it out). */
  readonly state: State | undefined;
  /** The state as the tool printed it (ESTAB, FIN_WAIT1, 01, ...). */
  readonly printedState: string;
  readonly localAddress: string;
  readonly localPort: number;
  readonly peerAddress: string;
  /** undefined for `*` (a listener). */
  readonly peerPort: number | undefined;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly timer?: SocketTimer;
  /** The processes holding the socket (ss -p, netstat -p); empty when the tool shows none. */
  readonly processes: readonly SocketProcess[];
  /** Whether a process still holds the socket: false for one its process has closed (or a
   *  request or timewait socket), undefined when the output does not say (no -p). */
  readonly held: boolean | undefined;
}

export interface SocketTable {
  readonly sources: readonly SocketTableSource[];
  readonly rows: readonly SocketRow[];
  /** Lines that looked like rows but could not be read (other protocols are not counted). */
  readonly unreadLines: readonly number[];
  /** The state column was missing (an `ss ... state X` filter). */
  readonly missingStateColumn: boolean;
}

const SS_HEADER = /^(Netid\s+)?(State\s+)?Recv-Q\s+Send-Q\s+Local Address:Port\s+Peer Address:Port/;
const NETSTAT_HEADER = /^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State/;
const NETSTAT_TITLE = /^Active (Internet|UNIX domain|Bluetooth) /;
const PROC_HEADER = /^\s*sl\s+local_address\s+rem(ote)?_address\s+st\s/;
const SS_STATE = /^(UNCONN|LISTEN|SYN-SENT|SYN-RECV|ESTAB|FIN-WAIT-1|FIN-WAIT-2|CLOSE-WAIT|CLOSING|LAST-ACK|TIME-WAIT|CLOSED|NEW-SYN-RECV)$/;

/** /proc/net/tcp's `st` column (include/net/tcp_states.h). */
const PROC_STATES: Readonly<Record<number, State>> = {
  0x01: 'ESTABLISHED', 0x02: 'SYN_SENT', 0x03: 'SYN_RECEIVED', 0x04: 'FIN_WAIT_1', 0x05: 'FIN_WAIT_2',
  0x06: 'TIME_WAIT', 0x07: 'CLOSED', 0x08: 'CLOSE_WAIT', 0x09: 'LAST_ACK', 0x0a: 'LISTEN', 0x0b: 'CLOSING',
  0x0c: 'SYN_RECEIVED', // TCP_NEW_SYN_RECV: a request socket
};
/** /proc/net/tcp's `tr` column → ss's timer names. */
const PROC_TIMERS: Readonly<Record<number, string>> = { 1: 'on', 2: 'keepalive', 3: 'timewait', 4: 'persist' };
/** /proc prints timer expiries in USER_HZ clock ticks. */
const USER_HZ = 100;

export function parseSocketTable(text: string): SocketTable {
  const lines = text.split(/\r?\n/);
  const rows: SocketRow[] = [];
  const unreadLines: number[] = [];
  const sources = new Set<SocketTableSource>();
  let mode: { source: SocketTableSource; netid: boolean; state: boolean } | undefined;
  let missingStateColumn = false;
  // ss rows of the current table: whether ss ran with -p shows only in the rows (users:(...)).
  let ssSection: SocketRow[] = [];
  const endSsSection = () => {
    const withP = ssSection.some((r) => r.processes.length > 0);
    for (const r of ssSection) (r as { held: boolean | undefined }).held = withP ? r.processes.length > 0 : undefined;
    ssSection = [];
  };
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    if (SS_HEADER.test(raw) || NETSTAT_HEADER.test(raw) || NETSTAT_TITLE.test(raw) || PROC_HEADER.test(raw)) endSsSection();
    if (SS_HEADER.test(raw)) {
      const m = SS_HEADER.exec(raw)!;
      mode = { source: 'ss', netid: m[1] !== undefined, state: m[2] !== undefined };
      if (!mode.state) missingStateColumn = true;
      sources.add('ss');
      return;
    }
    if (NETSTAT_HEADER.test(raw)) {
      mode = { source: 'netstat', netid: false, state: true };
      sources.add('netstat');
      return;
    }
    if (NETSTAT_TITLE.test(raw)) {
      // "Active UNIX domain sockets" and the like end the TCP part of a netstat output.
      if (!raw.startsWith('Active Internet')) mode = undefined;
      return;
    }
    if (PROC_HEADER.test(raw)) {
      mode = { source: 'proc', netid: false, state: true };
      sources.add('proc');
      return;
    }
    if (/^\s/.test(raw) && mode?.source === 'ss') return; // ss -i / -e continuation lines
    // Without a header (ss -H, or a pasted excerpt), guess from the row itself.
    const current = mode ?? guessMode(raw);
    if (!current) return;
    if (mode === undefined) sources.add(current.source);
    const row = current.source === 'ss' ? ssRow(raw, line, current.netid, current.state)
      : current.source === 'netstat' ? netstatRow(raw, line)
        : procRow(raw, line);
    if (row === 'skip') return;
    if (row === undefined) {
      unreadLines.push(line);
    } else {
      rows.push(row);
      if (row.source === 'ss') ssSection.push(row);
    }
  });
  endSsSection();
  return { sources: [...sources], rows, unreadLines, missingStateColumn };
}

function guessMode(raw: string): { source: SocketTableSource; netid: boolean; state: boolean } | undefined {
  const first = raw.trim().split(/\s+/)[0];
  if (/^tcp6?$/.test(first) && /\s(\d+)\s+(\d+)\s/.test(raw) && raw.trim().split(/\s+/).length >= 6) {
    // netstat rows start with tcp/tcp6; ss -an rows with a Netid column start with tcp too.
    const fields = raw.trim().split(/\s+/);
    if (SS_STATE.test(fields[1])) return { source: 'ss', netid: true, state: true };
    return { source: 'netstat', netid: false, state: true };
  }
  if (SS_STATE.test(first)) return { source: 'ss', netid: false, state: true };
  if (/^\d+:\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\s/.test(raw.trim())) return { source: 'proc', netid: false, state: true };
  return undefined;
}

/** `127.0.0.1:8080`, `[::1]:8443`, `*:22`, `0.0.0.0:*`, `[::ffff:1.2.3.4]:80`, `10.0.0.1%eth0:68`. */
function splitEndpoint(text: string): { address: string; port: number | undefined } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  let address = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (portText === '*') return { address, port: undefined };
  if (!/^\d+$/.test(portText)) return undefined;
  return { address, port: +portText };
}

function ssRow(raw: string, line: number, netid: boolean, hasState: boolean): SocketRow | 'skip' | undefined {
  const fields = raw.trim().split(/\s+/);
  let i = 0;
  if (netid) {
    if (!/^tcp/.test(fields[0])) return 'skip'; // udp, u_str, ... in `ss -an`
    i++;
  }
  let printedState = '';
  let state: State | undefined;
  if (hasState) {
    printedState = fields[i++] ?? '';
    if (!SS_STATE.test(printedState)) return undefined;
    state = printedState === 'NEW-SYN-RECV' ? 'SYN_RECEIVED' : lookupState(printedState)?.state;
  }
  const [recvQ, sendQ, local, peer] = fields.slice(i, i + 4);
  if (!/^\d+$/.test(recvQ ?? '') || !/^\d+$/.test(sendQ ?? '')) return undefined;
  const l = splitEndpoint(local ?? '');
  const p = splitEndpoint(peer ?? '');
  if (!l || l.port === undefined || !p) return undefined;
  const rest = fields.slice(i + 4).join(' ');
  const processes: SocketProcess[] = [];
  const users = /users:\(\((.*?)\)\)/.exec(rest);
  if (users) {
    for (const m of users[1].matchAll(/"([^"]*)",pid=(\d+)/g)) processes.push({ name: m[1], pid: +m[2] });
  }
  const t = /timer:\((\w+),([^,]*),(\d+)\)/.exec(rest);
  const timer = t ? { name: t[1], seconds: ssDuration(t[2]) ?? NaN, count: +t[3] } : undefined;
  return {
    line, source: 'ss', state, printedState,
    localAddress: l.address, localPort: l.port, peerAddress: p.address, peerPort: p.port,
    recvQ: +recvQ, sendQ: +sendQ,
    ...(timer && Number.isFinite(timer.seconds) ? { timer } : {}),
    processes,
    held: undefined, // set per table once it is known whether ss ran with -p
  };
}

/** ss's timer text: `58sec`, `536ms`, `1.864ms` (1.864 s), `9min58sec`, `12min`. */
export function ssDuration(text: string): number | undefined {
  const m = /^(?:(\d+)min)?(?:(\d+)(sec|\.))?(?:(\d+)ms)?$/.exec(text);
  if (!m || text === '') return undefined;
  const minutes = +(m[1] ?? 0);
  const seconds = +(m[2] ?? 0);
  if (m[3] === '.' && m[4] === undefined) return undefined;
  const millis = +(m[4] ?? 0);
  return Math.round((minutes * 60 + seconds + millis / 1000) * 1000) / 1000;
}

function netstatRow(raw: string, line: number): SocketRow | 'skip' | undefined {
  const fields = raw.trim().split(/\s+/);
  if (!/^tcp6?$/.test(fields[0])) return /^(udp|raw|unix)/.test(fields[0]) ? 'skip' : undefined;
  const [, recvQ, sendQ, local, peer, printedState, ...rest] = fields;
  if (!/^\d+$/.test(recvQ ?? '') || !/^\d+$/.test(sendQ ?? '')) return undefined;
  const l = splitEndpoint(local ?? '');
  const p = splitEndpoint(peer ?? '');
  const state = lookupState(printedState ?? '')?.state;
  if (!l || l.port === undefined || !p || state === undefined) return undefined;
  const tail = rest.join(' ');
  const processes: SocketProcess[] = [];
  const program = /(?:^|\s)(\d+)\/(\S+)/.exec(tail);
  if (program) processes.push({ name: program[2], pid: +program[1] });
  const held = program !== null ? true : /(?:^|\s)-(\s|$)/.test(tail) ? false : undefined;
  const t = /(on|off|keepalive|timewait|probe)\s+\(([\d.]+)\/(\d+)\/(\d+)\)/.exec(tail);
  const timer = t && t[1] !== 'off'
    ? { name: t[1] === 'probe' ? 'persist' : t[1], seconds: Number(t[2]), count: +t[3] }
    : undefined;
  return {
    line, source: 'netstat', state, printedState: printedState!,
    localAddress: l.address, localPort: l.port, peerAddress: p.address, peerPort: p.port,
    recvQ: +recvQ, sendQ: +sendQ, ...(timer ? { timer } : {}), processes, held,
  };
}

function procRow(raw: string, line: number): SocketRow | undefined {
  const f = raw.trim().split(/\s+/);
  // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
  if (f.length < 10 || !/^\d+:$/.test(f[0])) return undefined;
  const local = procEndpoint(f[1]);
  const peer = procEndpoint(f[2]);
  const st = parseInt(f[3], 16);
  const queues = /^([0-9A-Fa-f]+):([0-9A-Fa-f]+)$/.exec(f[4]);
  const timer = /^([0-9A-Fa-f]+):([0-9A-Fa-f]+)$/.exec(f[5]);
  const state = PROC_STATES[st];
  if (!local || !peer || !queues || !timer || state === undefined) return undefined;
  const timerName = PROC_TIMERS[parseInt(timer[1], 16)];
  const inode = Number(f[9]);
  return {
    line, source: 'proc', state, printedState: f[3],
    localAddress: local.address, localPort: local.port,
    peerAddress: peer.address, peerPort: state === 'LISTEN' ? undefined : peer.port,
    recvQ: parseInt(queues[2], 16), sendQ: parseInt(queues[1], 16),
    ...(timerName ? { timer: { name: timerName, seconds: parseInt(timer[2], 16) / USER_HZ, count: parseInt(f[6], 16) } } : {}),
    // inode 0: no file refers to the socket (closed by its process, or a request/timewait socket)
    processes: [],
    held: inode !== 0,
  };
}

/** `0100007F:1F90` (IPv4, one little-endian word) or 32 hex digits (IPv6, four words) + port. */
function procEndpoint(text: string): { address: string; port: number } | undefined {
  const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(text);
  if (!m) return undefined;
  const hex = m[1];
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) bytes.push(parseInt(word.slice(b, b + 2), 16));
  }
  const port = parseInt(m[2], 16);
  if (bytes.length === 4) return { address: bytes.join('.'), port };
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i] << 8) | bytes[i + 1]);
  return { address: formatIpv6(words), port };
}
