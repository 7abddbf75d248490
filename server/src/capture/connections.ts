// Packets → TCP connections: one per 4-tuple (addresses and ports, whichever direction), in the
// order of each connection's first packet, each keeping its packets in capture order.

import type { TcpPacket } from './packet';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface TcpConnection {
  /** The same for both directions: `A.pa B.pb` with the smaller endpoint first. */
  readonly key: string;
  /** The sender of the connection's first captured packet. */
  readonly first: Endpoint;
  /** The other endpoint. */
  readonly second: Endpoint;
  readonly packets: TcpPacket[];
}

export function endpointText(e: Endpoint): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** The direction-independent key of a packet's 4-tuple. */
export function connectionKey(p: TcpPacket): string {
  const a = `${p.src}.${p.srcPort}`;
  const b = `${p.dst}.${p.dstPort}`;
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** Groups packets as they come (streaming: call add for each, read `connections` at any time). */
export class ConnectionGrouper {
  private readonly byKey = new Map<string, TcpConnection>();
  readonly connections: TcpConnection[] = [];

  add(p: TcpPacket): TcpConnection {
    const key = connectionKey(p);
    let c = this.byKey.get(key);
    if (c === undefined) {
      c = { key, first: { address: p.src, port: p.srcPort }, second: { address: p.dst, port: p.dstPort }, packets: [] };
      this.byKey.set(key, c);
      this.connections.push(c);
    }
    c.packets.push(p);
    return c;
  }
}

export function groupConnections(packets: Iterable<TcpPacket>): TcpConnection[] {
  const grouper = new ConnectionGrouper();
  for (const p of packets) grouper.add(p);
  return grouper.connections;
}
