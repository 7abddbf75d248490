// DOM helpers for the webview: elements are built with createElement(NS), user text goes in only
// through textContent and setAttribute (never as markup), styles only through classes and CSSOM.

export const SVG_NS = 'http://www.w3.org/2000/svg';

export type Attrs = Readonly<Record<string, string | number | undefined>>;

function setAttrs(el: Element, attrs: Attrs | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) el.setAttribute(name, String(value));
}

/** An SVG element with attributes (and text), appended to `parent` when given. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, parent?: Element, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  if (text !== undefined) el.textContent = text;
  parent?.appendChild(el);
  return el;
}

/** An HTML element with attributes (and text), appended to `parent` when given. */
export function html<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, parent?: Element, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  if (text !== undefined) el.textContent = text;
  parent?.appendChild(el);
  return el;
}

/** Makes an element act as a button for mouse and keyboard (Enter or Space). */
export function activatable(el: Element, label: string, onActivate: () => void): void {
  el.setAttribute('role', 'button');
  el.setAttribute('tabindex', '0');
  el.setAttribute('aria-label', label);
  el.addEventListener('click', (event) => {
    event.stopPropagation();
    onActivate();
  });
  el.addEventListener('keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (key === 'Enter' || key === ' ') {
      event.preventDefault();
      event.stopPropagation();
      onActivate();
    }
  });
}

/** A tooltip: an SVG <title> child (text only). */
export function tooltip(el: SVGElement, text: string): void {
  svg('title', undefined, el, text);
}
