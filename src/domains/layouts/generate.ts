/** Builds a stadium (a ring of sections around the stage) as a layout document, for quick setup, tests and benchmarks. */
import type { LayoutDocument } from './document';

export type StadiumParams = {
  name: string;
  sections: number;
  rowsPerSection: number;
  seatsPerRow: number;
  /** Each row on an arc around the focal point (every seat of a row equally far from the stage), or straight. */
  curved: boolean;
  /** Rows are split into equal bands front to back, one per category; default a (front), b, c (back). */
  categories?: LayoutDocument['categories'];
  gaAreas?: LayoutDocument['gaAreas'];
};

/** Layout units are centimetres: a seat is 50 wide, a row 90 deep. */
const SEAT_PITCH = 50;
const ROW_DEPTH = 90;
/** Space between neighbouring sections' front rows. */
const AISLE = 200;
/** The stage or pitch needs room: the front row is at least 20 m from the focal point. */
const MIN_RADIUS = 2_000;
/** Every 20th seat of the front row, starting at the aisle end, is a wheelchair place. */
const ACCESSIBLE_EVERY = 20;

export const DEFAULT_CATEGORIES: LayoutDocument['categories'] = [
  { key: 'a', name: 'Category A', color: '#c0392b' },
  { key: 'b', name: 'Category B', color: '#2980b9' },
  { key: 'c', name: 'Category C', color: '#27ae60' },
];

/** Row labels as on stadium tickets: A … Z, AA, AB, … */
export function rowLabel(index: number): string {
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return label;
}

/**
 * The front row's distance from the focal point: far enough that neighbouring sections' front rows
 * don't overlap (rows further back are longer arcs or lie further out, so they clear each other too).
 */
function innerRadius(p: StadiumParams, wedge: number): number {
  const rowWidth = (p.seatsPerRow - 1) * SEAT_PITCH;
  // One or two sections face the stage from one or two sides: cap their spread like a theatre's.
  const needed = p.curved ? (rowWidth + AISLE) / Math.min(wedge, Math.PI) : (rowWidth + AISLE) / 2 / Math.tan(Math.min(wedge / 2, Math.PI / 3));
  return Math.max(MIN_RADIUS, Math.ceil(needed));
}

export function generateStadium(p: StadiumParams): LayoutDocument {
  const categories = p.categories ?? DEFAULT_CATEGORIES;
  const wedge = (2 * Math.PI) / p.sections;
  const inner = innerRadius(p, wedge);
  const sections: LayoutDocument['sections'] = [];
  for (let s = 0; s < p.sections; s++) {
    // Section 1 faces the stage from +y (below it on screen); the others follow round the ring.
    const angle = Math.PI / 2 + s * wedge;
    const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
    const rows: LayoutDocument['sections'][number]['rows'] = [];
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let r = 0; r < p.rowsPerSection; r++) {
      const radius = inner + r * ROW_DEPTH;
      const category = categories[Math.floor((r * categories.length) / p.rowsPerSection)]!.key;
      const seats: LayoutDocument['sections'][number]['rows'][number]['seats'] = [];
      for (let k = 0; k < p.seatsPerRow; k++) {
        const offset = (k - (p.seatsPerRow - 1) / 2) * SEAT_PITCH;
        let x: number;
        let y: number;
        // Seats run left to right as the audience, facing the focal point, sees them (in section 1: from -x to +x).
        if (p.curved) {
          // Along the arc: the same pitch between seats, every seat at `radius` from the focal point.
          const theta = angle - offset / radius;
          [x, y] = [Math.round(radius * Math.cos(theta)), Math.round(radius * Math.sin(theta))];
        } else {
          // Along the tangent at `radius`: a straight row facing the focal point.
          [x, y] = [Math.round(dx * radius + dy * offset), Math.round(dy * radius - dx * offset)];
        }
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
        seats.push(r === 0 && k % ACCESSIBLE_EVERY === 0 ? { label: String(k + 1), x, y, category, accessible: true } : { label: String(k + 1), x, y, category });
      }
      rows.push({ label: rowLabel(r), seats });
    }
    const pad = SEAT_PITCH / 2;
    sections.push({
      key: String(s + 1),
      name: `Section ${s + 1}`,
      bounds: { x: minX - pad, y: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad },
      rows,
    });
  }
  return { name: p.name, focal: { x: 0, y: 0 }, categories, sections, gaAreas: p.gaAreas ?? [] };
}
