import { describe, expect, it } from 'vitest';
import { buildBatches, COLORS, MARK_MINE, MARK_SELECTED } from '../../../web/src/store/seatmap/batches';
import { drawSeatMap } from '../../../web/src/store/seatmap/draw';
import { applyDelta, buildSeatModel } from '../../../web/src/store/seatmap/model';
import { clampPan, FIT_MAX_SEAT_PX, firstView, fitSeats, fitView, panBy, toScreen, toWorld, TOUCH_SEAT_PX, zoomAt, zoomLimits } from '../../../web/src/store/seatmap/viewport';
import { recordingCtx, smallTheatre } from './fixtures';

describe('colour batches', () => {
  it('buckets seats by how they look: unavailable grey, category colours, held for you, your picks', () => {
    const m = buildSeatModel(smallTheatre());
    applyDelta(m, { version: 4, seats: [{ id: 'L:A:1', status: 'sold' }, { id: 'R:A:1', status: 'held' }] });
    const marks = new Uint8Array(m.count);
    marks[m.index.get('L:B:1')!] = MARK_SELECTED;
    marks[m.index.get('R:C:5')!] = MARK_MINE;
    marks[m.index.get('R:A:1')!] = MARK_MINE; // held — by this buyer
    const batches = buildBatches(m, marks, [true, true]);
    expect(batches.map((b) => b.kind)).toEqual(['unavailable', 'category', 'category', 'mine', 'selected']);
    const ids = (k: number) => [...batches[k]!.seats].map((i) => m.ids[i]).sort();
    expect(ids(0)).toEqual(['L:A:1']);
    expect(ids(3)).toEqual(['R:A:1', 'R:C:5']);
    expect(ids(4)).toEqual(['L:B:1']);
    expect(batches[1]!.color).toBe('#c0392b');
    expect(batches[1]!.seats.length).toBe(8); // row A: 10 seats less the sold one and the held one
    expect(batches[2]!.seats.length).toBe(18); // rows B and C less the picked one and the held one
    expect(batches.reduce((n, b) => n + b.seats.length, 0)).toBe(m.count);
    expect(batches[3]!.color).toBe(COLORS.mine);
  });

  it('greys out categories no ticket type sells', () => {
    const m = buildSeatModel(smallTheatre());
    const batches = buildBatches(m, new Uint8Array(m.count), [false, true]);
    expect(batches[0]!.kind).toBe('unavailable');
    expect(batches[0]!.seats.length).toBe(10);
    expect(batches[0]!.radius).toBeLessThan(batches[1]!.radius);
  });
});

describe('drawing', () => {
  it('fills once per colour batch, never once per seat', () => {
    const m = buildSeatModel(smallTheatre());
    const marks = new Uint8Array(m.count);
    const batches = buildBatches(m, marks, [true, true]);
    const { ctx, stats } = recordingCtx();
    const view = fitView(m.bounds, 800, 400);
    const r = drawSeatMap(ctx, { model: m, batches, view, width: 800, height: 400, dpr: 2, hover: -1, stageLabel: 'Stage' });
    expect(r.fills).toBe(2);
    expect(stats().fills).toBe(2);
    expect(stats().fillColors).toEqual(['#c0392b', '#2980b9']);
    expect(r.drawn).toBe(30);
    expect(stats().arcs).toBe(30);
  });

  it('skips seats outside the visible rectangle', () => {
    const m = buildSeatModel(smallTheatre());
    const batches = buildBatches(m, new Uint8Array(m.count), [true, true]);
    const { ctx } = recordingCtx();
    // Zoomed in on section L only.
    const view = fitView({ minX: 10, minY: 100, maxX: 50, maxY: 124 }, 400, 300, 0);
    const r = drawSeatMap(ctx, { model: m, batches, view, width: 400, height: 300, dpr: 1, hover: -1, stageLabel: 'Stage' });
    expect(r.drawn).toBeLessThan(20);
    expect(r.drawn).toBeGreaterThanOrEqual(15);
  });

  it('draws specks as squares when seats are smaller than a pixel or two', () => {
    const m = buildSeatModel(smallTheatre());
    const batches = buildBatches(m, new Uint8Array(m.count), [true, true]);
    const { ctx, stats } = recordingCtx();
    const view = { scale: 0.05, tx: 0, ty: 0 };
    const r = drawSeatMap(ctx, { model: m, batches, view, width: 800, height: 600, dpr: 1, hover: -1, stageLabel: 'Stage' });
    expect(r.drawn).toBe(30);
    // Background, stage and one section label's background (the two would overlap here), plus one per seat.
    expect(stats().fillRects).toBe(2 + 1 + 30);
    expect(stats().arcs).toBe(0);
    expect(stats().fills).toBe(0);
  });
});

describe('section labels', () => {
  const labelsAt = (scale: number) => {
    const m = buildSeatModel({ ...smallTheatre(), sections: [{ key: 'L', name: 'Left Stalls' }, { key: 'R', name: 'Right Stalls' }] });
    const batches = buildBatches(m, new Uint8Array(m.count), [true, true]);
    const { ctx } = recordingCtx();
    const texts: string[] = [];
    ctx.fillText = (text: string) => void texts.push(text);
    drawSeatMap(ctx, { model: m, batches, view: { scale, tx: 10, ty: 10 }, width: 800, height: 600, dpr: 1, hover: -1, stageLabel: 'Stage' });
    return texts.filter((x) => x !== 'STAGE');
  };

  it('names sections on a zoomed-out map by the names the organizer gave', () => {
    // Sections 100 units apart, seats 10: at scale 1 the labels stand 100 px apart and seats 10 px.
    expect(labelsAt(1)).toEqual(['Left Stalls', 'Right Stalls']);
  });

  it('leaves out a label that would overlap one already drawn, rather than print one over the other', () => {
    expect(labelsAt(0.5)).toEqual(['Left Stalls']);
  });

  it('shows no labels once single seats are big enough to read', () => {
    expect(labelsAt(2)).toEqual([]);
  });
});

describe('viewport', () => {
  const b = { minX: 0, minY: 0, maxX: 1000, maxY: 500 };

  it('fits the map centred in the canvas', () => {
    const v = fitView(b, 600, 600, 50);
    expect(v.scale).toBeCloseTo(0.5);
    expect(toScreen(v, 500, 250)).toEqual({ x: 300, y: 300 });
  });

  it('zooms around the pointer: the point under it stays put', () => {
    const v = fitView(b, 600, 600, 50);
    const before = toWorld(v, 120, 200);
    const z = zoomAt(v, 2, 120, 200, { min: 0.1, max: 10 });
    expect(z.scale).toBeCloseTo(1);
    const after = toWorld(z, 120, 200);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('stops zooming at the limits', () => {
    const v = fitView(b, 600, 600, 50);
    const lim = zoomLimits(v, 10);
    expect(zoomAt(v, 1000, 0, 0, lim).scale).toBe(lim.max);
    expect(zoomAt(v, 0.0001, 0, 0, lim).scale).toBe(lim.min);
    expect(lim.max * 10).toBeCloseTo(80);
  });

  it('never lets the map be dragged off screen', () => {
    const v = fitView(b, 600, 600, 50);
    const lost = panBy(v, 5000, 0);
    const kept = clampPan(lost, b, 600, 600, 40);
    expect(toScreen(kept, b.minX, 0).x).toBeLessThanOrEqual(600 - 40);
  });

  describe('fit on a seat map', () => {
    /** One row of ten seats 50 apart (a small studio), the stage 200 in front. */
    const row = () =>
      buildSeatModel({
        version: 1,
        focal: { x: 225, y: -200 },
        categories: [{ key: 'a', name: 'Stalls', color: '#c0392b' }],
        seats: Array.from({ length: 10 }, (_, k) => [`S:A:${k + 1}`, k * 50, 0, 'a', 0, 'available']),
      });
    /** The screen box of every seat as drawn (radius 0.42 of the spacing), plus the ring a picked seat gets. */
    const drawnBox = (m: ReturnType<typeof row>, v: ReturnType<typeof fitView>) => {
      const r = m.spacing * 0.42 * 1.25 * v.scale;
      const first = toScreen(v, m.x[0]!, m.y[0]!);
      const last = toScreen(v, m.x[m.count - 1]!, m.y[m.count - 1]!);
      return { left: first.x - r, right: last.x + r, top: first.y - r, bottom: first.y + r };
    };

    it('keeps a small layout at ordinary seat size, centred, instead of blowing it up to the canvas edges', () => {
      const m = row();
      // A wide canvas: the old fit scaled the row to the full width, seats ~85 px apart and the end ones clipped.
      const old = fitView(m.bounds, 900, 500, 24);
      expect(old.scale * m.spacing).toBeGreaterThan(80);
      const v = fitSeats(m.bounds, m.spacing, 900, 500, 24);
      expect(v.scale * m.spacing).toBeCloseTo(FIT_MAX_SEAT_PX);
      const box = drawnBox(m, v);
      expect(box.left).toBeGreaterThan(24);
      expect(box.right).toBeLessThan(900 - 24);
      // Centred: as much room left as right.
      expect(box.left).toBeCloseTo(900 - box.right, 5);
    });

    it('counts the seat radius: on a narrow canvas the end seats stay whole inside the padding', () => {
      const m = row();
      const v = fitSeats(m.bounds, m.spacing, 320, 480, 16);
      const box = drawnBox(m, v);
      expect(box.left).toBeGreaterThanOrEqual(16 - 1e-6);
      expect(box.right).toBeLessThanOrEqual(320 - 16 + 1e-6);
      expect(v.scale * m.spacing).toBeLessThan(FIT_MAX_SEAT_PX);
      // Fitting centres alone would put the end seats' centres on the padding line, half the seat outside it.
      const centresOnly = fitView(m.bounds, 320, 480, 16);
      expect(toScreen(centresOnly, m.x[0]!, 0).x - m.spacing * 0.42 * centresOnly.scale).toBeLessThan(16);
    });

    it('still fits a stadium to the canvas (the cap only bites on small maps)', () => {
      const b = { minX: -20_000, minY: -20_000, maxX: 20_000, maxY: 20_000 };
      const v = fitSeats(b, 50, 1000, 800, 40);
      expect(v.scale).toBeCloseTo((800 - 80) / (40_000 + 60), 6);
      expect(toScreen(v, 0, 0)).toEqual({ x: 500, y: 400 });
    });
  });
});

describe('the first view on a phone', () => {
  // A hall 25 seats wide and 20 rows deep (10 spacing apart), its stage 300 below the front row.
  const seats = { minX: 0, minY: 0, maxX: 240, maxY: 190 };
  const stage = { x: 120, y: 490 };
  const whole = { ...seats, maxY: 490 };
  const front = { x: 120, y: 190 };
  const [w, h] = [374, 523];

  it('keeps the whole map for a mouse, however small its seats', () => {
    const f = firstView(whole, seats, 10, front, stage, w, h, 16, false);
    expect(f).toEqual({ view: fitSeats(whole, 10, w, h, 16), zoomed: false });
  });

  it('zooms in to seats big enough to tap, front and centre, with no empty canvas past the seats sideways', () => {
    const { view, zoomed } = firstView(whole, seats, 10, front, stage, w, h, 16, true);
    expect(zoomed).toBe(true);
    expect(view.scale * 10).toBe(TOUCH_SEAT_PX);
    // The front row's middle seat is across the middle, towards the stage's side (the bottom).
    const p = toScreen(view, front.x, front.y);
    expect(p.x).toBeCloseTo(w / 2, 6);
    expect(p.y).toBeGreaterThan(h / 2);
    expect(p.y).toBeLessThanOrEqual(h);
    // Wider than the canvas: the seats reach past both its sides, so nothing blank shows beside them.
    expect(toScreen(view, seats.minX, 0).x).toBeLessThan(0);
    expect(toScreen(view, seats.maxX, 0).x).toBeGreaterThan(w);
  });

  it('drops the far-away stage rather than shrink seats below a fingertip, when the seats alone fit', () => {
    const small = { minX: 0, minY: 0, maxX: 70, maxY: 20 };
    const { view, zoomed } = firstView({ ...small, maxY: 600 }, small, 10, { x: 35, y: 20 }, { x: 35, y: 600 }, w, h, 16, true);
    expect(zoomed).toBe(false);
    expect(view).toEqual(fitSeats(small, 10, w, h, 16));
    expect(view.scale * 10).toBeGreaterThanOrEqual(TOUCH_SEAT_PX);
  });

  it('keeps the whole map when its seats are already big enough', () => {
    const small = { minX: 0, minY: 0, maxX: 70, maxY: 20 };
    const f = firstView({ ...small, maxY: 60 }, small, 10, { x: 35, y: 20 }, { x: 35, y: 60 }, w, h, 16, true);
    expect(f).toEqual({ view: fitSeats({ ...small, maxY: 60 }, 10, w, h, 16), zoomed: false });
  });
});
