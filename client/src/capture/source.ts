// Where a capture's bytes come from: a file: URI streamed from disk by the Node adapter
// (nodeFile.ts, passed in by the Node extension), anything else (a remote or virtual file system,
// or a browser build without the adapter) read with workspace.fs and handed on in slices (the
// session gives the event loop a turn after each, so the table still fills in step by step).

import * as vscode from 'vscode';

/** Streams a local file in chunks of at most `chunkSize` bytes. */
export type FileChunks = (fsPath: string, chunkSize: number) => AsyncIterable<Uint8Array>;

export interface CaptureSource {
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Bytes in all, when the file system says. */
  readonly total?: number;
}

/** 1 MiB: a chunk of a 100 MB capture is read and grouped in a few milliseconds. */
export const CHUNK_SIZE = 1024 * 1024;

export async function captureSource(uri: vscode.Uri, fileChunks: FileChunks | undefined, chunkSize = CHUNK_SIZE): Promise<CaptureSource> {
  let total: number | undefined;
  try {
    total = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    total = undefined; // the read below says what is wrong
  }
  if (uri.scheme === 'file' && fileChunks) return { chunks: fileChunks(uri.fsPath, chunkSize), ...(total !== undefined ? { total } : {}) };
  return { chunks: slices(() => vscode.workspace.fs.readFile(uri), chunkSize), ...(total !== undefined ? { total } : {}) };
}

/** The bytes `read` gives, in slices of `size`. */
export async function* slices(read: () => Thenable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  const bytes = await read();
  for (let at = 0; at < bytes.length; at += size) {
    yield bytes.subarray(at, Math.min(bytes.length, at + size));
  }
}
