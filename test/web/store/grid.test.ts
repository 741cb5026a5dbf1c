import { describe, expect, it } from 'vitest';
import { SeatGrid } from '../../../web/src/store/seatmap/grid';

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('SeatGrid', () => {
  const rnd = random(7);
  const n = 3000;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = Math.round(rnd() * 2000 - 1000);
    y[i] = Math.round(rnd() * 1000);
  }
  const bounds = { minX: Math.min(...x), minY: Math.min(...y), maxX: Math.max(...x), maxY: Math.max(...y) };
  const grid = new SeatGrid(x, y, n, bounds, 30);

  it('finds the same nearest seat as checking every seat', () => {
    for (let k = 0; k < 300; k++) {
      const px = rnd() * 2200 - 1100;
      const py = rnd() * 1200 - 100;
      let best = -1;
      let bestD = 25 * 25;
      for (let i = 0; i < n; i++) {
        const d = (x[i]! - px) ** 2 + (y[i]! - py) ** 2;
        if (d <= bestD) {
          bestD = d;
          best = i;
        }
      }
      const found = grid.nearest(px, py, 25);
      if (best === -1) expect(found).toBe(-1);
      else expect((x[found]! - px) ** 2 + (y[found]! - py) ** 2).toBe(bestD);
    }
  });

  it('answers nothing when no seat is within reach', () => {
    expect(grid.nearest(5000, 5000, 10)).toBe(-1);
  });

  it('visits every seat inside a query rectangle', () => {
    const inside = new Set<number>();
    grid.query(-100, 200, 300, 400, (i) => inside.add(i));
    for (let i = 0; i < n; i++) if (x[i]! >= -100 && x[i]! <= 300 && y[i]! >= 200 && y[i]! <= 400) expect(inside.has(i)).toBe(true);
    expect(inside.size).toBeLessThan(n / 2);
  });

  it('keeps the cell count bounded for a sparse map with a tiny cell size', () => {
    const xs = new Float32Array([0, 1_000_000]);
    const ys = new Float32Array([0, 1_000_000]);
    const g = new SeatGrid(xs, ys, 2, { minX: 0, minY: 0, maxX: 1_000_000, maxY: 1_000_000 }, 1);
    expect(g.cols * g.rows).toBeLessThanOrEqual(64 * 4);
    expect(g.nearest(999_999, 999_999, 5)).toBe(1);
  });
});
