// How one view's drawing sits in its scroller: fitted to the panel's width (never below a size
// whose labels are readable) or at the scale the user chose; zoomed around the pointer; dragged to
// pan; its scroll position reported so it survives edits and reloads.

import type { ScrollPosition, ZoomSetting } from './messages';

export const MIN_SCALE = 0.25;
export const MAX_SCALE = 4;
/** Zoom steps of the buttons and keys. */
export const ZOOM_STEP = 1.25;
/** A pointer that moves this far (px) while pressed pans instead of clicking. */
const PAN_THRESHOLD = 4;

export interface Zoomable {
  /** Sets the drawing's scale (1 = its natural size). */
  setZoom(scale: number): void;
  /** The drawing's width at scale 1. */
  naturalWidth(): number;
  /** The element whose box the zoom keeps under the pointer (it scales with the drawing). */
  anchor(): Element;
}

export interface ViewportOptions {
  /** The smallest scale Fit gives: below it the labels are too small to read (they scroll instead). */
  readonly readable: number;
  /** The largest scale Fit gives. */
  readonly maxFit: number;
  /** The zoom setting changed (by the user): persist it. */
  readonly onZoom: (setting: ZoomSetting, scale: number) => void;
  /** The scroll position changed: persist it (called at most once a frame). */
  readonly onScroll: (scroll: ScrollPosition) => void;
}

export class Viewport {
  private setting: ZoomSetting = 'fit';
  private applied = 0;
  private panning?: { id: number; x: number; y: number; left: number; top: number; moved: boolean };
  private scrollFrame = 0;

  constructor(
    readonly scroller: HTMLElement,
    private readonly target: Zoomable,
    private readonly options: ViewportOptions,
  ) {
    scroller.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    scroller.addEventListener('pointermove', (event) => this.onPointerMove(event));
    scroller.addEventListener('pointerup', (event) => this.onPointerUp(event));
    scroller.addEventListener('pointercancel', () => this.endPan());
    // A press that panned is not a click on what it started on.
    scroller.addEventListener('click', (event) => {
      if (this.swallowClick) {
        this.swallowClick = false;
        event.stopPropagation();
        event.preventDefault();
      }
    }, true);
    scroller.addEventListener('scroll', () => {
      if (this.scrollFrame) return;
      this.scrollFrame = requestAnimationFrame(() => {
        this.scrollFrame = 0;
        this.options.onScroll({ left: Math.round(scroller.scrollLeft), top: Math.round(scroller.scrollTop) });
      });
    }, { passive: true });
  }

  private swallowClick = false;

  /** The drawing's scale now. */
  get scale(): number {
    return this.applied || this.computeScale();
  }

  get zoomSetting(): ZoomSetting {
    return this.setting;
  }

  /** Restores a saved setting (no event). */
  restore(setting: ZoomSetting): void {
    this.setting = setting === 'fit' ? 'fit' : clamp(setting, MIN_SCALE, MAX_SCALE);
    this.apply(true);
  }

  /** The scale Fit gives in the scroller's width now. */
  fitScale(): number {
    const width = this.scroller.clientWidth;
    const natural = this.target.naturalWidth();
    if (width <= 0 || natural <= 0) return 1;
    return clamp((width - 24) / natural, this.options.readable, this.options.maxFit);
  }

  private computeScale(): number {
    return this.setting === 'fit' ? this.fitScale() : this.setting;
  }

  /** Applies the scale (after a resize, a new drawing, a restore); `force` even when it is the same. */
  apply(force = false): number {
    const scale = this.computeScale();
    if (force || scale !== this.applied) {
      this.applied = scale;
      this.target.setZoom(scale);
    }
    return scale;
  }

  fit(): void {
    this.setting = 'fit';
    this.apply();
    this.options.onZoom(this.setting, this.applied);
  }

  /**
   * Multiplies the scale by `factor`, keeping the drawing's point under (clientX, clientY) where it
   * is (the scroller's centre when no point is given).
   */
  zoomBy(factor: number, clientX?: number, clientY?: number): void {
    const box = this.scroller.getBoundingClientRect();
    const x = clientX ?? box.left + box.width / 2;
    const y = clientY ?? box.top + box.height / 2;
    const anchor = this.target.anchor();
    const before = anchor.getBoundingClientRect();
    const fx = before.width > 0 ? (x - before.left) / before.width : 0.5;
    const fy = before.height > 0 ? (y - before.top) / before.height : 0.5;
    this.setting = clamp(this.scale * factor, MIN_SCALE, MAX_SCALE);
    this.apply();
    const after = anchor.getBoundingClientRect();
    this.scroller.scrollLeft += after.left + fx * after.width - x;
    this.scroller.scrollTop += after.top + fy * after.height - y;
    this.options.onZoom(this.setting, this.applied);
  }

  scrollTo(position: ScrollPosition): void {
    this.scroller.scrollLeft = position.left;
    this.scroller.scrollTop = position.top;
  }

  // ---------------------------------------------------------------------------------------------
  // Drag to pan

  private onPointerDown(event: PointerEvent): void {
    this.swallowClick = false;
    if (event.button !== 0 || event.pointerType === 'touch') return;
    this.panning = { id: event.pointerId, x: event.clientX, y: event.clientY, left: this.scroller.scrollLeft, top: this.scroller.scrollTop, moved: false };
  }

  private onPointerMove(event: PointerEvent): void {
    const pan = this.panning;
    if (!pan || pan.id !== event.pointerId) return;
    const dx = event.clientX - pan.x;
    const dy = event.clientY - pan.y;
    if (!pan.moved) {
      if (Math.hypot(dx, dy) < PAN_THRESHOLD) return;
      pan.moved = true;
      // Captured only now: a press that does not move stays a click on what it pressed.
      this.scroller.setPointerCapture(event.pointerId);
      this.scroller.classList.add('panning');
    }
    this.scroller.scrollLeft = pan.left - dx;
    this.scroller.scrollTop = pan.top - dy;
  }

  private onPointerUp(event: PointerEvent): void {
    const pan = this.panning;
    if (!pan || pan.id !== event.pointerId) return;
    this.swallowClick = pan.moved;
    this.endPan();
  }

  private endPan(): void {
    if (this.panning?.moved && this.scroller.hasPointerCapture(this.panning.id)) this.scroller.releasePointerCapture(this.panning.id);
    this.panning = undefined;
    this.scroller.classList.remove('panning');
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}
