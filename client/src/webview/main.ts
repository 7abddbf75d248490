// The diagram webview's entry (its own browser bundle, dist/webview/diagram.js): answers the
// extension's messages (messages.ts), draws the state diagram and the ladder, plays the path with a
// step slider, reveals source ranges on click, exports SVG/PNG, and keeps its view settings across
// reloads with the webview state.

import type { BlockDiagram, SourceRange } from '../../../server/src/protocol/diagram';
import { html } from './dom';
import { exportSvg, svgToPng } from './exportImage';
import { LADDER_WIDTH, LadderView } from './ladderView';
import { resetMeasure } from './measure';
import type { FromWebview, ShownDiagram, ToWebview, WebviewPersistedState } from './messages';
import { makeVisible } from './visible';
import { StateView } from './stateView';
import { EMPTY_TIMELINE, rangeHasLine, type Timeline, timelineOf } from './timeline';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewPersistedState | undefined;
  setState(state: WebviewPersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const MIN_ZOOM = 0.2;
const MAX_ZOOM = 4;
const STALE_TEXT = 'The text has syntax errors: showing the last good diagram';
const EMPTY_TEXT = 'This file has no scenario or conversation yet. Write scenario "name" { CLOSED -> LISTEN : listen } to see its path here.';

type View = 'state' | 'ladder';

class App {
  private shown?: ShownDiagram;
  private block?: BlockDiagram;
  private timeline: Timeline = EMPTY_TIMELINE;
  private position = 0;
  private cursorLine?: number;
  private settings: WebviewPersistedState;
  private readonly dirty = { state: true, ladder: true };

  private readonly el: {
    title: HTMLElement;
    tabState: HTMLButtonElement;
    tabLadder: HTMLButtonElement;
    exceptional: HTMLInputElement;
    exceptionalLabel: HTMLElement;
    zoomLevel: HTMLElement;
    slider: HTMLInputElement;
    stepLabel: HTMLElement;
    stepper: HTMLElement;
    banner: HTMLElement;
    status: HTMLElement;
    empty: HTMLElement;
    views: HTMLElement;
    stateHost: HTMLElement;
    ladderHost: HTMLElement;
  };
  private readonly stateView: StateView;
  private readonly ladderView: LadderView;

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    const saved = vscode.getState();
    this.settings = {
      uri: saved?.uri ?? '',
      view: saved?.view === 'state' ? 'state' : 'ladder',
      showExceptional: saved?.showExceptional === true,
      zoom: typeof saved?.zoom === 'number' && saved.zoom >= MIN_ZOOM && saved.zoom <= MAX_ZOOM ? saved.zoom : 1,
    };

    const toolbar = html('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Diagram' }, root);
    const title = html('span', { class: 'block-title' }, toolbar);
    const tabs = html('div', { class: 'tabs', role: 'tablist', 'aria-label': 'View' }, toolbar);
    const tabState = html('button', { class: 'tab', role: 'tab', id: 'tab-state', type: 'button' }, tabs, 'State diagram');
    const tabLadder = html('button', { class: 'tab', role: 'tab', id: 'tab-ladder', type: 'button' }, tabs, 'Ladder');
    const exceptionalLabel = html('label', { class: 'toggle' }, toolbar);
    const exceptional = html('input', { type: 'checkbox', id: 'show-exceptional' }, exceptionalLabel);
    html('span', undefined, exceptionalLabel, 'Exceptional edges');
    const zoom = html('div', { class: 'group zoom' }, toolbar);
    const zoomOut = html('button', { type: 'button', class: 'icon', id: 'zoom-out', title: 'Zoom out', 'aria-label': 'Zoom out' }, zoom, '−');
    const zoomLevel = html('span', { class: 'zoom-level', 'aria-live': 'polite' }, zoom, '100%');
    const zoomIn = html('button', { type: 'button', class: 'icon', id: 'zoom-in', title: 'Zoom in', 'aria-label': 'Zoom in' }, zoom, '+');
    const fit = html('button', { type: 'button', id: 'zoom-fit', title: 'Fit to the panel' }, zoom, 'Fit');
    const stepper = html('div', { class: 'group stepper' }, toolbar);
    const back = html('button', { type: 'button', class: 'icon', id: 'step-back', title: 'Previous step (←)', 'aria-label': 'Previous step' }, stepper, '◀');
    const slider = html('input', { type: 'range', id: 'step-slider', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Step' }, stepper);
    const forward = html('button', { type: 'button', class: 'icon', id: 'step-forward', title: 'Next step (→)', 'aria-label': 'Next step' }, stepper, '▶');
    const stepLabel = html('span', { class: 'step-label' }, stepper);
    const banner = html('div', { class: 'banner stale', role: 'status', hidden: '' }, root);
    const status = html('div', { class: 'status', 'aria-live': 'polite' }, root);
    const views = html('div', { class: 'views' }, root);
    const stateHost = html('div', { class: 'view state-view', role: 'tabpanel', 'aria-labelledby': 'tab-state', tabindex: '-1' }, views);
    const ladderHost = html('div', { class: 'view ladder-view', role: 'tabpanel', 'aria-labelledby': 'tab-ladder', tabindex: '-1' }, views);
    const empty = html('div', { class: 'empty', hidden: '' }, views, EMPTY_TEXT);
    this.el = {
      title, tabState, tabLadder, exceptional, exceptionalLabel, zoomLevel, slider, stepLabel, stepper, banner, status, empty, views, stateHost, ladderHost,
    };

    const reveal = (range: SourceRange) => this.post({ type: 'reveal', range });
    this.stateView = new StateView(stateHost, { reveal });
    this.ladderView = new LadderView(ladderHost, { reveal });

    tabState.addEventListener('click', () => this.chooseView('state'));
    tabLadder.addEventListener('click', () => this.chooseView('ladder'));
    exceptional.checked = this.settings.showExceptional;
    exceptional.addEventListener('change', () => {
      this.settings = { ...this.settings, showExceptional: exceptional.checked };
      this.stateView.setShowExceptional(exceptional.checked);
      this.save();
      // The drawing's extent changes with the lanes: draw again, then fit.
      this.dirty.state = true;
      this.renderActive();
      this.applyZoom(true);
    });
    zoomOut.addEventListener('click', () => this.setZoom(this.settings.zoom / 1.25));
    zoomIn.addEventListener('click', () => this.setZoom(this.settings.zoom * 1.25));
    fit.addEventListener('click', () => this.fit());
    back.addEventListener('click', () => this.setPosition(this.position - 1));
    forward.addEventListener('click', () => this.setPosition(this.position + 1));
    slider.addEventListener('input', () => this.setPosition(Number(slider.value)));
    document.addEventListener('keydown', (event) => this.onKey(event));
    views.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    new ResizeObserver((entries) => {
      const { width, height } = entries[entries.length - 1].contentRect;
      this.viewsSize = { width, height };
      this.applyZoom();
    }).observe(views);
    this.applyZoom();
    this.stateView.setShowExceptional(this.settings.showExceptional);
    this.updateChrome();
  }

  private post(message: FromWebview): void {
    this.vscode.postMessage(message);
  }

  private save(): void {
    this.vscode.setState(this.settings);
  }

  handle(message: ToWebview): void {
    switch (message.type) {
      case 'show':
        // Names are user text: every character drawn visibly (visible.ts).
        this.show(makeVisible(message.diagram));
        break;
      case 'cursor':
        this.setCursor(message.line);
        break;
      case 'export':
        void this.export(message.format, message.requestId);
        break;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Showing a model

  private show(diagram: ShownDiagram): void {
    const previous = this.block;
    this.shown = diagram;
    const block = diagram.block ?? (diagram.stale ? undefined : diagram.model.current);
    this.block = block;
    this.timeline = timelineOf(block);
    const sameBlock = !!previous && !!block && previous.kind === block.kind && previous.index === block.index && previous.name === block.name &&
      this.settings.uri === diagram.model.uri;
    // The same block again (an edit elsewhere, a cursor move inside it): keep the slider where it was.
    if (!(sameBlock && this.position <= this.timeline.length)) this.position = this.timeline.length;
    if (this.settings.uri !== diagram.model.uri) {
      // Another document: its cursor comes with its own `cursor` message.
      this.cursorLine = undefined;
      this.settings = { ...this.settings, uri: diagram.model.uri };
      this.save();
    }
    resetMeasure();
    this.dirty.state = true;
    this.dirty.ladder = true;
    this.el.banner.hidden = !diagram.stale;
    this.el.banner.textContent = diagram.stale ? STALE_TEXT : '';
    this.el.empty.hidden = !!block;
    this.updateChrome();
    this.renderActive();
    this.applyZoom();
  }

  private get view(): View {
    return this.block?.kind === 'conversation' ? this.settings.view : 'state';
  }

  private chooseView(view: View): void {
    if (view === 'ladder' && this.block?.kind !== 'conversation') return;
    if (this.block?.kind === 'conversation') {
      this.settings = { ...this.settings, view };
      this.save();
    }
    this.updateChrome();
    this.renderActive();
    this.applyZoom();
  }

  private renderActive(): void {
    const view = this.view;
    const block = this.block;
    if (view === 'state' && this.dirty.state && this.shown) {
      this.dirty.state = false;
      this.stateView.render({
        model: this.shown.model, block, timeline: this.timeline, showExceptional: this.settings.showExceptional, title: blockTitle(block),
      });
      this.stateView.setPosition(this.position);
      this.stateView.setCursor(this.cursorLine);
    }
    if (view === 'ladder' && this.dirty.ladder && block?.kind === 'conversation') {
      this.dirty.ladder = false;
      this.ladderView.render(block, this.position, this.cursorLine);
    }
  }

  /** Toolbar, tabs, slider and status line from the current state. */
  private updateChrome(): void {
    const block = this.block;
    const view = this.view;
    const conversation = block?.kind === 'conversation';
    this.el.title.textContent = blockTitle(block);
    this.el.title.title = this.shown ? `${blockTitle(block)} — ${this.shown.model.uri}` : '';
    this.el.tabLadder.disabled = !conversation;
    this.el.tabLadder.title = conversation ? 'Segments between the peers, in time' : 'Only conversations have a ladder';
    for (const [tab, name] of [[this.el.tabState, 'state'], [this.el.tabLadder, 'ladder']] as const) {
      tab.setAttribute('aria-selected', String(view === name));
      tab.classList.toggle('selected', view === name);
      tab.tabIndex = view === name ? 0 : -1;
    }
    this.el.stateHost.hidden = view !== 'state';
    this.el.ladderHost.hidden = view !== 'ladder' || !block;
    this.el.exceptionalLabel.hidden = view !== 'state';
    this.el.stepper.hidden = !block || this.timeline.length === 0;
    this.el.slider.max = String(this.timeline.length);
    this.el.slider.value = String(this.position);
    this.el.slider.setAttribute('aria-valuetext', this.positionText());
    this.el.stepLabel.textContent = `${this.timeline.unit} ${this.position} / ${this.timeline.length}`;
    this.updateStatus();
  }

  private positionText(): string {
    return `${this.timeline.unit} ${this.position} of ${this.timeline.length}`;
  }

  /** One line on what the slider position shows: the step or event, and its problem. */
  private updateStatus(): void {
    const status = this.el.status;
    status.replaceChildren();
    const block = this.block;
    if (!block) return;
    const parts: { text: string; cls?: string }[] = [];
    const p = this.position;
    if (block.kind === 'scenario') {
      if (p === 0) {
        const start = block.steps[0]?.from;
        parts.push({ text: start ? `Start: ${start}` : 'Start' });
      } else {
        const step = block.steps[p - 1];
        parts.push({ text: `Step ${p} of ${block.steps.length}: ${step.from ?? '?'} → ${step.to ?? '?'}` });
        if (!step.ok) parts.push({ text: step.problem ?? 'illegal step', cls: 'problem' });
      }
    } else {
      if (p === 0) {
        parts.push({ text: `Start: ${block.peers[0]} ${block.start[0]}, ${block.peers[1]} ${block.start[1]}` });
      } else {
        const e = block.events[p - 1];
        parts.push({ text: `Event ${p} of ${block.events.length}: ${e.text}` });
        parts.push({ text: `${block.peers[0]} ${e.after[0]} · ${block.peers[1]} ${e.after[1]}`, cls: 'states' });
        if (!e.ok) parts.push({ text: e.note ?? 'error', cls: 'problem' });
      }
    }
    if (block.syntaxErrors > 0) {
      parts.push({ text: `${block.syntaxErrors} syntax error${block.syntaxErrors === 1 ? '' : 's'} in this block: the drawing may miss what they broke`, cls: 'problem' });
    }
    for (const part of parts) html('span', { class: `status-part${part.cls ? ` ${part.cls}` : ''}` }, status, part.text);
  }

  // ---------------------------------------------------------------------------------------------
  // Slider, cursor, keys

  private setPosition(position: number): void {
    const p = Math.max(0, Math.min(this.timeline.length, Math.round(position)));
    if (p === this.position) return;
    this.position = p;
    this.stateView.setPosition(p);
    this.ladderView.setPosition(p);
    if (this.view === 'ladder' && p > 0) this.ladderView.scrollToRow(p - 1);
    this.updateChrome();
  }

  private setCursor(line: number): void {
    this.cursorLine = line;
    this.stateView.setCursor(line);
    this.ladderView.setCursor(line);
    const hit = this.timeline.hops.some((h) => rangeHasLine(h.step.range, line));
    this.el.views.classList.toggle('has-cursor', hit);
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
    if (event.altKey || event.metaKey) return;
    if (event.ctrlKey) {
      if (event.key === '=' || event.key === '+') this.setZoom(this.settings.zoom * 1.25);
      else if (event.key === '-') this.setZoom(this.settings.zoom / 1.25);
      else if (event.key === '0') this.fit();
      else return;
      event.preventDefault();
      return;
    }
    let to: number | undefined;
    if (event.key === 'ArrowLeft') to = this.position - 1;
    else if (event.key === 'ArrowRight') to = this.position + 1;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = this.timeline.length;
    if (to === undefined || !this.block) return;
    event.preventDefault();
    this.setPosition(to);
  }

  // ---------------------------------------------------------------------------------------------
  // Zoom

  private onWheel(event: WheelEvent): void {
    if (!event.ctrlKey) return;
    event.preventDefault();
    const scroller = this.view === 'ladder' ? this.el.ladderHost : this.el.stateHost;
    const rect = scroller.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    const old = this.settings.zoom;
    const next = this.setZoom(old * Math.exp(-event.deltaY * 0.0015));
    const ratio = next / old;
    scroller.scrollLeft = (scroller.scrollLeft + px) * ratio - px;
    scroller.scrollTop = (scroller.scrollTop + py) * ratio - py;
  }

  /** `zoom` is relative to the size that fits the panel (1 = fit), so it survives resizes and both views share it. */
  private setZoom(zoom: number): number {
    const z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
    this.settings = { ...this.settings, zoom: z };
    this.applyZoom();
    this.save();
    return z;
  }

  /** The drawing's scale in `view` at zoom 1: the state diagram fits the panel, the ladder its width (at most 100%). */
  private fitScale(view: View): number {
    if (this.viewsSize.width <= 0) {
      const rect = this.el.views.getBoundingClientRect();
      this.viewsSize = { width: rect.width, height: rect.height };
    }
    const box = this.viewsSize;
    if (box.width <= 0 || box.height <= 0) return 1;
    if (view === 'ladder') return Math.max(0.6, Math.min(1, (box.width - 24) / LADDER_WIDTH));
    const figure = this.stateView.viewBox;
    return Math.max(0.3, Math.min(1.6, (box.width - 24) / figure.width, (box.height - 20) / figure.height));
  }

  private readonly applied = { state: 0, ladder: 0 };
  /** The views' size, from a ResizeObserver (measuring it on every show would force a layout). */
  private viewsSize = { width: 0, height: 0 };

  private applyZoom(force = false): void {
    const z = this.settings.zoom;
    const state = this.fitScale('state') * z;
    const ladder = this.fitScale('ladder') * z;
    if (force || state !== this.applied.state) this.stateView.setZoom((this.applied.state = state));
    if (force || ladder !== this.applied.ladder) this.ladderView.setZoom((this.applied.ladder = ladder));
    this.el.zoomLevel.textContent = `${Math.round((this.view === 'ladder' ? ladder : state) * 100)}%`;
  }

  private fit(): void {
    this.setZoom(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Export

  private async export(format: 'svg' | 'png', requestId: number): Promise<void> {
    try {
      if (!this.shown) throw new Error('nothing is drawn yet');
      let text: string;
      let size: { width: number; height: number };
      if (this.view === 'ladder') {
        const drawing = this.ladderView.buildFull();
        size = { width: Number(drawing.getAttribute('width')), height: Number(drawing.getAttribute('height')) };
        text = exportSvg(drawing, '', size);
      } else {
        this.renderActive();
        const figure = this.stateView.viewBox;
        size = { width: figure.width, height: figure.height };
        // The rules that depend on the view's container (hidden exceptional edges) apply to the copy too.
        const classes = this.settings.showExceptional ? '' : 'hide-exceptional';
        text = exportSvg(this.stateView.root, classes, { ...size, x: figure.x, y: figure.y });
      }
      const data = format === 'svg' ? text : await svgToPng(text, size.width, size.height);
      this.post({ type: 'exported', requestId, format, data });
    } catch (err) {
      this.post({ type: 'exportFailed', requestId, message: err instanceof Error ? err.message : String(err) });
    }
  }
}

function blockTitle(block: BlockDiagram | undefined): string {
  if (!block) return 'No block';
  return block.name !== undefined ? `${block.kind} “${block.name}”` : `${block.kind} ${block.index + 1}`;
}

function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app') ?? document.body;
  let app: App;
  try {
    app = new App(root, vscode);
  } catch (err) {
    vscode.postMessage({ type: 'error', message: `diagram webview failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
    return;
  }
  window.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as ToWebview | undefined;
    if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
    try {
      app.handle(message);
    } catch (err) {
      vscode.postMessage({ type: 'error', message: `diagram webview: ${message.type} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
    }
  });
  window.addEventListener('error', (event) => {
    vscode.postMessage({ type: 'error', message: `diagram webview: ${event.message}` });
  });
  vscode.postMessage({ type: 'ready' });
}

start();
