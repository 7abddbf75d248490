// The `tcpfsm` command: a thin front on the core, per SPEC section 7.

import { EXPLAIN_USAGE, runExplain } from './cliExplain';
import { IMPORT_USAGE, runImport } from './cliImport';
import { analyze } from './service/analyze';
import { traceConversations } from './service/trace';
import { type JsonConversation, traceJson, traceTextTable } from './service/traceReport';
import { LineIndex } from './syntax/lines';
import { readTextFile } from './textFile';

const USAGE = `usage: tcpfsm check [--format text|json] FILE...
       tcpfsm trace [--format text|json] FILE...

check: checks .tcpfsm files against the TCP state machine of RFC 9293.
  --format text   one line per problem: path:line:column: severity code: message (default)
  --format json   one JSON array of {file, line, column, endLine, endColumn, severity, code, message}
trace: shows each conversation event by event: both peers' states and the segments in flight.
  --format text   per conversation a header, then a table: line, time (when the block has
                  times), event, the peers' states, segments in flight each way (marked
                  retransmission, probe, old, challenge), rfc section, the check and a note (default)
  --format json   one JSON array of {file, conversations: [{name, line, peers, stacks, start, steps}]}
Exit status: 0 no errors, 1 errors found, 2 a file could not be read or the arguments are wrong.

${IMPORT_USAGE.replace(/^usage: /, '')}

${EXPLAIN_USAGE.replace(/^usage: /, '')}`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

type Format = 'text' | 'json';

interface Options {
  readonly format: Format;
  readonly files: readonly string[];
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

const help = (): CliResult => ({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
const usageError = (why: string, usage = true): CliResult =>
  ({ code: 2, stdout: '', stderr: `tcpfsm: ${why}\n${usage ? `${USAGE}\n` : ''}` });

/** The options and files after the command (shared by every command), or the result to exit with. */
function parseOptions(verb: string, args: readonly string[]): Options | CliResult {
  let format: Format = 'text';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json') {
        return usageError(`--format takes text or json, not ${value === undefined ? 'nothing' : `\`${value}\``}`, false);
      }
      format = value;
    } else if (arg === '--help' || arg === '-h') {
      return help();
    } else if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return usageError(`unknown option \`${arg}\``);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) return usageError(`no files to ${verb}`);
  return { format, files };
}

export function runCli(args: readonly string[]): CliResult {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') return help();
  if (command === 'explain') return runExplain(rest);
  if (command === 'import') {
    // A progress line for large captures, when a person watches stderr.
    const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`\r${line}\x1b[K`) : undefined;
    const result = runImport(rest, progress);
    if (progress) process.stderr.write('\r\x1b[K');
    return result;
  }
  if (command !== 'check' && command !== 'trace') {
    return usageError(command === undefined ? 'missing command' : `unknown command \`${command}\``);
  }
  const options = parseOptions(command, rest);
  if ('code' in options) return options;
  return command === 'check' ? check(options) : trace(options);
}

/** Each file's text, or a message on stderr naming the file (and exit status 2). */
function readAll(files: readonly string[], each: (file: string, text: string) => void): { unreadable: boolean; stderr: string } {
  let unreadable = false;
  let stderr = '';
  for (const file of files) {
    const read = readTextFile(file);
    if ('error' in read) {
      unreadable = true;
      stderr += `tcpfsm: ${read.error}\n`;
    } else {
      each(file, read.text);
    }
  }
  return { unreadable, stderr };
}

function check({ format, files }: Options): CliResult {
  const found: JsonDiagnostic[] = [];
  const { unreadable, stderr } = readAll(files, (file, text) => {
    const lines = new LineIndex(text);
    for (const d of analyze(text).diagnostics) {
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
  });
  const stdout = format === 'json'
    ? `${JSON.stringify(found, null, 2)}\n`
    : found.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`).join('');
  const code = unreadable ? 2 : found.some((d) => d.severity === 'error') ? 1 : 0;
  return { code, stdout, stderr };
}

// ---------------------------------------------------------------------------------------------
// trace

function trace({ format, files }: Options): CliResult {
  let errors = false;
  const tables: string[] = [];
  const json: { file: string; conversations: JsonConversation[] }[] = [];
  const { unreadable, stderr } = readAll(files, (file, text) => {
    const analysis = analyze(text);
    if (analysis.diagnostics.some((d) => d.severity === 'error')) errors = true;
    const lines = new LineIndex(text);
    const conversations = traceConversations(text);
    if (format === 'json') {
      json.push({ file, conversations: conversations.map((t) => traceJson(lines, t)) });
    } else {
      for (const t of conversations) tables.push(traceTextTable(file, lines, t));
    }
  });
  const stdout = format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : tables.join('\n');
  return { code: unreadable ? 2 : errors ? 1 : 0, stdout, stderr };
}

if (require.main === module) {
  const result = runCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
