/**
 * A uniform spatial grid over the seats, stored compactly (cell start offsets + seat indices, like a CSR matrix):
 * hit testing a tap or the mouse looks at the few cells around the point instead of every seat, and drawing asks
 * for the seats in the visible rectangle.
 */
import type { Bounds } from './model';

export class SeatGrid {
  readonly cellSize: number;
  readonly cols: number;
  readonly rows: number;
  private readonly originX: number;
  private readonly originY: number;
  private readonly start: Uint32Array;
  private readonly items: Uint32Array;

  constructor(
    private readonly x: Float32Array,
    private readonly y: Float32Array,
    readonly count: number,
    bounds: Bounds,
    cellSize: number,
  ) {
    const w = Math.max(1, bounds.maxX - bounds.minX);
    const h = Math.max(1, bounds.maxY - bounds.minY);
    // Never more cells than a few per seat: a sparse map with a tiny spacing would otherwise allocate millions.
    let size = Math.max(cellSize, 1e-6);
    const maxCells = Math.max(64, count * 4);
    while (Math.ceil(w / size + 1) * Math.ceil(h / size + 1) > maxCells) size *= 1.5;
    this.cellSize = size;
    this.originX = bounds.minX;
    this.originY = bounds.minY;
    this.cols = Math.floor(w / size) + 1;
    this.rows = Math.floor(h / size) + 1;
    const cells = this.cols * this.rows;
    const cellOf = new Uint32Array(count);
    const counts = new Uint32Array(cells + 1);
    for (let i = 0; i < count; i++) {
      const c = this.cellAt(x[i]!, y[i]!);
      cellOf[i] = c;
      counts[c + 1]!++;
    }
    for (let c = 0; c < cells; c++) counts[c + 1]! += counts[c]!;
    this.start = counts;
    const fill = counts.slice(0, cells);
    this.items = new Uint32Array(count);
    for (let i = 0; i < count; i++) this.items[fill[cellOf[i]!]!++] = i;
  }

  private col(px: number) {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((px - this.originX) / this.cellSize)));
  }

  private row(py: number) {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((py - this.originY) / this.cellSize)));
  }

  private cellAt(px: number, py: number) {
    return this.row(py) * this.cols + this.col(px);
  }

  /** Calls `visit` for every seat whose cell overlaps the rectangle (callers check exact coordinates when they care). */
  query(minX: number, minY: number, maxX: number, maxY: number, visit: (i: number) => void) {
    if (maxX < this.originX - this.cellSize || maxY < this.originY - this.cellSize) return;
    const c0 = this.col(minX);
    const c1 = this.col(maxX);
    const r0 = this.row(minY);
    const r1 = this.row(maxY);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        for (let k = this.start[cell]!, end = this.start[cell + 1]!; k < end; k++) visit(this.items[k]!);
      }
    }
  }

  /** The seat nearest to (px, py) within `maxDist`, or -1. */
  nearest(px: number, py: number, maxDist: number): number {
    let best = -1;
    let bestD = maxDist * maxDist;
    this.query(px - maxDist, py - maxDist, px + maxDist, py + maxDist, (i) => {
      const dx = this.x[i]! - px;
      const dy = this.y[i]! - py;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }
}
