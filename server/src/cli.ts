// The `tcpfsm` command: a thin front on the core, per SPEC section 7.

import { analyze } from './service/analyze';
import { type ConversationTable, type TracedSegment, type TraceRow, traceConversations } from './service/trace';
import { LineIndex } from './syntax/lines';
import { readTextFile } from './textFile';

const USAGE = `usage: tcpfsm check [--format text|json] FILE...
       tcpfsm trace [--format text|json] FILE...

check: checks .tcpfsm files against the TCP state machine of RFC 9293.
  --format text   one line per problem: path:line:column: severity code: message (default)
  --format json   one JSON array of {file, line, column, endLine, endColumn, severity, code, message}
trace: shows each conversation event by event: both peers' states and the segments in flight.
  --format text   per conversation a header, then a table: line, event, the peers' states,
                  segments in flight each way, rfc section, note (default)
  --format json   one JSON array of {file, conversations: [{name, line, peers, start, steps}]}
Exit status: 0 no errors, 1 errors found, 2 a file could not be read or the arguments are wrong.`;

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

/** A segment of `tcpfsm trace --format json`. */
interface JsonSegment {
  id: number;
  text: string;
  from: string;
  to: string;
  acknowledges: string | null;
}

interface JsonStep {
  line: number;
  column: number;
  event: string;
  kind: string;
  peer: string | null;
  before: string[];
  after: string[];
  received: JsonSegment | null;
  sent: JsonSegment[];
  inFlight: [JsonSegment[], JsonSegment[]];
  rfc: string | null;
  note: string | null;
  ok: boolean;
}

interface JsonConversation {
  name: string | null;
  line: number;
  peers: string[];
  start: string[];
  steps: JsonStep[];
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
      json.push({ file, conversations: conversations.map((t) => jsonConversation(lines, t)) });
    } else {
      for (const t of conversations) tables.push(textTable(file, lines, t));
    }
  });
  const stdout = format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : tables.join('\n');
  return { code: unreadable ? 2 : errors ? 1 : 0, stdout, stderr };
}

function quote(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function inFlightText(segments: readonly TracedSegment[]): string {
  return segments.map((s) => s.text).join(', ');
}

function noteText(row: TraceRow): string {
  if (row.ok) return row.note ?? '';
  // A failed expect keeps the simulated states; any other failed event is skipped.
  const error = row.kind === 'expect' ? 'error: expect failed' : 'error: skipped';
  return row.note ? `${error}; ${row.note}` : error;
}

/** `PATH:LINE: conversation "NAME" (A, B)` and the aligned table of one conversation. */
function textTable(file: string, lines: LineIndex, t: ConversationTable): string {
  const startLine = t.startSpan;
  const lineOf = (offset: number) => String(lines.positionAt(offset).line + 1);
  const [a, b] = t.peers;
  const header = `${file}:${lineOf(t.span.start)}: conversation ${t.name !== undefined ? `${quote(t.name)} ` : ''}(${a}, ${b})`;
  const rows: string[][] = [
    ['line', 'event', a, b, `${a} → ${b}`, `${b} → ${a}`, 'rfc', 'note'],
    [lineOf(startLine ? startLine.start : t.span.start), startLine ? 'start' : '(start)', t.start[0], t.start[1], '', '', '', ''],
    ...t.rows.map((r) => [
      lineOf(r.span.start), r.event, r.after[0], r.after[1],
      inFlightText(r.inFlight[0]), inFlightText(r.inFlight[1]), r.rfc ?? '', noteText(r),
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const body = rows.map((r) => r
    .map((cell, c) => (c === 0 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
    .join('  ')
    .trimEnd());
  return `${header}\n${body.map((line) => `${line}\n`).join('')}`;
}

function jsonSegment(s: TracedSegment): JsonSegment {
  return { id: s.id, text: s.text, from: s.from, to: s.to, acknowledges: s.acknowledges ?? null };
}

function jsonConversation(lines: LineIndex, t: ConversationTable): JsonConversation {
  return {
    name: t.name ?? null,
    line: lines.positionAt(t.span.start).line + 1,
    peers: [...t.peers],
    start: [...t.start],
    steps: t.rows.map((r) => {
      const at = lines.positionAt(r.span.start);
      return {
        line: at.line + 1,
        column: at.character + 1,
        event: r.event,
        kind: r.kind,
        peer: r.peer ?? null,
        before: [...r.before],
        after: [...r.after],
        received: r.received ? jsonSegment(r.received) : null,
        sent: r.sent.map(jsonSegment),
        inFlight: [r.inFlight[0].map(jsonSegment), r.inFlight[1].map(jsonSegment)],
        rfc: r.rfc ?? null,
        note: r.note ?? null,
        ok: r.ok,
      };
    }),
  };
}

if (require.main === module) {
  const result = runCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
