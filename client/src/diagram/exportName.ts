// The file an exported diagram is written to: the document's name with `.tcpfsm` replaced by the
// format's extension, beside it. Pure: no vscode import.

export type ExportFormat = 'svg' | 'png';

/** `active-open.tcpfsm` → `active-open.svg`; a name without `.tcpfsm` keeps it and gets the extension added. */
export function exportFileName(documentName: string, format: ExportFormat): string {
  const stem = documentName.replace(/\.tcpfsm$/i, '') || 'diagram';
  return `${stem}.${format}`;
}

/** Decodes base64 with atob, not Buffer: this runs in the browser's extension host too. */
function base64Bytes(base64: string): Uint8Array | undefined {
  try {
    return Uint8Array.from(atob(base64.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    return undefined; // not valid base64 (atob is strict about padding)
  }
}

/** The bytes of a PNG sent as a `data:image/png;base64,…` URL; undefined when it is not one. */
export function pngBytes(dataUrl: string): Uint8Array | undefined {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!match) return undefined;
  const bytes = base64Bytes(match[1]);
  if (!bytes) return undefined;
  // Every PNG starts with the same 8-byte signature.
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 8 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  return bytes;
}
