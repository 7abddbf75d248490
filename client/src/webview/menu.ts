// A popup menu under a toolbar button (the Export menu): role=menu with menuitem and
// menuitemradio rows, opened by a click or Enter, walked with the arrow keys, closed by Escape,
// a choice, or a click elsewhere. Its items are asked for each time it opens.

import { html } from './dom';

export interface MenuItem {
  readonly id: string;
  readonly label: string;
  /** A radio item shows whether it is the current choice; a separator line goes before `group` starts. */
  readonly checked?: boolean;
  readonly group?: string;
  /** Runs inside the click or key handler (so the page has the user's activation, e.g. for the clipboard). */
  readonly run: () => void;
}

export class PopupMenu {
  private readonly list: HTMLElement;
  private outside?: (event: Event) => void;

  constructor(
    private readonly button: HTMLButtonElement,
    id: string,
    private readonly items: () => readonly MenuItem[],
  ) {
    this.list = html('div', { class: 'menu', id, role: 'menu', hidden: '', 'aria-label': button.getAttribute('aria-label') ?? '' }, document.body);
    button.setAttribute('aria-controls', id);
    button.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    button.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        this.open();
      }
    });
    this.list.addEventListener('keydown', (event) => this.onKey(event));
  }

  get isOpen(): boolean {
    return !this.list.hidden;
  }

  open(): void {
    this.list.replaceChildren();
    let group: string | undefined;
    for (const item of this.items()) {
      if (group !== undefined && item.group !== group) html('div', { class: 'menu-separator', role: 'separator' }, this.list);
      if (item.group !== group && item.group) html('div', { class: 'menu-heading', 'aria-hidden': 'true' }, this.list, item.group);
      group = item.group;
      const radio = item.checked !== undefined;
      const row = html('button', {
        type: 'button', class: 'menu-item', role: radio ? 'menuitemradio' : 'menuitem', 'data-item': item.id, tabindex: '-1',
        ...(radio ? { 'aria-checked': String(item.checked) } : {}),
      }, this.list);
      html('span', { class: 'menu-check', 'aria-hidden': 'true' }, row, item.checked ? '●' : '');
      html('span', { class: 'menu-label' }, row, item.label);
      row.addEventListener('click', (event) => {
        event.stopPropagation();
        this.close();
        item.run();
      });
    }
    const rect = this.button.getBoundingClientRect();
    this.list.hidden = false;
    // Under the button, kept inside the page.
    const width = this.list.offsetWidth;
    this.list.style.left = `${Math.max(4, Math.min(rect.left, window.innerWidth - width - 4))}px`;
    this.list.style.top = `${rect.bottom + 2}px`;
    this.button.setAttribute('aria-expanded', 'true');
    this.rows()[0]?.focus();
    this.outside = (event: Event) => {
      if (!this.list.contains(event.target as Node) && !this.button.contains(event.target as Node)) this.close(false);
    };
    document.addEventListener('pointerdown', this.outside, true);
  }

  close(focusButton = true): void {
    if (!this.isOpen) return;
    this.list.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (this.outside) document.removeEventListener('pointerdown', this.outside, true);
    this.outside = undefined;
    if (focusButton) this.button.focus();
  }

  private rows(): HTMLElement[] {
    return [...this.list.querySelectorAll<HTMLElement>('.menu-item')];
  }

  private onKey(event: KeyboardEvent): void {
    const rows = this.rows();
    const at = rows.indexOf(document.activeElement as HTMLElement);
    let to: number | undefined;
    if (event.key === 'ArrowDown') to = (at + 1) % rows.length;
    else if (event.key === 'ArrowUp') to = (at - 1 + rows.length) % rows.length;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = rows.length - 1;
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      this.close();
    }
    event.stopPropagation();
    if (to === undefined) return;
    event.preventDefault();
    rows[to]?.focus();
  }
}
