// The capture viewer's table of connections in the DOM: a header of sort buttons and a body that
// holds only the rows near the viewport (a capture can have a hundred thousand connections). The
// rows' order and the filters are data (client/src/capture/table.ts); this draws them and turns
// clicks and keys into a selection. Text goes in through textContent only.

import type { ConnectionRow } from '../capture/protocol';
import { cellText, COLUMNS, type SortColumn, type SortOrder } from '../capture/table';
import { html } from './dom';
import { watchScroller } from './scrollWatch';

/** Must match `.capture-table tbody tr` in media/capture.css. */
export const ROW_HEIGHT = 24;
/** Rows rendered beyond the viewport on each side. */
const MARGIN = 20;

export interface TableHost {
  sort(column: SortColumn): void;
  select(id: number): void;
}

export class CaptureTableView {
  private rows: readonly ConnectionRow[] = [];
  private selected: number | undefined;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly headers = new Map<SortColumn, HTMLTableCellElement>();
  private window: [number, number] = [-1, -1];
  private frame = 0;
  private scrollTop = 0;
  private viewportHeight = 0;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly host: TableHost,
  ) {
    this.table = html('table', { class: 'capture-table', role: 'grid', 'aria-label': 'TCP connections', 'aria-rowcount': 1 }, scroller);
    const colgroup = html('colgroup', undefined, this.table);
    for (const column of COLUMNS) html('col', { class: `col-${column.id}` }, colgroup);
    const head = html('thead', undefined, this.table);
    const headRow = html('tr', { role: 'row', 'aria-rowindex': 1 }, head);
    for (const column of COLUMNS) {
      const th = html('th', { role: 'columnheader', scope: 'col', class: column.numeric ? 'numeric' : undefined, 'data-column': column.id }, headRow);
      const button = html('button', { type: 'button', class: 'sort', title: `${column.description}. Click to sort.` }, th);
      html('span', { class: 'sort-title' }, button, column.title);
      html('span', { class: 'sort-mark', 'aria-hidden': 'true' }, button);
      button.addEventListener('click', () => host.sort(column.id));
      this.headers.set(column.id, th);
    }
    this.body = html('tbody', undefined, this.table);
    this.body.addEventListener('click', (event) => {
      const tr = (event.target as Element | null)?.closest('tr[data-id]');
      if (tr) host.select(Number(tr.getAttribute('data-id')));
    });
    this.body.addEventListener('keydown', (event) => this.onKey(event));
    watchScroller(scroller, (scrollTop, height) => {
      this.scrollTop = scrollTop;
      this.viewportHeight = height;
      this.schedule();
    });
  }

  /** Shows `rows` (already filtered and sorted) under `order`, `selected` marked. */
  render(rows: readonly ConnectionRow[], order: SortOrder, selected: number | undefined): void {
    this.rows = rows;
    this.selected = selected;
    this.table.setAttribute('aria-rowcount', String(rows.length + 1));
    for (const [id, th] of this.headers) {
      const on = order.column === id;
      th.setAttribute('aria-sort', on ? (order.descending ? 'descending' : 'ascending') : 'none');
      th.classList.toggle('sorted', on);
      th.querySelector('.sort-mark')!.textContent = on ? (order.descending ? '▼' : '▲') : '';
    }
    this.update(true);
  }

  /** Scrolls the row of connection `id` into view (after a keyboard move). */
  reveal(id: number): void {
    const index = this.rows.findIndex((r) => r.id === id);
    if (index < 0) return;
    const head = this.table.tHead?.offsetHeight ?? ROW_HEIGHT;
    const top = head + index * ROW_HEIGHT;
    const view = this.scroller.clientHeight;
    if (top - head < this.scroller.scrollTop) this.scroller.scrollTop = top - head;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + view) this.scroller.scrollTop = top + ROW_HEIGHT - view;
    this.scrollTop = this.scroller.scrollTop;
    this.update(true);
    this.focusSelected();
  }

  focusSelected(): void {
    const tr = this.body.querySelector<HTMLTableRowElement>('tr.selected');
    tr?.focus({ preventScroll: true });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update(false);
    });
  }

  private update(force: boolean): void {
    const n = this.rows.length;
    const height = this.viewportHeight || this.scroller.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.scrollTop / ROW_HEIGHT) - MARGIN);
    const last = Math.min(n, Math.ceil((this.scrollTop + height) / ROW_HEIGHT) + MARGIN);
    if (!force && first === this.window[0] && last === this.window[1]) return;
    this.window = [first, last];
    const focused = this.body.contains(document.activeElement);
    this.body.replaceChildren();
    if (first > 0) this.spacer(first * ROW_HEIGHT);
    for (let i = first; i < last; i++) this.drawRow(this.rows[i], i);
    if (last < n) this.spacer((n - last) * ROW_HEIGHT);
    if (focused) this.focusSelected();
  }

  private spacer(height: number): void {
    const tr = html('tr', { class: 'spacer', 'aria-hidden': 'true' }, this.body);
    const td = html('td', { colspan: COLUMNS.length }, tr);
    td.style.height = `${height}px`;
  }

  private drawRow(row: ConnectionRow, index: number): void {
    const selected = row.id === this.selected;
    const classes = [
      selected ? 'selected' : '',
      row.first === undefined ? 'pending' : '',
      (row.errors ?? 0) > 0 ? 'has-errors' : (row.diagnostics ?? 0) > 0 ? 'has-diagnostics' : '',
    ].filter(Boolean).join(' ');
    const tr = html('tr', {
      role: 'row', 'data-id': row.id, 'aria-rowindex': index + 2, 'aria-selected': String(selected), tabindex: selected ? 0 : -1,
      class: classes || undefined,
    }, this.body);
    for (const column of COLUMNS) {
      const text = row.importError && column.id === 'diagnostics' ? 'import failed' : cellText(row, column.id);
      const td = html('td', {
        role: 'gridcell', class: `${column.numeric ? 'numeric ' : ''}cell-${column.id}`, 'data-column': column.id,
      }, tr, text);
      if (column.id === 'diagnostics' && row.importError) td.title = row.importError;
    }
    if (this.selected === undefined && index === 0) tr.tabIndex = 0;
  }

  private onKey(event: KeyboardEvent): void {
    const n = this.rows.length;
    if (n === 0) return;
    const at = this.rows.findIndex((r) => r.id === this.selected);
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    let to: number | undefined;
    if (event.key === 'ArrowDown') to = at + 1;
    else if (event.key === 'ArrowUp') to = at < 0 ? 0 : at - 1;
    else if (event.key === 'PageDown') to = at + page;
    else if (event.key === 'PageUp') to = at - page;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = n - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      const tr = (event.target as Element | null)?.closest('tr[data-id]');
      if (tr) this.host.select(Number(tr.getAttribute('data-id')));
      event.preventDefault();
      return;
    }
    if (to === undefined) return;
    event.preventDefault();
    const row = this.rows[Math.max(0, Math.min(n - 1, to))];
    this.host.select(row.id);
  }
}
