// Captures given as text (tcpdump -nn output pasted or copied) → one .tcpfsm text with a
// conversation per TCP connection, as `tcpfsm import` writes it. Pure: unit-tested, and used by
// "TCP: Import tcpdump Output from Clipboard".

import { groupConnections } from '../../../server/src/capture/connections';
import { importConnections } from '../../../server/src/capture/importer';
import { readCapture } from '../../../server/src/capture/reader';
import type { Stack } from '../../../server/src/tcp/machine';

export type TextImport =
  | { readonly text: string; readonly connections: number; readonly packets: number }
  | { readonly error: string };

/** `source` names where the text came from, for the first line (`# source: N TCP connections`). */
export function importCaptureText(input: string, source: string, stack: Stack = 'linux'): TextImport {
  if (input.trim() === '') return { error: `${source} is empty: copy the output of tcpdump -nn first` };
  const result = readCapture(new TextEncoder().encode(input));
  if (result.error) {
    const where = result.error.frame !== undefined ? ` (packet line ${result.error.frame})` : '';
    return { error: `${source} is not tcpdump -nn output: ${result.error.message}${where}` };
  }
  if (result.packets.length === 0) return { error: `${source} holds no TCP packet line of tcpdump -nn` };
  const conversations = importConnections(groupConnections(result.packets), { stack });
  const n = conversations.length;
  const text = `# ${source}: ${n} TCP connection${n === 1 ? '' : 's'}, imported (tcpfsm import)\n\n${conversations.map((c) => c.text).join('\n')}`;
  return { text, connections: n, packets: result.packets.length };
}
