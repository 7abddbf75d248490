// The `tcpfsm` command: a thin front on the core, per SPEC section 7.

import * as fs from 'node:fs';
import { analyze } from './service/analyze';
import { LineIndex } from './syntax/lines';

const USAGE = `usage: tcpfsm check [--format text|json] FILE...

Checks .tcpfsm files against the TCP state machine of RFC 9293.
  --format text   one line per problem: path:line:column: severity code: message (default)
  --format json   one JSON array of {file, line, column, endLine, endColumn, severity, code, message}
Exit status: 0 no errors, 1 errors found, 2 a file could not be read or the arguments are wrong.`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** Reads a file as UTF-8 text, or says why it cannot be checked. */
export function readTextFile(file: string): { text: string } | { error: string } {
  let bytes: Buffer;
  try {
    if (fs.statSync(file).isDirectory()) return { error: `${file}: is a directory, not a .tcpfsm file` };
    bytes = fs.readFileSync(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return { error: `${file}: cannot read: ${why}` };
  }
  if (bytes.includes(0)) return { error: `${file}: not a text file (it contains NUL bytes)` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: `${file}: not a text file (it is not valid UTF-8)` };
  }
}

export function runCli(args: readonly string[]): CliResult {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  if (command !== 'check') {
    const why = command === undefined ? 'missing command' : `unknown command \`${command}\``;
    return { code: 2, stdout: '', stderr: `tcpfsm: ${why}\n${USAGE}\n` };
  }
  let format = 'text';
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? rest[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json') {
        return { code: 2, stdout: '', stderr: `tcpfsm: --format takes text or json, not ${value === undefined ? 'nothing' : `\`${value}\``}\n` };
      }
      format = value;
    } else if (arg === '--help' || arg === '-h') {
      return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
    } else if (arg === '--') {
      files.push(...rest.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { code: 2, stdout: '', stderr: `tcpfsm: unknown option \`${arg}\`\n${USAGE}\n` };
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) return { code: 2, stdout: '', stderr: `tcpfsm: no files to check\n${USAGE}\n` };

  const found: JsonDiagnostic[] = [];
  const stderr: string[] = [];
  let unreadable = false;
  for (const file of files) {
    const read = readTextFile(file);
    if ('error' in read) {
      unreadable = true;
      stderr.push(`tcpfsm: ${read.error}\n`);
      continue;
    }
    const lines = new LineIndex(read.text);
    for (const d of analyze(read.text).diagnostics) {
      const start = lines.positionAt(d.span.start);
      const end = lines.positionAt(d.span.end);
      found.push({
        file,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
      });
    }
  }
  const stdout = format === 'json'
    ? `${JSON.stringify(found, null, 2)}\n`
    : found.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`).join('');
  const code = unreadable ? 2 : found.some((d) => d.severity === 'error') ? 1 : 0;
  return { code, stdout, stderr: stderr.join('') };
}

if (require.main === module) {
  const result = runCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
