// The Node side of the capture readers: stream a file through a CaptureReader in fixed-size
// chunks (the file is never read whole). The readers themselves stay free of Node.

import * as fs from 'node:fs';
import { type CaptureBatch, CaptureReader, type CaptureResult, type ReadOptions } from './reader';

export interface FileReadOptions extends ReadOptions {
  /** Bytes per read; default 1 MiB. */
  readonly chunkSize?: number;
  /** Called with each batch; when given, packets are not collected in the result. */
  readonly onBatch?: (batch: CaptureBatch, reader: CaptureReader) => void;
}

/** Reads a capture file. File-system errors (missing file, permissions) are thrown as usual;
 *  capture damage is in the result's `error`. */
export function readCaptureFile(path: string, options: FileReadOptions = {}): CaptureResult {
  const reader = new CaptureReader(options);
  const buffer = new Uint8Array(options.chunkSize ?? 1024 * 1024);
  const packets: CaptureResult['packets'] = [];
  const warnings: CaptureResult['warnings'] = [];
  const take = (batch: CaptureBatch) => {
    if (options.onBatch) {
      options.onBatch(batch, reader);
      return;
    }
    for (const p of batch.packets) packets.push(p);
    for (const w of batch.warnings) warnings.push(w);
  };
  const fd = fs.openSync(path, 'r');
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      take(reader.push(buffer.subarray(0, n)));
      if (reader.error) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  take(reader.end());
  return { format: reader.format, packets, warnings, suppressedWarnings: reader.suppressedWarnings, error: reader.error };
}
