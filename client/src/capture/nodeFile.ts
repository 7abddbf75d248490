// The Node half of reading a capture: a file: URI is streamed from disk in chunks (never read
// whole). Kept apart so that everything else under client/src/capture is free of Node and a
// browser build (which has no file system) passes no adapter and reads through workspace.fs.

import * as fs from 'node:fs';
import type { FileChunks } from './source';

export const nodeFileChunks: FileChunks = async function* (fsPath, chunkSize) {
  const stream = fs.createReadStream(fsPath, { highWaterMark: chunkSize });
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    stream.destroy(); // a cancelled read closes the file
  }
};
