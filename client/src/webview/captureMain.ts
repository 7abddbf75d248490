// The capture viewer's webview entry (its own browser bundle, dist/webview/capture.js): the table of
// a capture's TCP connections (sortable, filtered by port and state, filling in while the file is
// read, with a progress bar), and for the selected connection the ladder diagram drawn by the
// diagram preview's own LadderView, its diagnostics with their frame numbers, and "Open as .tcpfsm".
// Messages: client/src/capture/protocol.ts.

import type { SourceRange } from '../../../server/src/protocol/diagram';
import { type State, STATES } from '../../../server/src/tcp/machine';
import type {
  CapturePersistedState, CaptureProblem, CaptureProgress, ConnectionDetail, ConnectionRow, FromCaptureWebview, ToCaptureWebview,
} from '../capture/protocol';
import { DEFAULT_SORT, isSortColumn, nextSort, parsePortFilter, type RowFilter, type SortColumn, type SortOrder, viewRows } from '../capture/table';
import { CaptureTableView } from './captureTableView';
import { html } from './dom';
import { LADDER_WIDTH, LadderView } from './ladderView';
import { resetMeasure } from './measure';

interface VsCodeApi {
  postMessage(message: FromCaptureWebview): void;
  getState(): Partial<CapturePersistedState> | undefined;
  setState(state: CapturePersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const ANY_STATE = '';
const NO_SELECTION_TEXT = 'Select a connection to see its ladder diagram, with both peers’ states, and its diagnostics.';

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const plural = (n: number, word: string): string => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

class CaptureApp {
  private readonly rows = new Map<number, ConnectionRow>();
  private progress: CaptureProgress = { bytes: 0, packets: 0, connections: 0, done: false };
  private problem: CaptureProblem | undefined;
  private sort: SortOrder;
  private portFilter: string;
  private stateFilter: string;
  private filter: RowFilter = { ports: [] };
  private selected: number | undefined;
  private detail: ConnectionDetail | undefined;
  /** Packets of the selected row when its detail was asked for (more: ask again). */
  private detailPackets = -1;
  private renderFrame = 0;

  private readonly el: {
    title: HTMLElement;
    progress: HTMLProgressElement;
    readStatus: HTMLElement;
    port: HTMLInputElement;
    state: HTMLSelectElement;
    shown: HTMLElement;
    problem: HTMLElement;
    filterError: HTMLElement;
    detailTitle: HTMLElement;
    detailStats: HTMLElement;
    openText: HTMLButtonElement;
    eventStatus: HTMLElement;
    diagnostics: HTMLElement;
    ladderHost: HTMLElement;
    empty: HTMLElement;
  };
  private readonly table: CaptureTableView;
  private readonly ladder: LadderView;

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    const saved = vscode.getState();
    const savedSort = saved?.sort;
    this.sort = savedSort && isSortColumn(savedSort.column) ? { column: savedSort.column, descending: savedSort.descending === true } : DEFAULT_SORT;
    this.portFilter = typeof saved?.portFilter === 'string' ? saved.portFilter : '';
    this.stateFilter = typeof saved?.stateFilter === 'string' && (STATES as readonly string[]).includes(saved.stateFilter) ? saved.stateFilter : ANY_STATE;
    this.selected = typeof saved?.selected === 'number' ? saved.selected : undefined;

    const toolbar = html('div', { class: 'toolbar capture-toolbar', role: 'toolbar', 'aria-label': 'Capture' }, root);
    const title = html('span', { class: 'block-title capture-title' }, toolbar);
    const progress = html('progress', { class: 'read-progress', 'aria-label': 'Reading the capture' }, toolbar);
    const readStatus = html('span', { class: 'read-status', 'aria-live': 'polite' }, toolbar);
    const filters = html('div', { class: 'group filters' }, toolbar);
    const portLabel = html('label', { class: 'filter' }, filters);
    html('span', undefined, portLabel, 'Port');
    const port = html('input', {
      type: 'text', id: 'port-filter', class: 'port-filter', placeholder: '80, 5100-5200', spellcheck: 'false', autocomplete: 'off',
      title: 'Keep the connections with a client or server port in these ports and ranges',
    }, portLabel);
    const stateLabel = html('label', { class: 'filter' }, filters);
    html('span', undefined, stateLabel, 'State');
    const state = html('select', { id: 'state-filter', title: 'Keep the connections where either side starts or ends in this state' }, stateLabel);
    html('option', { value: ANY_STATE }, state, 'any');
    for (const s of STATES) html('option', { value: s }, state, s);
    const shown = html('span', { class: 'shown-count' }, toolbar);
    const problem = html('div', { class: 'banner capture-problem', role: 'alert', hidden: '' }, root);
    const filterError = html('div', { class: 'banner filter-error', role: 'alert', hidden: '' }, root);
    const tableHost = html('div', { class: 'capture-table-wrap' }, root);
    const detail = html('div', { class: 'capture-detail' }, root);
    const bar = html('div', { class: 'detail-bar' }, detail);
    const detailTitle = html('span', { class: 'detail-title' }, bar);
    const detailStats = html('span', { class: 'detail-stats' }, bar);
    const openText = html('button', { type: 'button', id: 'open-text', title: 'Open the imported conversation as an untitled .tcpfsm document' }, bar, 'Open as .tcpfsm');
    const eventStatus = html('div', { class: 'status event-status', 'aria-live': 'polite' }, detail);
    const diagnostics = html('ul', { class: 'capture-diagnostics', 'aria-label': 'Diagnostics' }, detail);
    const views = html('div', { class: 'views' }, detail);
    const ladderHost = html('div', { class: 'view ladder-view', tabindex: '-1' }, views);
    const empty = html('div', { class: 'empty' }, views, NO_SELECTION_TEXT);
    this.el = {
      title, progress, readStatus, port, state, shown, problem, filterError, detailTitle, detailStats, openText, eventStatus, diagnostics, ladderHost, empty,
    };

    this.table = new CaptureTableView(tableHost, { sort: (column) => this.setSort(column), select: (id) => this.select(id) });
    this.ladder = new LadderView(ladderHost, { reveal: (range) => this.showEvent(range) });

    port.value = this.portFilter;
    state.value = this.stateFilter;
    port.addEventListener('input', () => this.setPortFilter(port.value));
    state.addEventListener('change', () => {
      this.stateFilter = state.value;
      this.applyFilters();
    });
    openText.addEventListener('click', () => {
      if (this.selected !== undefined) this.post({ type: 'openText', id: this.selected });
    });
    new ResizeObserver(() => this.fitLadder()).observe(views);
    this.applyFilters(false);
    this.updateDetail();
  }

  private post(message: FromCaptureWebview): void {
    this.vscode.postMessage(message);
  }

  private save(): void {
    this.vscode.setState({
      ...(this.selected !== undefined ? { selected: this.selected } : {}),
      sort: this.sort, portFilter: this.portFilter, stateFilter: this.stateFilter,
    });
  }

  handle(message: ToCaptureWebview): void {
    switch (message.type) {
      case 'reset':
        this.el.title.textContent = message.title;
        this.rows.clear();
        // A viewer shown again (or reloaded) asks for the detail it had, once its row is there.
        this.detailPackets = -1;
        this.merge(message.rows, message.progress, message.problem);
        break;
      case 'rows':
        this.merge(message.rows, message.progress, message.problem);
        break;
      case 'detail':
        if (message.detail.id !== this.selected) return;
        this.detail = message.detail;
        this.updateDetail();
        break;
      case 'detailFailed':
        if (message.id !== this.selected) return;
        this.detail = undefined;
        this.updateDetail(`The connection could not be imported: ${message.message}`);
        break;
    }
  }

  private merge(rows: readonly ConnectionRow[], progress: CaptureProgress, problem: CaptureProblem | undefined): void {
    for (const row of rows) this.rows.set(row.id, row);
    this.progress = progress;
    this.problem = problem;
    this.updateProgress();
    this.scheduleRender();
    if (this.selected === undefined) return;
    const selected = this.rows.get(this.selected);
    if (!selected) {
      if (progress.done) this.select(undefined); // a selection kept from another read of the file
      return;
    }
    // Not asked yet (after a reload), or the connection grew since (the read went on): ask (again).
    if (selected.packets !== this.detailPackets) this.requestDetail(selected.id);
  }

  private updateProgress(): void {
    const p = this.progress;
    const bar = this.el.progress;
    bar.hidden = p.done;
    if (p.total !== undefined && p.total > 0) {
      bar.max = p.total;
      bar.value = Math.min(p.bytes, p.total);
    } else {
      bar.removeAttribute('value'); // indeterminate
    }
    const format = p.format === 'tcpdump-text' ? 'tcpdump text' : p.format ?? '';
    const counts = `${plural(p.packets, 'TCP packet')} · ${plural(p.connections, 'connection')}`;
    this.el.readStatus.textContent = p.done
      ? `${format ? `${format} · ` : ''}${counts}`
      : `Reading… ${megabytes(p.bytes)}${p.total !== undefined ? ` of ${megabytes(p.total)}` : ''} · ${counts}`;
    this.el.problem.hidden = !this.problem;
    this.el.problem.textContent = this.problem ? `The read stopped: ${this.problem.message}. The connections before it are shown.` : '';
  }

  private scheduleRender(): void {
    if (this.renderFrame) return;
    this.renderFrame = requestAnimationFrame(() => {
      this.renderFrame = 0;
      this.renderTable();
    });
  }

  private renderTable(): void {
    const shown = viewRows(this.rows.values(), this.sort, this.filter);
    this.table.render(shown, this.sort, this.selected);
    const all = this.rows.size;
    this.el.shown.textContent = shown.length === all ? plural(all, 'connection') : `${shown.length.toLocaleString('en')} of ${plural(all, 'connection')}`;
  }

  private setSort(column: SortColumn): void {
    this.sort = nextSort(this.sort, column);
    this.save();
    this.renderTable();
  }

  private setPortFilter(text: string): void {
    this.portFilter = text;
    this.applyFilters();
  }

  /** Reads both filters; a port filter that does not parse keeps the last good one and says why. */
  private applyFilters(save = true): void {
    const parsed = parsePortFilter(this.portFilter);
    const error = 'error' in parsed ? parsed.error : undefined;
    this.el.filterError.hidden = error === undefined;
    this.el.filterError.textContent = error ? `Port filter: ${error}.` : '';
    this.el.port.setAttribute('aria-invalid', String(error !== undefined));
    const ports = 'ports' in parsed ? parsed.ports : this.filter.ports;
    this.filter = { ports, ...(this.stateFilter !== ANY_STATE ? { state: this.stateFilter as State } : {}) };
    if (save) this.save();
    this.renderTable();
  }

  // ---------------------------------------------------------------------------------------------
  // the selected connection

  private select(id: number | undefined): void {
    if (id !== undefined && id === this.selected && this.detail) {
      this.table.reveal(id);
      return;
    }
    this.selected = id;
    this.detail = undefined;
    this.save();
    this.renderTable();
    this.updateDetail();
    if (id !== undefined) {
      this.table.reveal(id);
      this.requestDetail(id);
    }
  }

  private requestDetail(id: number): void {
    this.detailPackets = this.rows.get(id)?.packets ?? -1;
    this.post({ type: 'select', id });
  }

  private updateDetail(failure?: string): void {
    const detail = this.detail;
    const row = this.selected !== undefined ? this.rows.get(this.selected) : undefined;
    this.el.openText.disabled = this.selected === undefined;
    this.el.eventStatus.replaceChildren();
    this.el.diagnostics.replaceChildren();
    this.el.ladderHost.hidden = !detail;
    this.el.empty.hidden = !!detail;
    if (!detail) {
      this.el.detailTitle.textContent = row ? `Connection ${row.id}` : 'No connection selected';
      this.el.detailStats.textContent = '';
      this.el.empty.textContent = failure ?? (row ? 'Importing the connection…' : NO_SELECTION_TEXT);
      this.el.diagnostics.hidden = true;
      return;
    }
    const block = detail.block;
    this.el.detailTitle.textContent = `${detail.id}: ${detail.name}`;
    const frames = detail.events.flatMap((e) => (e.frame === undefined ? [] : [e.frame]));
    const frameText = frames.length > 0 ? ` · frames ${Math.min(...frames)}–${Math.max(...frames)}` : '';
    this.el.detailStats.textContent = `stack ${detail.stack} · ${plural(block.events.length, 'event')} · ${plural(block.segments.length, 'segment')}${frameText}`;
    this.drawDiagnostics(detail);
    resetMeasure();
    this.ladder.render(block, block.events.length, undefined);
    this.fitLadder();
  }

  private drawDiagnostics(detail: ConnectionDetail): void {
    const list = this.el.diagnostics;
    list.hidden = false;
    if (detail.diagnostics.length === 0) {
      html('li', { class: 'diagnostic none' }, list, `No diagnostics: the capture follows the ${detail.stack} stack’s rules.`);
      return;
    }
    for (const d of detail.diagnostics) {
      const item = html('li', { class: `diagnostic severity-${d.severity}`, tabindex: '0', role: 'button' }, list);
      html('span', { class: 'diagnostic-frame' }, item, d.frame !== undefined ? `frame #${d.frame}` : 'no frame');
      html('span', { class: 'diagnostic-where' }, item, `line ${d.line}`);
      html('span', { class: 'diagnostic-code' }, item, `${d.severity} ${d.code}`);
      html('span', { class: 'diagnostic-message' }, item, d.message);
      const show = () => this.ladder.setCursor(d.line - 1);
      item.addEventListener('click', show);
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          show();
        }
      });
    }
  }

  /** A click on a ladder row or arrow: what the captured packet was (frame, time), and the row marked. */
  private showEvent(range: SourceRange): void {
    const detail = this.detail;
    if (!detail) return;
    const line = range.start.line + 1;
    this.ladder.setCursor(range.start.line);
    const event = detail.events.find((e) => e.line === line);
    const status = this.el.eventStatus;
    status.replaceChildren();
    if (!event) {
      html('span', { class: 'status-part' }, status, `Line ${line}`);
      return;
    }
    html('span', { class: 'status-part' }, status, `Line ${line}`);
    html('span', { class: 'status-part frame' }, status, event.frame !== undefined ? `frame #${event.frame}` : 'no captured packet (inferred)');
    html('span', { class: 'status-part' }, status, `t = ${event.time.toFixed(6)} s`);
    html('span', { class: 'status-part states' }, status, `${event.peer}: ${event.event}`);
  }

  /** The ladder at the width of the panel (at most 100 %, at least 60 %), as in the diagram preview. */
  private fitLadder(): void {
    const width = this.el.ladderHost.clientWidth;
    if (width <= 0) return;
    this.ladder.setZoom(Math.max(0.6, Math.min(1, (width - 24) / LADDER_WIDTH)));
  }
}

function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app') ?? document.body;
  let app: CaptureApp;
  try {
    app = new CaptureApp(root, vscode);
  } catch (err) {
    vscode.postMessage({ type: 'error', message: `capture viewer failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
    return;
  }
  window.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as ToCaptureWebview | undefined;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    try {
      app.handle(message);
    } catch (err) {
      vscode.postMessage({ type: 'error', message: `capture viewer: ${message.type} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
    }
  });
  window.addEventListener('error', (event) => {
    vscode.postMessage({ type: 'error', message: `capture viewer: ${event.message}` });
  });
  vscode.postMessage({ type: 'ready' });
}

start();
