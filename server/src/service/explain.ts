// `tcpfsm explain`: a socket table (ss, netstat, /proc/net/tcp) → per state how many sockets, on
// which ports, held by which processes, with which timers, what the state means, which side
// closed and what to do. The words come from tcp/docs.ts (the hover's summary and the socket
// advice), so the report and the editor never disagree.

import { parseSocketTable, type SocketRow, type SocketTableSource } from '../capture/socketTable';
import { SOCKET_STATE_ADVICE, STATE_DOCS } from '../tcp/docs';
import { type State, STATES } from '../tcp/machine';

export interface PortCount {
  readonly port: number;
  readonly count: number;
}

export interface TimerSummary {
  /** ss's name: on, keepalive, timewait, persist. */
  readonly name: string;
  readonly count: number;
  /** Time left, seconds. */
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** Most retransmissions / probes sent by one socket. */
  readonly maxCount: number;
}

export interface ProcessCount {
  readonly name: string;
  readonly pid: number;
  readonly count: number;
}

export interface StateSummary {
  readonly state: State;
  /** The state's names as the tool printed them (ESTAB, ESTABLISHED, 01, ...). */
  readonly printed: readonly string[];
  readonly count: number;
  readonly localPorts: readonly PortCount[];
  readonly peerPorts: readonly PortCount[];
  readonly meaning: string;
  readonly closed: string | null;
  readonly advice: string;
  readonly attention: boolean;
  readonly timers: readonly TimerSummary[];
  readonly processes: readonly ProcessCount[];
  /** Sockets no process holds any more (closed by it, or request / timewait sockets); null when the output does not say. */
  readonly withoutProcess: number | null;
}

export interface ExplainReport {
  readonly sources: readonly SocketTableSource[];
  readonly sockets: number;
  readonly states: readonly StateSummary[];
  /** Rows without a state column (`ss ... state X`). */
  readonly withoutState: number;
  /** Lines that looked like rows but could not be read. */
  readonly unreadLines: readonly number[];
}

/** The states in the order a connection lives through them; CLOSED last. */
const ORDER: readonly State[] = [...STATES.filter((s) => s !== 'CLOSED'), 'CLOSED'];

/** The report, or why the text is not a socket table. */
export function explainSocketTable(text: string): ExplainReport | { error: string } {
  const table = parseSocketTable(text);
  if (table.sources.length === 0 || (table.rows.length === 0 && table.unreadLines.length > 0)) {
    return { error: 'not the output of `ss -tan`, `netstat -tan` or /proc/net/tcp (no header or socket line recognised)' };
  }
  const byState = new Map<State, SocketRow[]>();
  let withoutState = 0;
  for (const row of table.rows) {
    if (row.state === undefined) {
      withoutState++;
      continue;
    }
    const list = byState.get(row.state) ?? [];
    list.push(row);
    byState.set(row.state, list);
  }
  const states = ORDER.filter((s) => byState.has(s)).map((s) => summarize(s, byState.get(s)!));
  return { sources: table.sources, sockets: table.rows.length, states, withoutState, unreadLines: table.unreadLines };
}

function summarize(state: State, rows: readonly SocketRow[]): StateSummary {
  const advice = SOCKET_STATE_ADVICE[state];
  const timers = new Map<string, { count: number; min: number; max: number; maxCount: number }>();
  for (const r of rows) {
    if (!r.timer) continue;
    const t = timers.get(r.timer.name) ?? { count: 0, min: Infinity, max: -Infinity, maxCount: 0 };
    t.count++;
    t.min = Math.min(t.min, r.timer.seconds);
    t.max = Math.max(t.max, r.timer.seconds);
    t.maxCount = Math.max(t.maxCount, r.timer.count);
    timers.set(r.timer.name, t);
  }
  const processes = new Map<string, ProcessCount>();
  for (const r of rows) {
    for (const p of r.processes) {
      const key = `${p.name}\u0000${p.pid}`;
      const known = processes.get(key);
      processes.set(key, { name: p.name, pid: p.pid, count: (known?.count ?? 0) + 1 });
    }
  }
  const heldKnown = rows.filter((r) => r.held !== undefined);
  return {
    state,
    printed: [...new Set(rows.map((r) => r.printedState))],
    count: rows.length,
    localPorts: countPorts(rows.map((r) => r.localPort)),
    peerPorts: countPorts(rows.flatMap((r) => (r.peerPort === undefined ? [] : [r.peerPort]))),
    meaning: STATE_DOCS[state].summary,
    closed: advice.closed ?? null,
    advice: advice.advice,
    attention: advice.attention,
    timers: [...timers].map(([name, t]) => ({ name, count: t.count, minSeconds: t.min, maxSeconds: t.max, maxCount: t.maxCount })),
    processes: [...processes.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name) || a.pid - b.pid),
    withoutProcess: heldKnown.length === 0 ? null : heldKnown.filter((r) => r.held === false).length,
  };
}

/** Ports with their counts, most sockets first, then by port. */
function countPorts(ports: readonly number[]): PortCount[] {
  const counts = new Map<number, number>();
  for (const p of ports) counts.set(p, (counts.get(p) ?? 0) + 1);
  return [...counts].map(([port, count]) => ({ port, count })).sort((a, b) => b.count - a.count || a.port - b.port);
}

// ---------------------------------------------------------------------------------------------
// text

const PORTS_SHOWN = 8;

const TIMER_NAMES: Readonly<Record<string, string>> = {
  on: 'retransmission', keepalive: 'keep-alive', timewait: 'TIME_WAIT', persist: 'zero-window probe',
};

function portsText(ports: readonly PortCount[]): string {
  const shown = ports.slice(0, PORTS_SHOWN).map((p) => (p.count > 1 ? `${p.port} (${p.count})` : String(p.port)));
  const more = ports.length - PORTS_SHOWN;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function seconds(s: number): string {
  return s >= 10 ? `${Math.round(s)}` : `${Math.round(s * 10) / 10}`;
}

function timerText(t: TimerSummary, state: State): string {
  // In FIN_WAIT_2 the timewait timer of an orphaned socket is tcp_fin_timeout.
  const name = t.name === 'timewait' && state === 'FIN_WAIT_2' ? 'FIN_WAIT_2 (tcp_fin_timeout)' : TIMER_NAMES[t.name] ?? t.name;
  const left = t.minSeconds === t.maxSeconds ? seconds(t.minSeconds) : `${seconds(t.minSeconds)}–${seconds(t.maxSeconds)}`;
  const sent = t.maxCount > 0 && t.name !== 'timewait' ? `, up to ${t.maxCount} ${t.name === 'on' ? 'retransmission(s)' : 'probe(s)'} sent` : '';
  return `${name} timer on ${t.count} socket(s): ${left} s left${sent}`;
}

function heading(s: StateSummary): string {
  const other = s.printed.filter((p) => p !== s.state);
  return `${s.state}${other.length > 0 ? ` (${other.join(', ')})` : ''}: ${s.count} socket${s.count === 1 ? '' : 's'}`;
}

export function explainText(report: ExplainReport): string {
  const lines: string[] = [];
  const tools = report.sources.map((s) => (s === 'proc' ? '/proc/net/tcp' : s)).join(' and ');
  lines.push(`${report.sockets} TCP socket${report.sockets === 1 ? '' : 's'} (read from ${tools} output)`);
  const look = report.states.filter((s) => s.attention);
  if (look.length > 0) lines.push(`Look first at: ${look.map((s) => `${s.state} ${s.count}`).join(', ')}`);
  if (report.withoutState > 0) {
    lines.push(`${report.withoutState} socket(s) without a State column (ss with a state filter): not counted by state`);
  }
  if (report.unreadLines.length > 0) lines.push(`Lines not understood: ${report.unreadLines.join(', ')}`);
  for (const s of report.states) {
    lines.push('', heading(s));
    lines.push(`  local ports: ${portsText(s.localPorts)}`);
    if (s.peerPorts.length > 0) lines.push(`  peer ports: ${portsText(s.peerPorts)}`);
    lines.push(`  meaning: ${s.meaning}`);
    if (s.closed) lines.push(`  closed by: ${s.closed}`);
    lines.push(`  what to do: ${s.advice}`);
    for (const t of s.timers) lines.push(`  ${timerText(t, s.state)}`);
    if (s.processes.length > 0) {
      lines.push(`  processes: ${s.processes.map((p) => `${p.name} (pid ${p.pid}) ${p.count}`).join(', ')}`);
    }
    if (s.withoutProcess) lines.push(`  held by no process (closed by it, or kernel-only sockets): ${s.withoutProcess}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report as the JSON of `tcpfsm explain --format json`. */
export function explainJson(report: ExplainReport): object {
  return {
    sources: report.sources,
    sockets: report.sockets,
    states: report.states,
    withoutState: report.withoutState,
    unreadLines: report.unreadLines,
  };
}
