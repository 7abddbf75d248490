// What a virtualized list needs to know of its scroller: where it is scrolled to and how tall it
// is. Shared by the ladder (ladderView.ts) and the capture table (captureTableView.ts).

/** Calls `changed(scrollTop, height)` whenever `scroller` scrolls or is resized. */
export function watchScroller(scroller: HTMLElement, changed: (scrollTop: number, height: number) => void): void {
  let height = scroller.clientHeight;
  scroller.addEventListener('scroll', () => changed(scroller.scrollTop, height), { passive: true });
  new ResizeObserver((entries) => {
    height = entries[entries.length - 1].contentRect.height;
    changed(scroller.scrollTop, height);
  }).observe(scroller);
}
