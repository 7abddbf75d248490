// The classic pcap format: a 24-byte file header (magic, version, snap length, link type) and
// records of a 16-byte header (seconds, micro- or nanoseconds, captured and original length) plus
// the packet. Both byte orders; microsecond (a1b2c3d4) and nanosecond (a1b23c4d) magics, and the
// Kuznetsov variant (a1b2cd34) whose record headers carry 8 more bytes.

import { decodeFrame, type FrameContext, LINK_TYPES, unknownLinkTypeMessage } from './frame';
import { CaptureError } from './packet';
import { type CaptureSink, MAX_RECORD, MAX_SNAPLEN, RecordStream, u16be, u16le, u32be, u32le } from './records';

const FILE_HEADER = 24;

/** What the first four bytes say, or undefined when they are not a pcap magic. */
export function pcapMagic(b: Uint8Array): { littleEndian: boolean; nano: boolean; recordHeader: number } | undefined {
  if (b.length < 4) return undefined;
  const le = u32le(b, 0);
  const be = u32be(b, 0);
  for (const [value, littleEndian] of [[le, true], [be, false]] as const) {
    if (value === 0xa1b2c3d4) return { littleEndian, nano: false, recordHeader: 16 };
    if (value === 0xa1b23c4d) return { littleEndian, nano: true, recordHeader: 16 };
    if (value === 0xa1b2cd34) return { littleEndian, nano: false, recordHeader: 24 };
  }
  return undefined;
}

export class PcapDecoder extends RecordStream {
  private headerRead = false;
  private littleEndian = true;
  private nano = false;
  private recordHeader = 16;
  private linkType = 0;
  private maxRecord = MAX_SNAPLEN;
  private readonly ctx: FrameContext;

  constructor(private readonly sink: CaptureSink) {
    super();
    this.ctx = { frame: 0, offset: 0, seconds: 0, nanoseconds: 0, warn: (w) => sink.warning(w) };
  }

  private u32(b: Uint8Array, o: number): number { return this.littleEndian ? u32le(b, o) : u32be(b, o); }

  protected recordLength(b: Uint8Array, at: number, available: number): number {
    if (!this.headerRead) return FILE_HEADER;
    if (available < this.recordHeader) return this.recordHeader;
    const captured = this.u32(b, at + 8);
    if (captured > this.maxRecord) {
      throw new CaptureError('bad-record',
        `record ${this.ctx.frame + 1} at offset ${this.offset} says it holds ${captured} bytes, more than the ` +
        `snap length allows (${this.maxRecord}): the file is damaged`, this.offset, this.ctx.frame + 1);
    }
    return this.recordHeader + captured;
  }

  protected record(b: Uint8Array, at: number, length: number): void {
    if (!this.headerRead) {
      this.fileHeader(b, at);
      return;
    }
    const ctx = this.ctx;
    ctx.frame++;
    ctx.offset = this.offset;
    const fraction = this.u32(b, at + 4);
    const nanoseconds = this.nano ? fraction : fraction * 1000;
    ctx.seconds = this.u32(b, at) + Math.floor(nanoseconds / 1e9);
    ctx.nanoseconds = nanoseconds % 1e9;
    const captured = length - this.recordHeader;
    const original = Math.max(this.u32(b, at + 12), captured);
    const packet = decodeFrame(this.linkType, b, at + this.recordHeader, captured, original, ctx);
    if (packet) this.sink.packet(packet);
  }

  private fileHeader(b: Uint8Array, at: number): void {
    const magic = pcapMagic(b.subarray(at, at + 4));
    if (!magic) throw new CaptureError('not-a-capture', 'not a pcap file: bad magic number', 0);
    this.littleEndian = magic.littleEndian;
    this.nano = magic.nano;
    this.recordHeader = magic.recordHeader;
    const major = this.littleEndian ? u16le(b, at + 4) : u16be(b, at + 4);
    const minor = this.littleEndian ? u16le(b, at + 6) : u16be(b, at + 6);
    if (major !== 2) {
      throw new CaptureError('bad-record', `pcap version ${major}.${minor} is not 2.x: the file header is damaged`, 4);
    }
    const snaplen = this.u32(b, at + 16);
    this.maxRecord = Math.min(MAX_RECORD, Math.max(snaplen, MAX_SNAPLEN));
    // The low 16 bits are the link type; the high bits may carry FCS information.
    this.linkType = this.u32(b, at + 20) & 0xffff;
    if (!LINK_TYPES.has(this.linkType)) {
      throw new CaptureError('unknown-link-type', `pcap file header: ${unknownLinkTypeMessage(this.linkType)}`, 20);
    }
    this.headerRead = true;
  }

  protected truncated(available: number, needed: number): CaptureError {
    if (!this.headerRead) {
      return new CaptureError('truncated', `the file ends inside the pcap file header (${available} of ${FILE_HEADER} bytes)`, 0);
    }
    const frame = this.ctx.frame + 1;
    const what = needed === this.recordHeader && available < this.recordHeader
      ? `the header of record ${frame} (${available} of ${this.recordHeader} bytes)`
      : `record ${frame} (${available} of its ${needed} bytes)`;
    return new CaptureError('truncated', `the file ends inside ${what}, at offset ${this.offset}: it was cut short`, this.offset, frame);
  }
}
