// What a state means, in two sizes: the hover (the first screen: one sentence, a compact table of
// the edges in and out, the exceptional edges on one line, a link to the rest) and the full page
// (meaning, who gets here, every edge with its note, the steps that stay, Linux), each RFC section
// linked to its place in the RFC. Markdown, from the table and STATE_DOCS.

import { STATE_DOCS } from '../tcp/docs';
import {
  type Alias, ALIASES, type Edge, edgesFrom, edgesTo, formatCall, formatSegment, formatTimer, type State, stayingSteps, SYNCHRONIZED_STATES,
  writtenLabel,
} from '../tcp/machine';

/** The command a client runs to open a state's full page (VS Code: beside the editor). */
export const STATE_PAGE_COMMAND = 'tcpfsm.showStateDoc';

export interface StateHoverOptions {
  /** The client runs `command:` links from hovers: the long explanation goes behind a "More…" link. */
  readonly commandLinks?: boolean;
}

/** Where a section of RFC 9293 (or of another RFC, `RFC 1122 4.2.2.13`) is on rfc-editor.org; undefined for other references. */
export function rfcUrl(reference: string): string | undefined {
  const other = /^RFC (\d+)(?: (\d+(?:\.\d+)*))?/.exec(reference);
  if (other) return `https://www.rfc-editor.org/rfc/rfc${other[1]}${other[2] ? `#section-${other[2]}` : ''}`;
  const section = /^(\d+(?:\.\d+)*)/.exec(reference);
  return section ? `https://www.rfc-editor.org/rfc/rfc9293#section-${section[1]}` : undefined;
}

/** A reference as cited: `RFC 9293 3.10.7.4` for a section of RFC 9293, else as written (`RFC 5961`, `Linux tcp_fin_timeout`), linked when it is an RFC's. */
export function citation(reference: string): string {
  return /^\d/.test(reference) ? `RFC 9293 ${rfcLink(reference)}` : rfcLink(reference);
}

/** `[3.10.7.4](https://…#section-3.10.7.4)`; the text alone when it is no RFC section. */
export function rfcLink(reference: string): string {
  const url = rfcUrl(reference);
  return url ? `[${reference}](${url})` : reference;
}

const STATE_SECTION = '3.3.2';

/** Where the state stands: the RFC's synchronized states (3.5.2), the opening ones, or no connection. */
function standing(state: State): string {
  if (state === 'CLOSED') return 'no connection';
  return SYNCHRONIZED_STATES.includes(state) ? 'synchronized state' : 'not yet synchronized';
}

/** The heading line: the name, the alias it was written as, its class, where the RFC defines it. */
function headLine(state: State, written?: Alias): string {
  const alias = written ? ` — \`${written.name}\` is the ${written.origin} name for ${state}` : '';
  return `**${state}**${alias} · ${standing(state)} · RFC 9293 ${rfcLink(STATE_SECTION)}`;
}

/** The edge's most specific RFC section (the last of its references). */
function lastSection(edge: Edge): string {
  return edge.rfc[edge.rfc.length - 1] ?? '';
}

/** A compact table of the main edges in and out: one row each, the label and its section. */
function edgeTable(state: State): string {
  const rows: string[] = [];
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  for (const e of edgesTo(state)) if (e.kind === 'main') rows.push(`| ← | ${e.from} | \`${cell(writtenLabel(e))}\` | ${rfcLink(lastSection(e))} |`);
  for (const e of edgesFrom(state)) if (e.kind === 'main') rows.push(`| → | ${e.to} | \`${cell(writtenLabel(e))}\` | ${rfcLink(lastSection(e))} |`);
  return ['| | state | on | RFC 9293 |', '|:-:|---|---|---|', ...rows].join('\n');
}

/** What triggers an edge, in a word or two: `recv RST`, `abort`, `timeout`, `send RST`. */
function eventWords(edge: Edge): string {
  const t = edge.triggers[0];
  if (!t) return edge.action ? `send ${formatSegment(edge.action)}` : '';
  if (t.kind === 'recv') return `recv ${formatSegment(t.segment)}`;
  if (t.kind === 'call') return formatCall(t.call);
  return t.timer === 'user' ? 'timeout' : `timeout ${formatTimer(t.timer)}`;
}

/** The events of a group of edges, once each: `recv RST, abort, timeout`. */
function words(edges: readonly Edge[]): string {
  return [...new Set(edges.map(eventWords).filter(Boolean))].join(', ');
}

function groupBy<K>(edges: readonly Edge[], key: (e: Edge) => K): Map<K, Edge[]> {
  const groups = new Map<K, Edge[]>();
  for (const e of edges) {
    const list = groups.get(key(e));
    if (list) list.push(e);
    else groups.set(key(e), [e]);
  }
  return groups;
}

/** The exceptional edges on one line: out by target (`→ CLOSED on RST, abort, timeout`), in by source. */
function exceptionalLine(state: State): string | undefined {
  const parts: string[] = [];
  for (const [to, edges] of groupBy(edgesFrom(state).filter((e) => e.kind === 'exceptional'), (e) => e.to)) {
    parts.push(`→ ${to} on ${words(edges)}`);
  }
  const incoming = edgesTo(state).filter((e) => e.kind === 'exceptional');
  const sources = [...new Set(incoming.map((e) => e.from))];
  if (sources.length > 3) parts.push(`← from ${sources.length} states on ${words(incoming)}`);
  else for (const [from, edges] of groupBy(incoming, (e) => e.from)) parts.push(`← ${from} on ${words(edges)}`);
  return parts.length > 0 ? `*Exceptional:* ${parts.join(' · ')}` : undefined;
}

function edgeItem(edge: Edge, other: State): string {
  const note = edge.note ? ` — ${edge.note}` : '';
  const exceptional = edge.kind === 'exceptional' ? ' *(exceptional)*' : '';
  return `- ${other} on \`${writtenLabel(edge) || '(no event)'}\`${note} (${edge.rfc.map(citation).join(', ')})${exceptional}`;
}

/** The explanation behind "More…": meaning, who gets here, every edge, the steps that stay, Linux. */
function explanation(state: State): string[] {
  const doc = STATE_DOCS[state];
  const sections: string[] = [doc.meaning, `**Who gets here:** ${doc.whoGetsHere}`];
  const list = (title: string, edges: readonly Edge[], other: (e: Edge) => State) => {
    const ordered = [...edges.filter((e) => e.kind === 'main'), ...edges.filter((e) => e.kind !== 'main')];
    if (ordered.length > 0) sections.push(`**${title}**\n\n${ordered.map((e) => edgeItem(e, other(e))).join('\n')}`);
  };
  list('Comes from', edgesTo(state), (e) => e.from);
  list('Goes to', edgesFrom(state), (e) => e.to);
  const staying = stayingSteps(state);
  if (staying.length > 0) {
    sections.push(`**Stays in ${state} on**\n\n${staying.map((e) => `- \`${writtenLabel(e)}\`${e.note ? ` — ${e.note}` : ''} (${e.rfc.map(citation).join(', ')})`).join('\n')}`);
  }
  if (doc.details && doc.details.length > 0) sections.push(`**Also in ${state}**\n${doc.details.map((d) => `- ${d}`).join('\n')}`);
  const linux = [`**On Linux:** ${doc.linuxNames} — list them with \`${doc.ssCommand}\``];
  for (const d of doc.linuxDifferences) linux.push(`- ${d}`);
  sections.push(linux.join('\n'));
  sections.push(`RFC 9293 section ${rfcLink(STATE_SECTION)} (state definitions, Figure 5)`);
  return sections;
}

/**
 * The hover of a state (written as `alias`, when it was). Blocks are separated by `---`: the first
 * (name and one sentence) stays short; the second is the compact table of edges; the third links
 * to the full page, or (clients without command links) is the full explanation.
 */
export function stateHover(state: State, alias: Alias | undefined, options: StateHoverOptions = {}): string {
  const doc = STATE_DOCS[state];
  const first = `${headLine(state, alias)}\n\n${doc.summary}`;
  const table = [edgeTable(state), exceptionalLine(state)].filter(Boolean).join('\n\n');
  const more = options.commandLinks
    ? `[More about ${state}…](${statePageLink(state)} "Open the whole page on ${state} beside the editor") · \`${doc.ssCommand}\``
    : explanation(state).join('\n\n');
  return [first, table, more].join('\n\n---\n\n');
}

/** The `command:` link that opens the full page on `state`. */
export function statePageLink(state: State): string {
  return `command:${STATE_PAGE_COMMAND}?${encodeURIComponent(JSON.stringify([state]))}`;
}

/** The full page on `state` (Markdown, for a preview beside the editor). */
export function statePage(state: State): string {
  const doc = STATE_DOCS[state];
  const aliases = ALIASES[state].map((a) => `\`${a.name}\` (${a.origin})`);
  const also = aliases.length > 0 ? ` · also written ${aliases.join(', ')}` : '';
  return [
    `# ${state}`,
    `*${standing(state)}${also} · RFC 9293 ${rfcLink(STATE_SECTION)}*`,
    doc.summary,
    ...explanation(state),
  ].join('\n\n');
}
