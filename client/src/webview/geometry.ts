// Plane geometry for the drawings: polylines with rounded corners, points along them, arrowheads,
// and a line clipped to a state's box.

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** SVG path data for a polyline whose corners are rounded with radius `radius`. */
export function roundedPath(points: readonly Point[], radius = 10): string {
  if (points.length === 0) return '';
  let d = `M${round(points[0].x)} ${round(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i];
    if (i === points.length - 1) {
      d += ` L${round(p.x)} ${round(p.y)}`;
      break;
    }
    const a = points[i - 1];
    const b = points[i + 1];
    const la = Math.hypot(p.x - a.x, p.y - a.y);
    const lb = Math.hypot(b.x - p.x, b.y - p.y);
    const r = Math.min(radius, la / 2, lb / 2);
    if (r <= 0.5 || la === 0 || lb === 0) {
      d += ` L${round(p.x)} ${round(p.y)}`;
      continue;
    }
    const p1 = { x: p.x - ((p.x - a.x) / la) * r, y: p.y - ((p.y - a.y) / la) * r };
    const p2 = { x: p.x + ((b.x - p.x) / lb) * r, y: p.y + ((b.y - p.y) / lb) * r };
    d += ` L${round(p1.x)} ${round(p1.y)} Q${round(p.x)} ${round(p.y)} ${round(p2.x)} ${round(p2.y)}`;
  }
  return d;
}

export function polylineLength(points: readonly Point[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) length += Math.hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
  return length;
}

/** The point `distance` along the polyline (clamped to its ends). */
export function pointAlong(points: readonly Point[], distance: number): Point {
  let left = Math.max(0, distance);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const l = Math.hypot(b.x - a.x, b.y - a.y);
    if (left <= l && l > 0) return { x: a.x + ((b.x - a.x) * left) / l, y: a.y + ((b.y - a.y) * left) / l };
    left -= l;
  }
  return points[points.length - 1];
}

/** Triangle points (for a <polygon>) of an arrowhead at the end of the polyline. */
export function arrowhead(points: readonly Point[], size = 9): string {
  const tip = points[points.length - 1];
  let k = points.length - 2;
  while (k > 0 && points[k].x === tip.x && points[k].y === tip.y) k--;
  const from = points[Math.max(0, k)];
  const angle = Math.atan2(tip.y - from.y, tip.x - from.x);
  const spread = 0.42;
  const a = { x: tip.x - size * Math.cos(angle - spread), y: tip.y - size * Math.sin(angle - spread) };
  const b = { x: tip.x - size * Math.cos(angle + spread), y: tip.y - size * Math.sin(angle + spread) };
  return `${round(tip.x)},${round(tip.y)} ${round(a.x)},${round(a.y)} ${round(b.x)},${round(b.y)}`;
}

/** Where the segment from the centre of `box` towards `toward` leaves the box. */
export function boxExit(box: Rect, toward: Point): Point {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const dx = toward.x - cx;
  const dy = toward.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const sx = dx === 0 ? Infinity : box.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : box.height / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: cx + dx * s, y: cy + dy * s };
}

/** Points of a gentle arc from `a` to `b`, bowed to the left of the direction of travel by `bow`. */
export function arcPoints(a: Point, b: Point, bow: number, segments = 12): Point[] {
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const nx = (b.y - a.y) / len;
  const ny = -(b.x - a.x) / len;
  const c = { x: mx + nx * bow, y: my + ny * bow };
  const points: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const u = 1 - t;
    points.push({ x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y });
  }
  return points;
}

/** The corners of a `width` × `height` rectangle centred on `centre` and turned by `angle` radians. */
export function turnedRect(centre: Point, width: number, height: number, angle: number): Point[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const w = width / 2;
  const h = height / 2;
  return [[-w, -h], [w, -h], [w, h], [-w, h]].map(([dx, dy]) => ({ x: centre.x + dx * c - dy * s, y: centre.y + dx * s + dy * c }));
}

export function rectCorners(r: Rect): Point[] {
  return [{ x: r.x, y: r.y }, { x: r.x + r.width, y: r.y }, { x: r.x + r.width, y: r.y + r.height }, { x: r.x, y: r.y + r.height }];
}

/**
 * Whether two convex polygons overlap by more than `tolerance` pixels (separating axes: they are
 * apart when their shadows on some edge's normal are).
 */
export function convexOverlap(a: readonly Point[], b: readonly Point[], tolerance = 0): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const p = poly[i];
      const q = poly[(i + 1) % poly.length];
      const length = Math.hypot(q.x - p.x, q.y - p.y);
      if (length === 0) continue;
      const nx = (p.y - q.y) / length;
      const ny = (q.x - p.x) / length;
      let [minA, maxA, minB, maxB] = [Infinity, -Infinity, Infinity, -Infinity];
      for (const v of a) {
        const d = v.x * nx + v.y * ny;
        minA = Math.min(minA, d);
        maxA = Math.max(maxA, d);
      }
      for (const v of b) {
        const d = v.x * nx + v.y * ny;
        minB = Math.min(minB, d);
        maxB = Math.max(maxB, d);
      }
      if (maxA - minB <= tolerance || maxB - minA <= tolerance) return false;
    }
  }
  return true;
}
