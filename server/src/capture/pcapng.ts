// The pcapng format: a sequence of blocks (type, total length, body, total length again). A
// section header block starts each section and sets its byte order; interface description blocks
// give each interface its link type, snap length and timestamp resolution (if_tsresol) and
// offset (if_tsoffset); enhanced, simple and (obsolete) packet blocks carry the packets. Every
// other block type is skipped.

import { decodeFrame, type FrameContext, LINK_TYPES, unknownLinkTypeMessage } from './frame';
import { CaptureError } from './packet';
import { type CaptureSink, MAX_RECORD, RecordStream, u16be, u16le, u32be, u32le } from './records';

export const PCAPNG_MAGIC = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BLOCK_SHB = 0x0a0d0d0a;
const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

export function isPcapng(b: Uint8Array): boolean {
  return b.length >= 4 && u32le(b, 0) === PCAPNG_MAGIC;
}

interface Interface {
  readonly linkType: number;
  readonly snaplen: number;
  /** Timestamp units per second: 10^n or 2^n. */
  readonly unitsPerSecond: number;
  readonly offsetSeconds: number;
}

export class PcapngDecoder extends RecordStream {
  private littleEndian = true;
  private inSection = false;
  private interfaces: Interface[] = [];
  private lastSeconds = 0;
  private lastNanoseconds = 0;
  private readonly ctx: FrameContext;

  constructor(private readonly sink: CaptureSink) {
    super();
    this.ctx = { frame: 0, offset: 0, seconds: 0, nanoseconds: 0, warn: (w) => sink.warning(w) };
  }

  private u32(b: Uint8Array, o: number): number { return this.littleEndian ? u32le(b, o) : u32be(b, o); }
  private u16(b: Uint8Array, o: number): number { return this.littleEndian ? u16le(b, o) : u16be(b, o); }

  protected recordLength(b: Uint8Array, at: number, available: number): number {
    if (available < 12) return 12; // type, length and (for a section header) the byte-order magic
    const type = u32le(b, at);
    if (type === BLOCK_SHB) {
      const bom = u32le(b, at + 8);
      if (bom === BYTE_ORDER_MAGIC) this.littleEndian = true;
      else if (u32be(b, at + 8) === BYTE_ORDER_MAGIC) this.littleEndian = false;
      else throw this.bad(`section header block with a bad byte-order magic 0x${bom.toString(16).padStart(8, '0')}`);
    } else if (!this.inSection) {
      throw new CaptureError('not-a-capture', 'not a pcapng file: it does not start with a section header block', this.offset);
    }
    const length = this.u32(b, at + 4);
    if (length < 12 || length % 4 !== 0 || length > MAX_RECORD) {
      throw this.bad(`block of type 0x${this.u32(b, at).toString(16)} says it is ${length} bytes long ` +
        '(a block is a multiple of 4 bytes, at least 12)');
    }
    return length;
  }

  private bad(why: string): CaptureError {
    return new CaptureError('bad-record', `block at offset ${this.offset}: ${why}: the file is damaged`, this.offset);
  }

  protected record(b: Uint8Array, at: number, length: number): void {
    const type = this.u32(b, at);
    if (this.u32(b, at + length - 4) !== length) {
      throw this.bad(`the length at its end (${this.u32(b, at + length - 4)}) differs from the one at its start (${length})`);
    }
    const body = at + 8;
    const bodyLength = length - 12;
    switch (type) {
      case BLOCK_SHB: return this.sectionHeader(b, body, bodyLength);
      case BLOCK_IDB: return this.interfaceDescription(b, body, bodyLength);
      case BLOCK_EPB: return this.enhancedPacket(b, body, bodyLength);
      case BLOCK_SPB: return this.simplePacket(b, body, bodyLength);
      case BLOCK_OPB: return this.obsoletePacket(b, body, bodyLength);
      default: return; // name resolution, statistics, secrets, custom, ...: not needed
    }
  }

  private sectionHeader(b: Uint8Array, body: number, bodyLength: number): void {
    if (bodyLength < 16) throw this.bad(`section header block body of ${bodyLength} bytes (at least 16)`);
    const major = this.u16(b, body + 4);
    if (major !== 1) throw this.bad(`pcapng version ${major}.${this.u16(b, body + 6)} is not 1.x`);
    this.inSection = true;
    this.interfaces = [];
  }

  private interfaceDescription(b: Uint8Array, body: number, bodyLength: number): void {
    if (bodyLength < 8) throw this.bad(`interface description block body of ${bodyLength} bytes (at least 8)`);
    let unitsPerSecond = 1e6;
    let offsetSeconds = 0;
    this.options(b, body + 8, body + bodyLength, (code, at, length) => {
      if (code === OPT_IF_TSRESOL && length >= 1) {
        const value = b[at];
        const exponent = value & 0x7f;
        unitsPerSecond = value & 0x80 ? 2 ** exponent : 10 ** exponent;
      } else if (code === OPT_IF_TSOFFSET && length >= 8) {
        const low = this.u32(b, at + (this.littleEndian ? 0 : 4));
        const high = this.u32(b, at + (this.littleEndian ? 4 : 0)) | 0; // signed
        offsetSeconds = high * 2 ** 32 + low;
      }
    });
    this.interfaces.push({ linkType: this.u16(b, body), snaplen: this.u32(b, body + 4), unitsPerSecond, offsetSeconds });
  }

  /** Calls `each` for every option in [from, to) until opt_endofopt; a damaged list just ends. */
  private options(b: Uint8Array, from: number, to: number, each: (code: number, at: number, length: number) => void): void {
    let at = from;
    while (at + 4 <= to) {
      const code = this.u16(b, at);
      const length = this.u16(b, at + 2);
      if (code === OPT_END || at + 4 + length > to) return;
      each(code, at + 4, length);
      at += 4 + ((length + 3) & ~3);
    }
  }

  private interfaceOf(id: number): Interface {
    const found = this.interfaces[id];
    if (found === undefined) {
      throw this.bad(`packet block for interface ${id}, but the section describes ${this.interfaces.length} interface(s)`);
    }
    if (!LINK_TYPES.has(found.linkType)) {
      throw new CaptureError('unknown-link-type',
        `frame ${this.ctx.frame + 1} (offset ${this.offset}) is on interface ${id}, whose ${unknownLinkTypeMessage(found.linkType)}`,
        this.offset, this.ctx.frame + 1);
    }
    return found;
  }

  private enhancedPacket(b: Uint8Array, body: number, bodyLength: number): void {
    if (bodyLength < 20) throw this.bad(`enhanced packet block body of ${bodyLength} bytes (at least 20)`);
    const iface = this.interfaceOf(this.u32(b, body));
    const captured = this.u32(b, body + 12);
    if (captured > bodyLength - 20) throw this.bad(`enhanced packet block says it holds ${captured} bytes but has room for ${bodyLength - 20}`);
    this.setTime(iface, this.u32(b, body + 4), this.u32(b, body + 8));
    this.packet(iface, b, body + 20, captured, this.u32(b, body + 16));
  }

  private obsoletePacket(b: Uint8Array, body: number, bodyLength: number): void {
    if (bodyLength < 20) throw this.bad(`packet block body of ${bodyLength} bytes (at least 20)`);
    const iface = this.interfaceOf(this.u16(b, body));
    const captured = this.u32(b, body + 12);
    if (captured > bodyLength - 20) throw this.bad(`packet block says it holds ${captured} bytes but has room for ${bodyLength - 20}`);
    this.setTime(iface, this.u32(b, body + 4), this.u32(b, body + 8));
    this.packet(iface, b, body + 20, captured, this.u32(b, body + 16));
  }

  /** A simple packet block has no interface id (always 0) and no time: it keeps the previous packet's. */
  private simplePacket(b: Uint8Array, body: number, bodyLength: number): void {
    if (bodyLength < 4) throw this.bad(`simple packet block body of ${bodyLength} bytes (at least 4)`);
    const iface = this.interfaceOf(0);
    const original = this.u32(b, body);
    let captured = Math.min(original, bodyLength - 4);
    if (iface.snaplen !== 0) captured = Math.min(captured, iface.snaplen);
    this.ctx.seconds = this.lastSeconds;
    this.ctx.nanoseconds = this.lastNanoseconds;
    this.packet(iface, b, body + 4, captured, original);
  }

  private setTime(iface: Interface, high: number, low: number): void {
    const [seconds, nanoseconds] = splitTimestamp(high, low, iface.unitsPerSecond);
    this.lastSeconds = this.ctx.seconds = seconds + iface.offsetSeconds;
    this.lastNanoseconds = this.ctx.nanoseconds = nanoseconds;
  }

  private packet(iface: Interface, b: Uint8Array, at: number, captured: number, original: number): void {
    const ctx = this.ctx;
    ctx.frame++;
    ctx.offset = this.offset;
    const packet = decodeFrame(iface.linkType, b, at, captured, Math.max(original, captured), ctx);
    if (packet) this.sink.packet(packet);
  }

  protected truncated(available: number, needed: number): CaptureError {
    const what = available < 12 && needed === 12 ? `a block header (${available} of 12 bytes)` : `a block (${available} of its ${needed} bytes)`;
    return new CaptureError('truncated', `the file ends inside ${what}, at offset ${this.offset}: it was cut short`, this.offset);
  }
}

/** A 64-bit timestamp of `unitsPerSecond` resolution → [seconds, nanoseconds], exactly (sub-
 *  nanosecond units truncated). Plain numbers when they are exact, BigInt otherwise. */
export function splitTimestamp(high: number, low: number, unitsPerSecond: number): [number, number] {
  const units = high * 2 ** 32 + low;
  if (units <= Number.MAX_SAFE_INTEGER && unitsPerSecond <= Number.MAX_SAFE_INTEGER) {
    let seconds = Math.floor(units / unitsPerSecond);
    let rest = units - seconds * unitsPerSecond;
    if (rest < 0) { seconds--; rest += unitsPerSecond; } else if (rest >= unitsPerSecond) { seconds++; rest -= unitsPerSecond; }
    if (1e9 % unitsPerSecond === 0) return [seconds, rest * (1e9 / unitsPerSecond)];
    if (rest * 1e9 <= Number.MAX_SAFE_INTEGER) return [seconds, Math.floor((rest * 1e9) / unitsPerSecond)];
  }
  const big = (BigInt(high) << 32n) | BigInt(low);
  const perSecond = BigInt(unitsPerSecond);
  return [Number(big / perSecond), Number(((big % perSecond) * 1_000_000_000n) / perSecond)];
}
