// The preview's toolbar: one row that never wraps (narrow panes drop words, not controls), with the
// block's title, the view tabs, the step slider, zoom, the Export menu and the keys button. Built
// once; the App reads and sets its elements.

import { html } from './dom';
import { type MenuItem, PopupMenu } from './menu';

export interface ToolbarElements {
  readonly title: HTMLElement;
  readonly tabState: HTMLButtonElement;
  readonly tabLadder: HTMLButtonElement;
  readonly stepper: HTMLElement;
  readonly back: HTMLButtonElement;
  readonly slider: HTMLInputElement;
  readonly forward: HTMLButtonElement;
  readonly stepLabel: HTMLElement;
  readonly zoomOut: HTMLButtonElement;
  readonly zoomLevel: HTMLElement;
  readonly zoomIn: HTMLButtonElement;
  readonly fit: HTMLButtonElement;
  readonly exportButton: HTMLButtonElement;
  readonly exportMenu: PopupMenu;
  readonly keys: HTMLButtonElement;
  readonly exceptional: HTMLInputElement;
  readonly exceptionalLabel: HTMLElement;
  /** A short message after an action (Copied as PNG), read out by screen readers. */
  readonly flash: HTMLElement;
}

export function buildToolbar(root: HTMLElement, exportItems: () => readonly MenuItem[]): ToolbarElements {
  const bar = html('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Diagram' }, root);
  const title = html('span', { class: 'block-title' }, bar);
  const tabs = html('div', { class: 'tabs', role: 'tablist', 'aria-label': 'View' }, bar);
  const tabState = html('button', {
    class: 'tab', role: 'tab', id: 'tab-state', type: 'button', title: 'The states and edges of RFC 9293 Figure 5', 'aria-label': 'State diagram',
  }, tabs);
  html('span', { class: 'long' }, tabState, 'State diagram');
  html('span', { class: 'short', 'aria-hidden': 'true' }, tabState, 'States');
  const tabLadder = html('button', { class: 'tab', role: 'tab', id: 'tab-ladder', type: 'button' }, tabs, 'Ladder');

  const stepper = html('div', { class: 'group stepper' }, bar);
  const back = html('button', { type: 'button', class: 'icon', id: 'step-back', title: 'Previous step (←)', 'aria-label': 'Previous step' }, stepper, '◀');
  const slider = html('input', { type: 'range', id: 'step-slider', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Step' }, stepper);
  const forward = html('button', { type: 'button', class: 'icon', id: 'step-forward', title: 'Next step (→)', 'aria-label': 'Next step' }, stepper, '▶');
  const stepLabel = html('span', { class: 'step-label' }, stepper);

  const zoom = html('div', { class: 'group zoom' }, bar);
  const zoomOut = html('button', { type: 'button', class: 'icon', id: 'zoom-out', title: 'Zoom out (−)', 'aria-label': 'Zoom out' }, zoom, '−');
  const zoomLevel = html('span', { class: 'zoom-level', 'aria-live': 'polite' }, zoom, '100%');
  const zoomIn = html('button', { type: 'button', class: 'icon', id: 'zoom-in', title: 'Zoom in (+)', 'aria-label': 'Zoom in' }, zoom, '+');
  const fit = html('button', { type: 'button', id: 'zoom-fit', title: 'Fit to the width of the panel (0)' }, zoom, 'Fit');

  const actions = html('div', { class: 'group actions' }, bar);
  const exportButton = html('button', {
    type: 'button', id: 'export', title: 'Save or copy the whole block as SVG or PNG', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': 'Export',
  }, actions);
  html('span', undefined, exportButton, 'Export');
  html('span', { class: 'codicon', 'aria-hidden': 'true' }, exportButton, ' ▾');
  const exportMenu = new PopupMenu(exportButton, 'export-menu', exportItems);
  const keys = html('button', { type: 'button', class: 'icon', id: 'keys', title: 'Keyboard shortcuts (?)', 'aria-label': 'Keyboard shortcuts' }, actions, '?');
  const flash = html('span', { class: 'flash', role: 'status', 'aria-live': 'polite' }, actions);

  // Last: it is there only in the state view, and hiding it moves nothing else.
  const exceptionalLabel = html('label', { class: 'toggle', title: 'Show the RST, abort and timeout edges' }, bar);
  const exceptional = html('input', { type: 'checkbox', id: 'show-exceptional', 'aria-label': 'Exceptional edges' }, exceptionalLabel);
  html('span', { class: 'long' }, exceptionalLabel, 'Exceptional edges');
  html('span', { class: 'short', 'aria-hidden': 'true' }, exceptionalLabel, 'Exceptional');

  return {
    title, tabState, tabLadder, stepper, back, slider, forward, stepLabel, zoomOut, zoomLevel, zoomIn, fit, exportButton, exportMenu, keys,
    exceptional, exceptionalLabel, flash,
  };
}
