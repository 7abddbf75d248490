// Text widths without layout: a canvas measures with the page's font, so labels get their
// backgrounds even while their view is hidden (display: none gives no bounding boxes).

let context: CanvasRenderingContext2D | null | undefined;
let family = '';
let font = '';

export function textWidth(text: string, sizePx: number, weight = 'normal'): number {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  if (!context) return text.length * sizePx * 0.58;
  if (!family) family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const wanted = `${weight} ${sizePx}px ${family}`;
  if (wanted !== font) context.font = font = wanted;
  return context.measureText(text).width;
}

/** Forget the font family (the theme may have changed it). */
export function resetMeasure(): void {
  family = '';
}
