// Reading a file named on the command line: regular files only (a FIFO with no writer would block
// forever, /dev/zero would be read until memory runs out), at most MAX_FILE_BYTES, UTF-8 only
// (UTF-16 and UTF-32 are recognised by their byte order mark or their pattern of NUL bytes and
// named, so the user knows what to do). Every refusal names the file and says why.

import * as fs from 'node:fs';

/** The biggest file the CLI reads (the language server takes documents of 50 MB and more). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export type ReadResult = { readonly text: string } | { readonly error: string };

const CHUNK = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** What a file that is not a regular file is, for the message. */
function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The encoding of `bytes` when it is UTF-16 or UTF-32 (by byte order mark, else by the NUL bytes
 * that ASCII text has in every other or every fourth byte in those encodings); else undefined.
 */
export function wideEncoding(bytes: Uint8Array): 'UTF-16' | 'UTF-32' | undefined {
  const [a, b, c, d] = bytes;
  if ((a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) || (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00)) return 'UTF-32';
  if ((a === 0xfe && b === 0xff) || (a === 0xff && b === 0xfe)) return 'UTF-16';
  // Without a mark: count the NUL bytes at each position modulo 4 in the first few kilobytes.
  const n = Math.min(bytes.length, 4096) & ~3;
  if (n < 4) return undefined;
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros[i & 3]++;
  const quarter = n / 4;
  const mostly = (k: number) => zeros[k] >= quarter * 0.8;
  const rarely = (k: number) => zeros[k] <= quarter * 0.2;
  if ((mostly(1) && mostly(2) && mostly(3) && rarely(0)) || (mostly(0) && mostly(1) && mostly(2) && rarely(3))) return 'UTF-32';
  if ((mostly(1) && mostly(3) && rarely(0) && rarely(2)) || (mostly(0) && mostly(2) && rarely(1) && rarely(3))) return 'UTF-16';
  return undefined;
}

/** Reads `file` as UTF-8 text, or says why it cannot be checked (naming the file). */
export function readTextFile(file: string, limit = MAX_FILE_BYTES): ReadResult {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once (then refused below).
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.code === 'ENXIO' ? 'no such device' : e.message;
    return { error: `${file}: cannot read: ${why}` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { error: `${file}: is a directory, not a .tcpfsm file` };
    if (!stat.isFile()) return { error: `${file}: is ${kindOf(stat)}, not a regular file: only files can be checked` };
    const tooBig = () => ({ error: `${file}: too big to check (${megabytes(Math.max(stat.size, limit + 1))}; the limit is ${megabytes(limit)})` });
    if (stat.size > limit) return tooBig();
    // Read at most one byte past the limit (the file may grow while it is read).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const got = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      chunks.push(got === chunk.length ? chunk : chunk.subarray(0, got));
      total += got;
      if (total > limit) return tooBig();
    }
    return decode(file, Buffer.concat(chunks, total));
  } catch (err) {
    return { error: `${file}: cannot read: ${(err as Error).message}` };
  } finally {
    fs.closeSync(fd);
  }
}

function decode(file: string, bytes: Buffer): ReadResult {
  const wide = wideEncoding(bytes);
  if (wide) return { error: `${file}: ${wide} is not supported; save as UTF-8` };
  if (bytes.includes(0)) return { error: `${file}: not a text file (it contains NUL bytes)` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: `${file}: not a text file (it is not valid UTF-8)` };
  }
}
