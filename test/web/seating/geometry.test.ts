import { describe, expect, it } from 'vitest';
import {
  audienceRight,
  boundingBox,
  fitView,
  integerRect,
  nearestWithin,
  nextRowCenter,
  rayEntry,
  rectFromCorners,
  rowPositions,
  zoomAt,
} from '../../../web/src/admin/seating/geometry';

const focal = { x: 0, y: 0 };
const dist = (p: { x: number; y: number }) => Math.hypot(p.x - focal.x, p.y - focal.y);

describe('rows of seats', () => {
  it('lays a straight row centred on its point, seats a pitch apart, left to right for an audience below the stage', () => {
    const seats = rowPositions({ count: 5, spacing: 50, center: { x: 0, y: 500 }, focal, shape: 'straight' });
    expect(seats).toEqual([
      { x: -100, y: 500 },
      { x: -50, y: 500 },
      { x: 0, y: 500 },
      { x: 50, y: 500 },
      { x: 100, y: 500 },
    ]);
  });

  it('runs an audience above the stage right to left on screen (they face down)', () => {
    const seats = rowPositions({ count: 3, spacing: 50, center: { x: 0, y: -500 }, focal, shape: 'straight' });
    expect(seats.map((p) => p.x)).toEqual([50, 0, -50]);
  });

  it('puts every seat of a curved row equally far from the stage, an arc-pitch apart', () => {
    const seats = rowPositions({ count: 11, spacing: 50, center: { x: 0, y: 1000 }, focal, shape: 'curved' });
    for (const p of seats) expect(Math.abs(dist(p) - 1000)).toBeLessThan(1);
    // Neighbours: the chord of a 50 cm arc at 10 m is a hair under 50.
    for (let i = 1; i < seats.length; i++) {
      const d = Math.hypot(seats[i]!.x - seats[i - 1]!.x, seats[i]!.y - seats[i - 1]!.y);
      expect(d).toBeGreaterThan(48);
      expect(d).toBeLessThan(51);
    }
    // The middle seat sits on the line from the stage through the row's centre; the ends bend towards the stage.
    expect(seats[5]).toEqual({ x: 0, y: 1000 });
    expect(seats[0]!.y).toBeLessThan(1000);
    expect(seats[0]!.x).toBeLessThan(0);
    expect(seats[10]!.x).toBeGreaterThan(0);
  });

  it('turns an angled row to face the stage (perpendicular to the line to it)', () => {
    const seats = rowPositions({ count: 3, spacing: 100, center: { x: 300, y: 400 }, focal, shape: 'angled' });
    const dir = { x: seats[2]!.x - seats[0]!.x, y: seats[2]!.y - seats[0]!.y };
    expect(Math.abs(dir.x * 300 + dir.y * 400)).toBeLessThan(300); // dot product ~0 (rounding)
    expect(audienceRight(focal, { x: 0, y: 10 }, 'angled')).toEqual({ x: 1, y: -0 });
  });

  it('places the first row just inside the edge that faces the stage, later rows one row further back', () => {
    const bounds = { x: -300, y: 200, width: 600, height: 400 };
    const first = nextRowCenter({ focal, bounds, rows: [], rowSpacing: 90, shape: 'straight', fallback: { x: 0, y: 0 } });
    expect(first).toEqual({ x: 0, y: 245 });
    const row1 = rowPositions({ count: 4, spacing: 50, center: first, focal, shape: 'straight' });
    const second = nextRowCenter({ focal, bounds, rows: [row1], rowSpacing: 90, shape: 'straight', fallback: { x: 0, y: 0 } });
    expect(second).toEqual({ x: 0, y: 335 });

    const curvedFirst = nextRowCenter({ focal, bounds, rows: [], rowSpacing: 90, shape: 'curved', fallback: { x: 0, y: 0 } });
    const arc = rowPositions({ count: 9, spacing: 50, center: curvedFirst, focal, shape: 'curved' });
    const curvedSecond = nextRowCenter({ focal, bounds, rows: [arc], rowSpacing: 90, shape: 'curved', fallback: { x: 0, y: 0 } });
    expect(Math.abs(dist(curvedSecond) - (dist(arc[0]!) + 90))).toBeLessThan(1);
  });

  it('keeps a curved row behind a wide straight row in front of it (its bent ends do not cut into it)', () => {
    const straight = rowPositions({ count: 20, spacing: 50, center: { x: 0, y: 300 }, focal, shape: 'straight' });
    const c = nextRowCenter({ focal, rows: [straight], rowSpacing: 90, shape: 'curved', fallback: focal });
    const arc = rowPositions({ count: 20, spacing: 50, center: c, focal, shape: 'curved' });
    const front = Math.max(...straight.map(dist));
    for (const p of arc) expect(dist(p)).toBeGreaterThanOrEqual(front + 89);
  });

  it('steps rows upwards for a section above the stage', () => {
    const bounds = { x: -300, y: -600, width: 600, height: 400 };
    const first = nextRowCenter({ focal, bounds, rows: [], rowSpacing: 90, shape: 'straight', fallback: focal });
    expect(first.y).toBe(-245);
  });
});

describe('rectangles and hit testing', () => {
  it('spans a drag in any direction and rounds outwards to whole units', () => {
    expect(rectFromCorners({ x: 10, y: 50 }, { x: -5, y: 20 })).toEqual({ x: -5, y: 20, width: 15, height: 30 });
    expect(integerRect({ x: 0.4, y: -0.4, width: 10.2, height: 0 })).toEqual({ x: 0, y: -1, width: 11, height: 1 });
    expect(boundingBox([{ x: 1, y: 5 }, { x: -3, y: 2 }])).toEqual({ x: -3, y: 2, width: 4, height: 3 });
    expect(boundingBox([])).toBeUndefined();
  });

  it('finds where a ray enters a rectangle, or that it misses', () => {
    const r = { x: -100, y: 200, width: 200, height: 100 };
    expect(rayEntry({ x: 0, y: 0 }, { x: 0, y: 1 }, r)).toBeCloseTo(200);
    expect(rayEntry({ x: 0, y: 0 }, { x: 0, y: -1 }, r)).toBeUndefined();
    expect(rayEntry({ x: 0, y: 250 }, { x: 1, y: 0 }, r)).toBe(0);
  });

  it('picks the nearest seat within the radius only', () => {
    const pts = [{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 100, y: 0 }];
    expect(nearestWithin(pts, { x: 40, y: 5 }, 20)).toBe(1);
    expect(nearestWithin(pts, { x: 25, y: 30 }, 20)).toBe(-1);
  });
});

describe('the stage view', () => {
  it('fits the content with a margin in the stage aspect ratio', () => {
    const v = fitView({ x: 0, y: 0, width: 2000, height: 500 }, 2, 100);
    expect(v.width / v.height).toBeCloseTo(2);
    expect(v.x).toBeLessThanOrEqual(-100);
    expect(v.x + v.width).toBeGreaterThanOrEqual(2100);
  });

  it('zooms in around the pointer, keeping that point still', () => {
    const v = { x: 0, y: 0, width: 1000, height: 500 };
    const z = zoomAt(v, 2, { x: 250, y: 100 });
    expect(z.width).toBe(500);
    expect(z.height).toBe(250);
    // The point's position as a fraction of the view is unchanged.
    expect((250 - z.x) / z.width).toBeCloseTo(0.25);
    expect((100 - z.y) / z.height).toBeCloseTo(0.2);
  });
});
