// `tcpfsm explain [--format text|json] [FILE|-]`: reads a socket table from a file or standard
// input and prints the report of service/explain.ts (SPEC section 9, last paragraph).

import * as fs from 'node:fs';
import { explainJson, explainSocketTable, explainText } from './service/explain';

export const EXPLAIN_USAGE = `usage: tcpfsm explain [--format text|json] [FILE|-]

explain: reads what \`ss -tan\` (also with -o, -p, -i), \`netstat -tan(p)\` or /proc/net/tcp and
/proc/net/tcp6 print, from FILE or standard input (- or no FILE), and says per TCP state how many
sockets are in it and on which local ports, what the state means, which side closed, what to do,
and the timers \`ss -o\` shows (the time left in TIME_WAIT).
  --format text   a readable report (default)
  --format json   one JSON object {sources, sockets, states: [...], withoutState, unreadLines}
Exit status: 0 explained, 2 the input cannot be read or is not a socket table.`;

export interface ExplainResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const fail = (why: string, usage = false): ExplainResult =>
  ({ code: 2, stdout: '', stderr: `tcpfsm: ${why}\n${usage ? `${EXPLAIN_USAGE}\n` : ''}` });

/** Runs `tcpfsm explain ARGS`; `readStdin` is replaceable for tests. */
export function runExplain(args: readonly string[], readStdin: () => Uint8Array = () => fs.readFileSync(0)): ExplainResult {
  let format: 'text' | 'json' = 'text';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json') return fail(`--format takes text or json, not ${value === undefined ? 'nothing' : `\`${value}\``}`);
      format = value;
    } else if (arg === '--help' || arg === '-h') {
      return { code: 0, stdout: `${EXPLAIN_USAGE}\n`, stderr: '' };
    } else if (arg.startsWith('-') && arg !== '-') {
      return fail(`unknown option \`${arg}\``, true);
    } else {
      files.push(arg);
    }
  }
  if (files.length > 1) return fail('explain reads one socket table (FILE or -)', true);
  const name = files[0] ?? '-';
  const input = readInput(name, readStdin);
  if ('error' in input) return fail(input.error);
  const report = explainSocketTable(input.text);
  if ('error' in report) return fail(`${name === '-' ? 'standard input' : name}: ${report.error}`);
  const stdout = format === 'json' ? `${JSON.stringify(explainJson(report), null, 2)}\n` : explainText(report);
  return { code: 0, stdout, stderr: '' };
}

function readInput(name: string, readStdin: () => Uint8Array): { text: string } | { error: string } {
  const label = name === '-' ? 'standard input' : name;
  let bytes: Uint8Array;
  try {
    if (name !== '-' && fs.statSync(name).isDirectory()) return { error: `${name}: is a directory, not a socket table` };
    bytes = name === '-' ? readStdin() : fs.readFileSync(name);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return { error: `${label}: cannot read: ${why}` };
  }
  if (bytes.includes(0)) return { error: `${label}: not text (it contains NUL bytes)` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: `${label}: not text (it is not valid UTF-8)` };
  }
}
