// The keyboard help of the preview (`?` or the toolbar's ? button): a small dialog listing every
// key, closed by Escape, `?` again or a click outside. The keys themselves are handled in main.ts.

import { html } from './dom';

/** Every key the preview answers, as the help lists them. */
export const KEYS: readonly (readonly [keys: string, what: string])[] = [
  ['← →', 'Previous / next step (focus follows the step)'],
  ['Home End', 'First / last step'],
  ['← → ↑ ↓ on a state', 'Move along its edges to the next state that way'],
  ['↑ ↓ in the ladder', 'Previous / next event'],
  ['Enter', 'Show the focused state, edge, step or event in the editor'],
  ['Tab', 'Next state, edge or step'],
  ['+ −  (or Ctrl+= Ctrl+−)', 'Zoom in / out'],
  ['0  (or Ctrl+0)', 'Fit to the width of the panel'],
  ['Ctrl+wheel', 'Zoom around the pointer'],
  ['Drag', 'Pan'],
  ['?', 'Show or hide these keys'],
];

export class KeysHelp {
  private readonly dialog: HTMLElement;
  private returnFocus?: HTMLElement | SVGElement;

  constructor(parent: HTMLElement, private readonly button: HTMLButtonElement) {
    this.dialog = html('div', { class: 'keys-help', id: 'keys-help', role: 'dialog', 'aria-label': 'Keyboard shortcuts', hidden: '', tabindex: '-1' }, parent);
    html('div', { class: 'keys-title' }, this.dialog, 'Keyboard shortcuts');
    const table = html('table', undefined, this.dialog);
    for (const [keys, what] of KEYS) {
      const row = html('tr', undefined, table);
      html('th', { scope: 'row' }, row, keys);
      html('td', undefined, row, what);
    }
    const close = html('button', { type: 'button', class: 'keys-close' }, this.dialog, 'Close');
    close.addEventListener('click', () => this.hide());
    button.addEventListener('click', () => this.toggle());
    this.dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' || event.key === '?') {
        event.preventDefault();
        event.stopPropagation();
        this.hide();
      }
    });
    document.addEventListener('pointerdown', (event) => {
      if (this.isOpen && !this.dialog.contains(event.target as Node) && !button.contains(event.target as Node)) this.hide(false);
    }, true);
  }

  get isOpen(): boolean {
    return !this.dialog.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.hide();
    else this.show();
  }

  show(): void {
    const active = document.activeElement;
    this.returnFocus = active instanceof HTMLElement || active instanceof SVGElement ? active : undefined;
    this.dialog.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.dialog.focus();
  }

  hide(restoreFocus = true): void {
    if (!this.isOpen) return;
    this.dialog.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (restoreFocus) (this.returnFocus?.isConnected ? this.returnFocus : this.button).focus();
  }
}
