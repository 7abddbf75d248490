// Export: the drawing as a standalone SVG whose theme colours and fonts are resolved to literal
// values (the file reads the same outside VS Code), in the editor theme's, light or print colours,
// and as a PNG drawn from that SVG.

import type { ExportColors } from './messages';

import { xmlSafe } from './visible';

const PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'paint-order',
] as const;

/** SVG's initial values: not written on the root. */
const INITIAL: Readonly<Record<string, string>> = {
  'fill': 'rgb(0, 0, 0)', 'fill-opacity': '1', 'stroke': 'none', 'stroke-width': '1px', 'stroke-dasharray': 'none', 'stroke-opacity': '1',
  'stroke-linecap': 'butt', 'stroke-linejoin': 'miter', 'opacity': '1', 'font-weight': '400', 'font-style': 'normal',
  'text-anchor': 'start', 'dominant-baseline': 'auto', 'paint-order': 'normal',
};

/** Attributes that only matter in the live, interactive page. */
const INTERACTIVE = ['tabindex', 'role', 'data-order'];

/**
 * Serializes `drawing` (already in the document or not) as standalone SVG text. `classes` are
 * given to the copy's container, so that rules that depend on the live one (hidden edges) apply.
 */
export function exportSvg(
  drawing: SVGSVGElement, classes: string, size: { width: number; height: number; x?: number; y?: number }, colors: ExportColors = 'theme',
): string {
  const host = document.createElement('div');
  // Light and print colours are the stylesheet's variables set on the copy's container (media/diagram.css).
  host.className = `export-host colors-${colors} ${classes}`;
  host.setAttribute('aria-hidden', 'true');
  const copy = drawing.isConnected ? (drawing.cloneNode(true) as SVGSVGElement) : drawing;
  host.appendChild(copy);
  document.body.appendChild(host);
  try {
    const x = size.x ?? 0;
    const y = size.y ?? 0;
    copy.setAttribute('viewBox', `${x} ${y} ${size.width} ${size.height}`);
    copy.setAttribute('width', String(size.width));
    copy.setAttribute('height', String(size.height));
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    // Resolve every element's styles first (reading), then write them (no layout thrash in between).
    const elements = [copy, ...copy.querySelectorAll('*')];
    const resolved = new Map<Element, Map<string, string> | undefined>();
    for (const el of elements) {
      const style = getComputedStyle(el);
      resolved.set(el, style.display === 'none' ? undefined : new Map(PROPERTIES.map((p) => [p, style.getPropertyValue(p)])));
    }
    for (const el of elements) {
      const values = resolved.get(el);
      if (!values) {
        el.remove();
        continue;
      }
      // Inherited values are written where they change (opacity is not inherited: written unless 1).
      const parent = el === copy ? undefined : resolved.get(el.parentElement!);
      for (const [name, value] of values) {
        const same = name === 'opacity' || !parent ? value === INITIAL[name] : parent.get(name) === value;
        if (value && (!same || el.hasAttribute(name))) el.setAttribute(name, value);
      }
      for (const name of INTERACTIVE) el.removeAttribute(name);
    }
    const background = colors === 'theme' ? getComputedStyle(document.body).backgroundColor : getComputedStyle(host).getPropertyValue('--bg').trim();
    if (background && !/^rgba\(0, 0, 0, 0\)$|^transparent$/.test(background)) {
      const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('x', String(x));
      rect.setAttribute('y', String(y));
      rect.setAttribute('width', String(size.width));
      rect.setAttribute('height', String(size.height));
      rect.setAttribute('fill', background);
      rect.setAttribute('class', 'export-background');
      copy.insertBefore(rect, copy.firstChild);
    }
    copy.removeAttribute('class');
    copy.setAttribute('class', 'tcpfsm-diagram');
    // The drawing shows names visibly already; this guards the file against anything else.
    return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlSafe(new XMLSerializer().serializeToString(copy))}`;
  } finally {
    host.remove();
  }
}

/** The largest canvas we ask for (browsers refuse bigger ones). */
const MAX_SIDE = 16384;
const MAX_PIXELS = 40e6;

/** Draws SVG text into a canvas: a PNG data URL. */
export async function svgToPng(svgText: string, width: number, height: number): Promise<string> {
  const canvas = await svgToCanvas(svgText, width, height);
  const url = canvas.toDataURL('image/png');
  if (!url.startsWith('data:image/png;base64,')) throw new Error('the canvas did not produce a PNG');
  return url;
}

/** Draws SVG text into a canvas: a PNG Blob (what the clipboard takes). */
export async function svgToPngBlob(svgText: string, width: number, height: number): Promise<Blob> {
  const canvas = await svgToCanvas(svgText, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas did not produce a PNG'))), 'image/png'));
}

async function svgToCanvas(svgText: string, width: number, height: number): Promise<HTMLCanvasElement> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await image.decode();
  const scale = Math.min(2, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(width * scale));
  canvas.height = Math.max(1, Math.floor(height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas;
}
