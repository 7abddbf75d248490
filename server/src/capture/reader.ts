// One entry point for every capture format: feed bytes in chunks of any size, get packets back.
// The format is recognised from the first bytes (pcap magic, pcapng section header, else text
// that must turn out to be `tcpdump -nn` output). Reading never throws: damage ends the read
// with a CaptureError in `error`, and the packets before it are kept.

import { PcapDecoder, pcapMagic } from './pcap';
import { isPcapng, PcapngDecoder } from './pcapng';
import { CaptureError, type CaptureFormat, type CaptureWarning, type TcpPacket } from './packet';
import type { CaptureSink } from './records';
import { TcpdumpTextDecoder, type TextOptions } from './tcpdumpText';

export interface ReadOptions extends TextOptions {
  /** Warnings kept at most (the rest are only counted); default 1,000. */
  readonly maxWarnings?: number;
}

/** What one push (or the end) produced. */
export interface CaptureBatch {
  readonly packets: TcpPacket[];
  readonly warnings: CaptureWarning[];
}

interface Decoder {
  push(chunk: Uint8Array): void;
  end(): void;
}

/** Bytes looked at to tell text from binary junk. */
const SNIFF = 4096;

export class CaptureReader {
  private decoder: Decoder | undefined;
  private head = new Uint8Array(0);
  private batch: CaptureBatch = { packets: [], warnings: [] };
  private warningCount = 0;
  private readonly maxWarnings: number;
  private readonly sink: CaptureSink;
  private failed: CaptureError | undefined;
  private finished = false;
  /** The format, once the first bytes have shown it. */
  format: CaptureFormat | undefined;
  /** Bytes pushed so far. */
  bytesRead = 0;
  /** TCP packets delivered so far. */
  packetCount = 0;

  constructor(private readonly options: ReadOptions = {}) {
    this.maxWarnings = options.maxWarnings ?? 1000;
    this.sink = {
      packet: (p) => {
        this.packetCount++;
        this.batch.packets.push(p);
      },
      warning: (w) => {
        this.warningCount++;
        if (this.warningCount <= this.maxWarnings) this.batch.warnings.push(w);
      },
    };
  }

  /** Why reading stopped early, if it did. */
  get error(): CaptureError | undefined {
    return this.failed;
  }

  /** Warnings beyond `maxWarnings` that were counted but not kept. */
  get suppressedWarnings(): number {
    return Math.max(0, this.warningCount - this.maxWarnings);
  }

  push(chunk: Uint8Array): CaptureBatch {
    if (this.failed || this.finished || chunk.length === 0) return this.take();
    this.bytesRead += chunk.length;
    this.guarded(() => {
      if (this.decoder) {
        this.decoder.push(chunk);
        return;
      }
      // Recognise the format from the first bytes, however the input is chunked.
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head);
      joined.set(chunk, this.head.length);
      if (joined.length < 4) {
        this.head = joined;
        return;
      }
      this.head = new Uint8Array(0);
      this.start(joined);
    });
    return this.take();
  }

  end(): CaptureBatch {
    if (this.failed || this.finished) return this.take();
    this.finished = true;
    this.guarded(() => {
      if (!this.decoder) {
        if (this.bytesRead === 0) throw new CaptureError('not-a-capture', 'the file is empty: not a pcap, pcapng or tcpdump text file');
        this.start(this.head);
      }
      this.decoder!.end();
    });
    return this.take();
  }

  private start(first: Uint8Array): void {
    if (pcapMagic(first)) {
      this.format = 'pcap';
      this.decoder = new PcapDecoder(this.sink);
    } else if (isPcapng(first)) {
      this.format = 'pcapng';
      this.decoder = new PcapngDecoder(this.sink);
    } else if (looksLikeText(first.subarray(0, SNIFF))) {
      this.format = 'tcpdump-text';
      this.decoder = new TcpdumpTextDecoder(this.sink, this.options);
    } else {
      const hex = [...first.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new CaptureError('not-a-capture', `not a pcap, pcapng or tcpdump text file: it starts with the bytes ${hex} (bad magic number)`, 0);
    }
    this.decoder.push(first);
  }

  private guarded(step: () => void): void {
    try {
      step();
    } catch (err) {
      this.failed = err instanceof CaptureError
        ? err
        : new CaptureError('internal', `internal error while reading: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private take(): CaptureBatch {
    const batch = this.batch;
    this.batch = { packets: [], warnings: [] };
    return batch;
  }
}

/** Text: no NUL byte, few control characters, valid UTF-8 apart from a cut last character. */
function looksLikeText(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1b) control++;
  }
  if (control > bytes.length / 100) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Everything one read gave: the packets, the warnings, and the error that stopped it if any. */
export interface CaptureResult {
  readonly format: CaptureFormat | undefined;
  readonly packets: TcpPacket[];
  readonly warnings: CaptureWarning[];
  readonly suppressedWarnings: number;
  readonly error: CaptureError | undefined;
}

/** Reads a whole capture given as bytes or as a sequence of chunks. */
export function readCapture(input: Uint8Array | Iterable<Uint8Array>, options: ReadOptions = {}): CaptureResult {
  const reader = new CaptureReader(options);
  const packets: TcpPacket[] = [];
  const warnings: CaptureWarning[] = [];
  const collect = (b: CaptureBatch) => {
    for (const p of b.packets) packets.push(p);
    for (const w of b.warnings) warnings.push(w);
  };
  for (const chunk of input instanceof Uint8Array ? [input] : input) {
    collect(reader.push(chunk));
    if (reader.error) break;
  }
  collect(reader.end());
  return { format: reader.format, packets, warnings, suppressedWarnings: reader.suppressedWarnings, error: reader.error };
}

/** The packets of a capture one by one, read from chunks as they are needed; throws the
 *  CaptureError that stops the read after yielding every packet before it. */
export function* capturePackets(chunks: Iterable<Uint8Array>, options: ReadOptions = {}): Generator<TcpPacket, CaptureReader> {
  const reader = new CaptureReader(options);
  for (const chunk of chunks) {
    yield* reader.push(chunk).packets;
    if (reader.error) throw reader.error;
  }
  yield* reader.end().packets;
  if (reader.error) throw reader.error;
  return reader;
}
