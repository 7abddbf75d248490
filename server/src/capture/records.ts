// Cutting a byte stream into self-delimiting records (pcap records, pcapng blocks) whatever the
// chunk boundaries: a record inside one chunk is decoded in place, one that straddles chunks is
// assembled in a small carry buffer. The input is never held whole.

import { CaptureError, type CaptureWarning, type TcpPacket } from './packet';

/** Where a decoder delivers what it reads. */
export interface CaptureSink {
  packet(packet: TcpPacket): void;
  warning(warning: CaptureWarning): void;
}

export abstract class RecordStream {
  /** Absolute byte offset of the record being framed (the next one to decode). */
  protected offset = 0;
  private carry = new Uint8Array(256);
  private carryLength = 0;

  /**
   * How many bytes the record at `bytes[at]` takes, knowing `available` bytes are there: while its
   * header is incomplete, the header's size; then the record's full length (at least 1). Throws a
   * CaptureError when the header gives an impossible length.
   */
  protected abstract recordLength(bytes: Uint8Array, at: number, available: number): number;

  /** Decodes the complete record `bytes[at, at + length)`. */
  protected abstract record(bytes: Uint8Array, at: number, length: number): void;

  /** The error for input that ends `available` bytes into a record that needs `needed`. */
  protected abstract truncated(available: number, needed: number): CaptureError;

  push(chunk: Uint8Array): void {
    let pos = 0;
    while (this.carryLength > 0) {
      const needed = this.lengthOf(this.carry, 0, this.carryLength);
      if (this.carryLength >= needed) {
        this.carryLength = 0;
        this.deliver(this.carry, 0, needed);
        break;
      }
      const take = Math.min(needed - this.carryLength, chunk.length - pos);
      if (take === 0) return;
      this.append(chunk, pos, take);
      pos += take;
    }
    for (;;) {
      const available = chunk.length - pos;
      if (available === 0) return;
      const needed = this.lengthOf(chunk, pos, available);
      if (available < needed) break;
      this.deliver(chunk, pos, needed);
      pos += needed;
    }
    this.append(chunk, pos, chunk.length - pos);
  }

  /** End of input: an incomplete record is an error. */
  end(): void {
    if (this.carryLength > 0) throw this.truncated(this.carryLength, this.lengthOf(this.carry, 0, this.carryLength));
  }

  private lengthOf(bytes: Uint8Array, at: number, available: number): number {
    const needed = this.recordLength(bytes, at, available);
    if (!(needed >= 1)) throw new CaptureError('internal', `record length ${needed} at offset ${this.offset}`, this.offset);
    return needed;
  }

  private deliver(bytes: Uint8Array, at: number, length: number): void {
    this.record(bytes, at, length);
    this.offset += length;
  }

  private append(bytes: Uint8Array, from: number, count: number): void {
    if (this.carryLength + count > this.carry.length) {
      const grown = new Uint8Array(Math.max(this.carry.length * 2, this.carryLength + count));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(bytes.subarray(from, from + count), this.carryLength);
    this.carryLength += count;
  }
}

/** Readers of unsigned integers in either byte order. */
export function u16le(b: Uint8Array, o: number): number { return b[o] | (b[o + 1] << 8); }
export function u16be(b: Uint8Array, o: number): number { return (b[o] << 8) | b[o + 1]; }
export function u32le(b: Uint8Array, o: number): number { return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0; }
export function u32be(b: Uint8Array, o: number): number { return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0; }

/** The largest record we accept; a bigger length means the framing is damaged. */
export const MAX_RECORD = 64 * 1024 * 1024;
/** What libpcap allows as a packet size, when a file's own snap length is smaller. */
export const MAX_SNAPLEN = 262_144;
