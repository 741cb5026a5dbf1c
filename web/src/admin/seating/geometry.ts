/**
 * Seating geometry in layout units (centimetres; y grows downwards as on screen, like the server's stadium
 * generator): rows of seats straight or on arcs around the focal point (the stage), where the next row goes,
 * section bounds, rectangles, hit testing and the stage's view box (pan and zoom).
 */

export type Point = { x: number; y: number };
export type Rect = { x: number; y: number; width: number; height: number };

/** A seat is 50 cm wide and a row 90 cm deep (as the server's stadium generator spaces them). */
export const DEFAULT_SEAT_SPACING = 50;
export const DEFAULT_ROW_SPACING = 90;
/** Room left around the seats inside a section's bounds. */
export const SECTION_PADDING = 40;
/** The document's coordinate limit. */
export const MAX_COORDINATE = 1_000_000;

/** straight: a horizontal row; angled: a straight row turned to face the stage; curved: an arc around the stage. */
export type RowShape = 'straight' | 'angled' | 'curved';

const clampCoord = (v: number) => Math.max(-MAX_COORDINATE, Math.min(MAX_COORDINATE, Math.round(v)));

/** Unit vector from the focal point towards `p` (straight down the screen when `p` is the focal point). */
export function awayFromFocal(focal: Point, p: Point): Point {
  const dx = p.x - focal.x;
  const dy = p.y - focal.y;
  const len = Math.hypot(dx, dy);
  return len < 1e-9 ? { x: 0, y: 1 } : { x: dx / len, y: dy / len };
}

/**
 * The audience's right-hand direction at `center` while facing the stage. Seats are listed left to right as the
 * audience sees them, so seat positions step along this vector.
 */
export function audienceRight(focal: Point, center: Point, shape: RowShape): Point {
  if (shape === 'straight') return center.y >= focal.y ? { x: 1, y: 0 } : { x: -1, y: 0 };
  const u = awayFromFocal(focal, center);
  return { x: u.y, y: -u.x };
}

/**
 * Positions of `count` seats `spacing` apart, centred on `center`, listed left to right as the audience (facing
 * the focal point) sees them. A curved row lies on the circle through `center` around the focal point, seats the
 * same arc length apart, so every seat of the row is equally far from the stage.
 */
export function rowPositions(opts: { count: number; spacing: number; center: Point; focal: Point; shape: RowShape }): Point[] {
  const { count, spacing, center, focal, shape } = opts;
  const out: Point[] = [];
  if (count <= 0) return out;
  const radius = Math.hypot(center.x - focal.x, center.y - focal.y);
  if (shape === 'curved' && radius >= spacing / 2) {
    const angle = Math.atan2(center.y - focal.y, center.x - focal.x);
    // Arc length s along the circle turns the angle by s / radius; to the audience's right is decreasing angle
    // (y grows downwards), as in the server's generator.
    const maxTurn = Math.PI; // never wrap further than half a circle either way
    for (let k = 0; k < count; k++) {
      const offset = (k - (count - 1) / 2) * spacing;
      const theta = angle - Math.max(-maxTurn, Math.min(maxTurn, offset / radius));
      out.push({ x: clampCoord(focal.x + radius * Math.cos(theta)), y: clampCoord(focal.y + radius * Math.sin(theta)) });
    }
    return out;
  }
  const right = audienceRight(focal, center, shape === 'curved' ? 'angled' : shape);
  for (let k = 0; k < count; k++) {
    const offset = (k - (count - 1) / 2) * spacing;
    out.push({ x: clampCoord(center.x + right.x * offset), y: clampCoord(center.y + right.y * offset) });
  }
  return out;
}

export function centroid(points: readonly Point[]): Point | undefined {
  if (points.length === 0) return undefined;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  return { x: sx / points.length, y: sy / points.length };
}

/** The smallest rectangle holding every point, or undefined for none. */
export function boundingBox(points: Iterable<Point>): Rect | undefined {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  if (minX === Infinity) return undefined;
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export function padRect(r: Rect, pad: number): Rect {
  return { x: r.x - pad, y: r.y - pad, width: r.width + 2 * pad, height: r.height + 2 * pad };
}

export function unionRect(a: Rect | undefined, b: Rect | undefined): Rect | undefined {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** A rectangle in the document's terms: whole numbers, at least 1 wide and high, its edges outward-rounded. */
export function integerRect(r: Rect): Rect {
  const x = Math.floor(r.x);
  const y = Math.floor(r.y);
  return { x, y, width: Math.max(1, Math.ceil(r.x + r.width) - x), height: Math.max(1, Math.ceil(r.y + r.height) - y) };
}

/** The rectangle two corners span (a drag from `a` to `b` in any direction). */
export function rectFromCorners(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

export function rectContains(r: Rect, p: Point): boolean {
  return p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;
}

export function rectCenter(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/**
 * How far along the ray from `origin` in unit direction `dir` it enters `r` (0 when `origin` is inside; undefined
 * when the ray misses it). The slab method.
 */
export function rayEntry(origin: Point, dir: Point, r: Rect): number | undefined {
  let tMin = -Infinity;
  let tMax = Infinity;
  for (const [o, d, lo, hi] of [
    [origin.x, dir.x, r.x, r.x + r.width],
    [origin.y, dir.y, r.y, r.y + r.height],
  ] as const) {
    if (Math.abs(d) < 1e-12) {
      if (o < lo || o > hi) return undefined;
    } else {
      const t1 = (lo - o) / d;
      const t2 = (hi - o) / d;
      tMin = Math.max(tMin, Math.min(t1, t2));
      tMax = Math.min(tMax, Math.max(t1, t2));
    }
  }
  if (tMax < Math.max(tMin, 0)) return undefined;
  return Math.max(tMin, 0);
}

/**
 * Where the centre of a section's next row goes: one row spacing behind the row furthest from the stage (rows
 * step away from the focal point); for the first row, just inside the section's edge facing the stage. Straight
 * rows step straight up or down the screen; angled and curved rows step outward from the stage.
 */
export function nextRowCenter(opts: {
  focal: Point;
  bounds?: Rect;
  rows: readonly (readonly Point[])[];
  rowSpacing: number;
  shape: RowShape;
  fallback: Point;
}): Point {
  const { focal, bounds, rows, rowSpacing, shape } = opts;
  const last = [...rows].reverse().find((r) => r.length > 0);
  const ref = last ? centroid(last) : undefined;
  if (ref) {
    // The direction rows step in, and how far out the rows there are reach along it: the new row clears every
    // seat of them (a curved row after a straight one keeps its bent ends behind the straight row's ends).
    const u = shape === 'straight' ? { x: 0, y: ref.y >= focal.y ? 1 : -1 } : awayFromFocal(focal, ref);
    let reach = -Infinity;
    for (const seats of rows) {
      for (const p of seats) {
        const d = shape === 'curved' ? Math.hypot(p.x - focal.x, p.y - focal.y) : (p.x - focal.x) * u.x + (p.y - focal.y) * u.y;
        if (d > reach) reach = d;
      }
    }
    const out = reach + rowSpacing;
    if (shape === 'straight') return { x: ref.x, y: focal.y + u.y * out };
    return { x: focal.x + u.x * out, y: focal.y + u.y * out };
  }
  if (!bounds) return opts.fallback;
  const center = rectCenter(bounds);
  const inset = Math.min(rowSpacing / 2, Math.min(bounds.width, bounds.height) / 2);
  if (shape === 'straight') {
    return { x: center.x, y: center.y >= focal.y ? bounds.y + inset : bounds.y + bounds.height - inset };
  }
  const u = awayFromFocal(focal, center);
  const entry = rayEntry(focal, u, bounds) ?? 0;
  return { x: focal.x + u.x * (entry + inset), y: focal.y + u.y * (entry + inset) };
}

/** Seats hit by a point: the nearest seat centre within `radius`, as its index in `points`; -1 for none. */
export function nearestWithin(points: readonly Point[], p: Point, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < points.length; i++) {
    const q = points[i]!;
    const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/* ---- The stage's view box: pan and zoom ---- */

export type ViewBox = Rect;

/** A view of `content` with `margin` around it, at least `minSize` across, in the stage's aspect ratio. */
export function fitView(content: Rect | undefined, aspect: number, margin = 200, minSize = 1200): ViewBox {
  const c = content ?? { x: -minSize / 2, y: -minSize / 4, width: minSize, height: minSize / 2 };
  let width = Math.max(c.width + 2 * margin, minSize);
  let height = Math.max(c.height + 2 * margin, minSize / Math.max(aspect, 0.1));
  if (width / height > aspect) height = width / aspect;
  else width = height * aspect;
  const center = rectCenter(c);
  return { x: center.x - width / 2, y: center.y - height / 2, width, height };
}

/** Zooms by `factor` (>1 zooms in) keeping `at` (a point in layout units) where it is on screen. */
export function zoomAt(view: ViewBox, factor: number, at: Point = rectCenter(view), limits = { min: 50, max: 4 * MAX_COORDINATE }): ViewBox {
  const width = Math.max(limits.min, Math.min(limits.max, view.width / factor));
  const f = view.width / width;
  const height = view.height / f;
  return { x: at.x - (at.x - view.x) / f, y: at.y - (at.y - view.y) / f, width, height };
}

export function panBy(view: ViewBox, dx: number, dy: number): ViewBox {
  return { ...view, x: view.x + dx, y: view.y + dy };
}
