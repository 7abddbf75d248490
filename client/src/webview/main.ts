// The diagram webview's entry (its own browser bundle, dist/webview/diagram.js): answers the
// extension's messages (messages.ts), draws the state diagram and the ladder, plays the path with a
// step slider, reveals source ranges on click, exports SVG/PNG, and keeps its view settings (zoom,
// scroll, view) across edits and reloads with the webview state.

import type { BlockDiagram, SourceRange } from '../../../server/src/protocol/diagram';
import { html } from './dom';
import { exportSvg, svgToPng, svgToPngBlob } from './exportImage';
import { KeysHelp } from './keys';
import { Legend } from './legend';
import { PlaygroundPanel } from './playground';
import { LadderView } from './ladderView';
import { resetMeasure } from './measure';
import type { MenuItem } from './menu';
import type {
  ExportAction, ExportColors, ExportFormat, FromWebview, PreviewOptions, ScrollPosition, ShownDiagram, ToWebview, WebviewPersistedState, ZoomSetting,
} from './messages';
import { makeVisible } from './visible';
import { StateView } from './stateView';
import { diffParts, stepDiff } from './stepDiff';
import { EMPTY_TIMELINE, rangeHasLine, type Timeline, timelineOf } from './timeline';
import { buildToolbar, type ToolbarElements } from './toolbar';
import { MAX_SCALE, MIN_SCALE, Viewport, ZOOM_STEP } from './viewport';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: WebviewPersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const STALE_TEXT = 'The text has syntax errors: showing the last good diagram';
const EMPTY_TEXT = 'This file has no scenario or conversation yet. Write scenario "name" { CLOSED -> LISTEN : listen } to see its path here.';
/** The smallest scales Fit gives: labels stay at about 10 px or more (they scroll instead). */
const READABLE = { state: 0.9, ladder: 0.9 } as const;

type View = 'state' | 'ladder';

class App {
  private shown?: ShownDiagram;
  private block?: BlockDiagram;
  private timeline: Timeline = EMPTY_TIMELINE;
  private position = 0;
  /**
   * The slider follows new steps while it is at the end (a new step, an event typed from scratch);
   * once the user moves it elsewhere it stays where they put it.
   */
  private followEnd = true;
  private cursorLine?: number;
  private settings: WebviewPersistedState;
  /** The extension's settings (the export colours); the extension sends them after `ready`. */
  private options: PreviewOptions = { exportColors: 'theme' };
  private readonly dirty = { state: true, ladder: true };
  /** Scroll positions still to restore after a reload (applied once the view has been drawn). */
  private readonly pendingScroll: { state?: ScrollPosition; ladder?: ScrollPosition };

  private readonly el: ToolbarElements & {
    banner: HTMLElement;
    status: HTMLElement;
    empty: HTMLElement;
    views: HTMLElement;
    stateHost: HTMLElement;
    ladderHost: HTMLElement;
  };
  private readonly stateView: StateView;
  private readonly ladderView: LadderView;
  private readonly viewports: Record<View, Viewport>;
  private readonly keysHelp: KeysHelp;
  private readonly legend: Legend;
  private readonly playground: PlaygroundPanel;

  constructor(
    root: HTMLElement,
    private readonly vscode: VsCodeApi,
  ) {
    this.settings = restoredState(vscode.getState());
    this.pendingScroll = { ...this.settings.scroll };

    const toolbar = buildToolbar(root, () => this.exportItems());
    const banner = html('div', { class: 'banner stale', role: 'status', hidden: '' }, root);
    const status = html('div', { class: 'status', 'aria-live': 'polite' }, root);
    const main = html('div', { class: 'main' }, root);
    const views = html('div', { class: 'views' }, main);
    const stateHost = html('div', { class: 'view state-view', role: 'tabpanel', 'aria-labelledby': 'tab-state', tabindex: '-1' }, views);
    const ladderHost = html('div', { class: 'view ladder-view', role: 'tabpanel', 'aria-labelledby': 'tab-ladder', tabindex: '-1' }, views);
    const empty = html('div', { class: 'empty', hidden: '' }, views, EMPTY_TEXT);
    this.playground = new PlaygroundPanel(main, this.settings.playgroundOpen, {
      choose: (line) => {
        const block = this.shown?.model.current;
        if (!block || !this.shown || this.shown.stale) return;
        this.post({ type: 'append', version: this.shown.model.version, blockIndex: block.index, line });
      },
      toggled: (open) => {
        this.settings = { ...this.settings, playgroundOpen: open };
        this.save();
      },
    });
    this.legend = new Legend(root, this.settings.legendOpen, (open) => {
      this.settings = { ...this.settings, legendOpen: open };
      this.save();
    });
    this.el = { ...toolbar, banner, status, empty, views, stateHost, ladderHost };
    this.keysHelp = new KeysHelp(root, toolbar.keys);

    const reveal = (range: SourceRange) => this.post({ type: 'reveal', range });
    this.stateView = new StateView(stateHost, { reveal });
    this.ladderView = new LadderView(ladderHost, { reveal });
    const viewport = (view: View, host: HTMLElement, target: StateView | LadderView) => new Viewport(host, target, {
      readable: READABLE[view],
      maxFit: view === 'state' ? 1.5 : 1.25,
      onZoom: (setting) => {
        this.settings = { ...this.settings, zoom: { ...this.settings.zoom, [view]: setting } };
        this.updateZoomLabel();
        this.save();
      },
      onScroll: (scroll) => {
        if (this.pendingScroll[view]) return; // not restored yet: keep the saved one
        this.settings = { ...this.settings, scroll: { ...this.settings.scroll, [view]: scroll } };
        this.save();
      },
    });
    this.viewports = { state: viewport('state', stateHost, this.stateView), ladder: viewport('ladder', ladderHost, this.ladderView) };
    this.viewports.state.restore(this.settings.zoom.state);
    this.viewports.ladder.restore(this.settings.zoom.ladder);

    const { tabState, tabLadder, exceptional, zoomOut, zoomIn, fit, back, forward, slider } = toolbar;
    tabState.addEventListener('click', () => this.chooseView('state'));
    tabLadder.addEventListener('click', () => this.chooseView('ladder'));
    exceptional.checked = this.settings.showExceptional;
    exceptional.addEventListener('change', () => {
      this.settings = { ...this.settings, showExceptional: exceptional.checked };
      this.stateView.setShowExceptional(exceptional.checked);
      this.save();
      // The drawing's extent changes with the lanes: draw again, then fit it again.
      this.dirty.state = true;
      this.renderActive();
      this.viewports.state.apply(true);
      this.updateZoomLabel();
    });
    zoomOut.addEventListener('click', () => this.active.zoomBy(1 / ZOOM_STEP));
    zoomIn.addEventListener('click', () => this.active.zoomBy(ZOOM_STEP));
    fit.addEventListener('click', () => this.active.fit());
    back.addEventListener('click', () => this.setPosition(this.position - 1));
    forward.addEventListener('click', () => this.setPosition(this.position + 1));
    slider.addEventListener('input', () => this.setPosition(Number(slider.value)));
    document.addEventListener('keydown', (event) => this.onKey(event));
    views.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    new ResizeObserver(() => {
      this.viewports.state.apply();
      this.viewports.ladder.apply();
      this.updateZoomLabel();
    }).observe(views);
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
      case 'options':
        this.options = message.options;
        break;
      case 'copyPng':
        void this.copyPng(message.requestId);
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
    // The same block again (an edit, a cursor move inside it): a slider the user moved stays there;
    // one at the end (or a new block) goes to the new end.
    if (sameBlock && !this.followEnd) this.position = Math.min(this.position, this.timeline.length);
    else this.position = this.timeline.length;
    this.followEnd = this.position === this.timeline.length;
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
    // What may come next is the current block's (never the stale drawing's).
    this.playground.show(block, !diagram.stale);
    this.updateChrome();
    this.renderActive();
  }

  private get view(): View {
    return this.block?.kind === 'conversation' ? this.settings.view : 'state';
  }

  private get active(): Viewport {
    return this.viewports[this.view];
  }

  private chooseView(view: View): void {
    if (view === 'ladder' && this.block?.kind !== 'conversation') return;
    if (this.block?.kind === 'conversation') {
      this.settings = { ...this.settings, view };
      this.save();
    }
    this.updateChrome();
    this.renderActive();
  }

  /** Draws the visible view when its model changed; the zoom and scroll stay as they were. */
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
    this.active.apply();
    this.updateZoomLabel();
    const scroll = this.pendingScroll[view];
    if (scroll && this.shown) {
      this.pendingScroll[view] = undefined;
      this.active.scrollTo(scroll);
    }
  }

  private updateZoomLabel(): void {
    const viewport = this.active;
    this.el.zoomLevel.textContent = `${Math.round(viewport.scale * 100)}%`;
    this.el.fit.setAttribute('aria-pressed', String(viewport.zoomSetting === 'fit'));
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
    // Out of sight in the ladder, but keeping its room: nothing else in the toolbar moves.
    this.el.exceptionalLabel.classList.toggle('invisible', view !== 'state');
    this.el.exceptional.disabled = view !== 'state';
    this.legend.element.hidden = !block;
    if (block) this.legend.show(view, conversation ? block.peers : undefined);
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
        // What it changed (stepDiff.ts): the state it moved to, highlighted in the drawing too.
        const diff = stepDiff(block, p);
        if (diff && diff.states.length > 0) parts.push({ text: `Step ${p} of ${block.steps.length}: ` }, ...diffParts(block, diff));
        else parts.push({ text: `Step ${p} of ${block.steps.length}: ${step.from ?? '?'} → ${step.to ?? '?'}` });
        if (!step.ok) parts.push({ text: step.problem ?? 'illegal step', cls: 'problem' });
      }
    } else {
      if (p === 0) {
        parts.push({ text: `Start: ${block.peers[0]} ${block.start[0]}, ${block.peers[1]} ${block.start[1]}` });
      } else {
        const e = block.events[p - 1];
        parts.push({ text: `Event ${p} of ${block.events.length}: ${e.text}` });
        // What it changed (stepDiff.ts), highlighted the same way in both views; then where both peers are.
        const diff = stepDiff(block, p);
        if (diff) parts.push(...diffParts(block, diff));
        parts.push({ text: `${block.peers[0]} ${e.after[0]} · ${block.peers[1]} ${e.after[1]}`, cls: 'states' });
        if (!e.ok) parts.push({ text: e.note ?? 'error', cls: 'problem' });
      }
    }
    if (block.syntaxErrors > 0) {
      parts.push({ text: `${block.syntaxErrors} syntax error${block.syntaxErrors === 1 ? '' : 's'} in this block: the drawing may miss what they broke`, cls: 'problem' });
    }
    for (const part of parts) html('span', { class: `status-part${part.cls ? ` ${part.cls}` : ''}`, title: part.text }, status, part.text);
  }

  // ---------------------------------------------------------------------------------------------
  // Slider, cursor, keys

  private setPosition(position: number): void {
    const p = Math.max(0, Math.min(this.timeline.length, Math.round(position)));
    this.followEnd = p === this.timeline.length;
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
    if (target?.closest('.menu, .keys-help')) return;
    if (event.altKey || event.metaKey) return;
    const zoomKey = (key: string): (() => void) | undefined => {
      if (key === '=' || key === '+') return () => this.active.zoomBy(ZOOM_STEP);
      if (key === '-' || key === '−') return () => this.active.zoomBy(1 / ZOOM_STEP);
      if (key === '0') return () => this.active.fit();
      return undefined;
    };
    if (event.ctrlKey) {
      const run = zoomKey(event.key);
      if (!run) return;
      event.preventDefault();
      run();
      return;
    }
    if (event.key === '?') {
      event.preventDefault();
      this.keysHelp.toggle();
      return;
    }
    const zoom = zoomKey(event.key);
    if (zoom) {
      event.preventDefault();
      zoom();
      return;
    }
    if (!this.block) return;
    // On a state or edge of the state diagram, the arrows move along the edges.
    const direction = ARROWS[event.key];
    if (direction && target && this.view === 'state') {
      const next = this.stateView.neighbour(target, direction);
      if (next !== null) {
        event.preventDefault();
        next?.focus();
        return;
      }
    }
    // In the ladder, up and down move between events.
    if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && this.view === 'ladder' && target?.closest('.ladder-view')) {
      const row = this.ladderView.focusRow(target, event.key === 'ArrowUp' ? -1 : 1);
      if (row) event.preventDefault();
      return;
    }
    let to: number | undefined;
    if (event.key === 'ArrowLeft') to = this.position - 1;
    else if (event.key === 'ArrowRight') to = this.position + 1;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = this.timeline.length;
    if (to === undefined) return;
    event.preventDefault();
    this.setPosition(to);
    // Focus in the drawing follows the step (a screen reader reads the step).
    if (target?.closest('.views') && this.position > 0) {
      if (this.view === 'state') this.stateView.focusOrder(this.position - 1);
      else this.ladderView.focusEvent(this.position - 1);
    }
  }

  private onWheel(event: WheelEvent): void {
    if (!event.ctrlKey) return;
    event.preventDefault();
    this.active.zoomBy(Math.exp(-event.deltaY * 0.0015), event.clientX, event.clientY);
  }

  // ---------------------------------------------------------------------------------------------
  // Export

  /** The Export menu: what it offers now. */
  private exportItems(): MenuItem[] {
    const request = (format: ExportFormat, action: ExportAction) => () => this.post({ type: 'exportRequest', format, action });
    const colors = (id: ExportColors, label: string): MenuItem => ({
      id: `colors-${id}`, label, group: 'Colours', checked: this.options.exportColors === id,
      run: () => {
        this.options = { ...this.options, exportColors: id };
        this.post({ type: 'setExportColors', colors: id });
      },
    });
    return [
      { id: 'save-svg', label: 'Save as SVG…', run: request('svg', 'save') },
      { id: 'save-png', label: 'Save as PNG…', run: request('png', 'save') },
      { id: 'copy-svg', label: 'Copy as SVG', group: 'Clipboard', run: request('svg', 'copy') },
      // Done here, in the click: the browser lets a page write a picture only right after a user's gesture.
      { id: 'copy-png', label: 'Copy as PNG', group: 'Clipboard', run: () => void this.copyPng() },
      colors('theme', 'Editor theme'),
      colors('light', 'Light'),
      colors('print', 'Print (black on white)'),
    ];
  }

  /** Puts the whole block on the clipboard as a PNG; answers `copyPng` (requestId) or says so in the toolbar. */
  private async copyPng(requestId?: number): Promise<void> {
    try {
      const { text, width, height } = this.exportedSvg();
      // The clipboard item is given the promise at once: the write must start inside the user's gesture.
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': svgToPngBlob(text, width, height) })]);
      this.flash('Copied as PNG');
      this.post({ type: 'copied', ...(requestId !== undefined ? { requestId } : {}), ok: true });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.flash('Copy failed');
      this.post({ type: 'copied', ...(requestId !== undefined ? { requestId } : {}), ok: false, message });
    }
  }

  private flashTimer = 0;

  /** A short message in the toolbar (read out by screen readers), gone after a few seconds. */
  private flash(text: string): void {
    this.el.flash.textContent = text;
    clearTimeout(this.flashTimer);
    this.flashTimer = window.setTimeout(() => {
      this.el.flash.textContent = '';
    }, 4000);
  }

  /**
   * The whole block as standalone SVG text and its size: every step drawn as reached, no cursor
   * highlight (the slider and the cursor are how the user reads it here, not part of the picture).
   */
  private exportedSvg(): { text: string; width: number; height: number } {
    if (!this.shown) throw new Error('nothing is drawn yet');
    if (this.view === 'ladder') {
      const drawing = this.ladderView.buildFull(blockTitle(this.block));
      const size = { width: Number(drawing.getAttribute('width')), height: Number(drawing.getAttribute('height')) };
      return { text: exportSvg(drawing, '', size, this.options.exportColors), ...size };
    }
    this.renderActive();
    const figure = this.stateView.viewBox;
    const live = this.stateView;
    live.setCursor(undefined);
    live.setPosition(this.timeline.length);
    const copy = live.root.cloneNode(true) as SVGSVGElement;
    live.setPosition(this.position);
    live.setCursor(this.cursorLine);
    // The rules that depend on the view's container (hidden exceptional edges) apply to the copy too.
    const classes = this.settings.showExceptional ? '' : 'hide-exceptional';
    const text = exportSvg(copy, classes, { width: figure.width, height: figure.height, x: figure.x, y: figure.y }, this.options.exportColors);
    return { text, width: figure.width, height: figure.height };
  }

  private async export(format: ExportFormat, requestId: number): Promise<void> {
    try {
      const { text, width, height } = this.exportedSvg();
      const data = format === 'svg' ? text : await svgToPng(text, width, height);
      this.post({ type: 'exported', requestId, format, data });
    } catch (err) {
      this.post({ type: 'exportFailed', requestId, message: err instanceof Error ? err.message : String(err) });
    }
  }
}

const ARROWS: Readonly<Record<string, 'up' | 'down' | 'left' | 'right'>> = {
  ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right',
};

function blockTitle(block: BlockDiagram | undefined): string {
  if (!block) return 'No block';
  return block.name !== undefined ? `${block.kind} “${block.name}”` : `${block.kind} ${block.index + 1}`;
}

const isZoom = (v: unknown): v is ZoomSetting => v === 'fit' || (typeof v === 'number' && v >= MIN_SCALE && v <= MAX_SCALE);
const isScroll = (v: unknown): v is ScrollPosition => typeof v === 'object' && v !== null &&
  typeof (v as ScrollPosition).left === 'number' && typeof (v as ScrollPosition).top === 'number';

/** The saved state, checked field by field (an older version of the webview may have saved it). */
function restoredState(saved: unknown): WebviewPersistedState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<Record<keyof WebviewPersistedState, unknown>>;
  const zoom = (typeof s.zoom === 'object' && s.zoom !== null ? s.zoom : {}) as Record<string, unknown>;
  const scroll = (typeof s.scroll === 'object' && s.scroll !== null ? s.scroll : {}) as Record<string, unknown>;
  const origin = { left: 0, top: 0 };
  return {
    uri: typeof s.uri === 'string' ? s.uri : '',
    view: s.view === 'state' ? 'state' : 'ladder',
    showExceptional: s.showExceptional === true,
    zoom: { state: isZoom(zoom.state) ? zoom.state : 'fit', ladder: isZoom(zoom.ladder) ? zoom.ladder : 'fit' },
    scroll: { state: isScroll(scroll.state) ? scroll.state : origin, ladder: isScroll(scroll.ladder) ? scroll.ladder : origin },
    legendOpen: s.legendOpen !== false,
    playgroundOpen: s.playgroundOpen !== false,
  };
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
