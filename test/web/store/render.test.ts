import { describe, expect, it } from 'vitest';
import { buildBatches, COLORS, MARK_MINE, MARK_SELECTED } from '../../../web/src/store/seatmap/batches';
import { drawSeatMap } from '../../../web/src/store/seatmap/draw';
import { applyDelta, buildSeatModel } from '../../../web/src/store/seatmap/model';
import { clampPan, fitView, panBy, toScreen, toWorld, zoomAt, zoomLimits } from '../../../web/src/store/seatmap/viewport';
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
    // Background, stage and the two section labels' backgrounds, plus one per seat.
    expect(stats().fillRects).toBe(2 + 2 + 30);
    expect(stats().arcs).toBe(0);
    expect(stats().fills).toBe(0);
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
});
