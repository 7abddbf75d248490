// `tcpfsm import [--stack linux|rfc9293] [--format tcpfsm|json] FILE...` (SPEC section 9): each
// capture's TCP connections as conversations, checked against the chosen stack.

import * as fs from 'node:fs';
import { groupConnections } from './capture/connections';
import { readCaptureFile } from './capture/file';
import { type ImportedConversation, importConnections } from './capture/importer';
import { analyze } from './service/analyze';
import { traceConversations } from './service/trace';
import { traceJson } from './service/traceReport';
import { LineIndex } from './syntax/lines';
import type { Stack } from './tcp/machine';

export const IMPORT_USAGE = `usage: tcpfsm import [--stack linux|rfc9293] [--format tcpfsm|json] FILE...

import: reads packet captures (pcap, pcapng, or the text \`tcpdump -nn\` prints) and writes each
TCP connection as a timed conversation, checked against the stack (default linux).
  --format tcpfsm  the conversations as a .tcpfsm file (default)
  --format json    one JSON array of {file, conversations: [{name, client, server, stack, text,
                   events, trace}]}
Exit status: 0 no errors, 1 an imported conversation has an error, 2 a file cannot be read or is
not a capture (the message names the file and what is wrong).`;

export interface ImportCliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const fail = (why: string, usage = false): ImportCliResult =>
  ({ code: 2, stdout: '', stderr: `tcpfsm: ${why}\n${usage ? `${IMPORT_USAGE}\n` : ''}` });

/** Why a path is not a capture file that can be read, or undefined. */
function unreadable(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return `${file}: is a directory, not a capture`;
    if (!st.isFile()) return `${file}: is not a regular file`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code ?? String(err)})`;
  }
  return undefined;
}

export function runImport(args: readonly string[], progress?: (line: string) => void): ImportCliResult {
  let stack: Stack = 'linux';
  let format: 'tcpfsm' | 'json' = 'tcpfsm';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (name: string) => (arg === name ? args[++i] : arg.slice(name.length + 1));
    if (arg === '--stack' || arg.startsWith('--stack=')) {
      const v = value('--stack');
      if (v !== 'linux' && v !== 'rfc9293') return fail(`--stack takes linux or rfc9293, not ${v === undefined ? 'nothing' : `\`${v}\``}`);
      stack = v;
    } else if (arg === '--format' || arg.startsWith('--format=')) {
      const v = value('--format');
      if (v !== 'tcpfsm' && v !== 'json') return fail(`--format takes tcpfsm or json, not ${v === undefined ? 'nothing' : `\`${v}\``}`);
      format = v;
    } else if (arg === '--help' || arg === '-h') {
      return { code: 0, stdout: `${IMPORT_USAGE}\n`, stderr: '' };
    } else if (arg.startsWith('-')) {
      return fail(`unknown option \`${arg}\``, true);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) return fail('import needs at least one capture file', true);

  let stderr = '';
  let code = 0;
  const texts: string[] = [];
  const json: unknown[] = [];
  for (const file of files) {
    const why = unreadable(file);
    if (why) {
      stderr += `tcpfsm: ${why}\n`;
      code = 2;
      continue;
    }
    let packets = 0;
    const result = readCaptureFile(file, {
      onBatch: progress ? (batch, reader) => {
        packets += batch.packets.length;
        progress(`${file}: ${(reader.bytesRead / 1e6).toFixed(1)} MB, ${packets} packets`);
      } : undefined,
    });
    if (result.error) {
      const where = result.error.frame !== undefined ? ` (frame ${result.error.frame})` : result.error.offset !== undefined ? ` (byte ${result.error.offset})` : '';
      stderr += `tcpfsm: ${file}: ${result.error.message}${where}\n`;
      code = 2;
      continue;
    }
    const conversations = importConnections(groupConnections(result.packets), { stack });
    for (const c of conversations) if (analyze(c.text).diagnostics.some((d) => d.severity === 'error')) code = Math.max(code, 1);
    if (format === 'json') json.push({ file, conversations: conversations.map(jsonOf) });
    else texts.push(`# ${file}: ${conversations.length} TCP connection${conversations.length === 1 ? '' : 's'}\n\n${conversations.map((c) => c.text).join('\n')}`);
  }
  const stdout = format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : texts.join('\n');
  return { code, stdout, stderr };
}

function jsonOf(c: ImportedConversation): unknown {
  const [table] = traceConversations(c.text);
  return {
    name: c.name,
    client: c.client,
    server: c.server,
    stack: c.stack,
    text: c.text,
    events: c.events,
    trace: table ? traceJson(new LineIndex(c.text), table) : null,
  };
}
