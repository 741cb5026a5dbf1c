/** Pan and zoom as plain numbers: screen = world × scale + translation (CSS pixels). */
import type { Bounds, SeatModel } from './model';

export type View = { scale: number; tx: number; ty: number };
export type Limits = { min: number; max: number };

export function fitView(b: Bounds, width: number, height: number, padding = 24): View {
  const w = Math.max(1e-6, b.maxX - b.minX);
  const h = Math.max(1e-6, b.maxY - b.minY);
  const availW = Math.max(1, width - 2 * padding);
  const availH = Math.max(1, height - 2 * padding);
  const scale = Math.min(availW / w, availH / h);
  const cx = (b.minX + b.maxX) / 2;
  const cy = (b.minY + b.maxY) / 2;
  return { scale, tx: width / 2 - cx * scale, ty: height / 2 - cy * scale };
}

/** When fitting, seats are at most this many CSS pixels apart: a small map is not blown up to fill the canvas. */
export const FIT_MAX_SEAT_PX = 40;
/**
 * How far a seat's drawing reaches from its centre, in seat spacings: the seat (0.42), the ring around a picked
 * seat (× 1.25) and its stroke, and the hover ring (0.55 + its stroke).
 */
export const SEAT_REACH = 0.6;

/**
 * "Fit" for a seat map: every seat whole on screen (its radius counts, not only its centre) with `padding` CSS px
 * to spare, centred; and never zoomed in past seats FIT_MAX_SEAT_PX apart, so one row of ten seats shows as a
 * row of ordinary seats in the middle, not ten discs the size of the canvas.
 */
export function fitSeats(b: Bounds, spacing: number, width: number, height: number, padding = 24): View {
  const r = Math.max(0, spacing) * SEAT_REACH;
  const grown = { minX: b.minX - r, minY: b.minY - r, maxX: b.maxX + r, maxY: b.maxY + r };
  const v = fitView(grown, width, height, padding);
  const cap = FIT_MAX_SEAT_PX / Math.max(spacing, 1e-6);
  if (v.scale <= cap) return v;
  const cx = (grown.minX + grown.maxX) / 2;
  const cy = (grown.minY + grown.maxY) / 2;
  return { scale: cap, tx: width / 2 - cx * cap, ty: height / 2 - cy * cap };
}

/** From a little smaller than "fit" to seats about 80 px apart. */
export function zoomLimits(fit: View, spacing: number): Limits {
  const min = fit.scale * 0.5;
  return { min, max: Math.max(min * 4, 80 / Math.max(spacing, 1e-6)) };
}

/** Zooms by `factor` keeping the world point under (sx, sy) where it is. */
export function zoomAt(v: View, factor: number, sx: number, sy: number, limits: Limits): View {
  const scale = Math.min(limits.max, Math.max(limits.min, v.scale * factor));
  const k = scale / v.scale;
  return { scale, tx: sx - (sx - v.tx) * k, ty: sy - (sy - v.ty) * k };
}

export function panBy(v: View, dx: number, dy: number): View {
  return { scale: v.scale, tx: v.tx + dx, ty: v.ty + dy };
}

export function toWorld(v: View, sx: number, sy: number) {
  return { x: (sx - v.tx) / v.scale, y: (sy - v.ty) / v.scale };
}

export function toScreen(v: View, wx: number, wy: number) {
  return { x: wx * v.scale + v.tx, y: wy * v.scale + v.ty };
}

/** The world rectangle a canvas of this size shows. */
export function visibleWorld(v: View, width: number, height: number): Bounds {
  const a = toWorld(v, 0, 0);
  const b = toWorld(v, width, height);
  return { minX: Math.min(a.x, b.x), minY: Math.min(a.y, b.y), maxX: Math.max(a.x, b.x), maxY: Math.max(a.y, b.y) };
}

/** Keeps at least part of the map on screen, so a fling can't lose it. */
export function clampPan(v: View, b: Bounds, width: number, height: number, margin = 40): View {
  const left = b.minX * v.scale + v.tx;
  const right = b.maxX * v.scale + v.tx;
  const top = b.minY * v.scale + v.ty;
  const bottom = b.maxY * v.scale + v.ty;
  let { tx, ty } = v;
  if (right < margin) tx += margin - right;
  if (left > width - margin) tx -= left - (width - margin);
  if (bottom < margin) ty += margin - bottom;
  if (top > height - margin) ty -= top - (height - margin);
  return { scale: v.scale, tx, ty };
}

/** Bounds grown to include a point (the stage). */
export function includePoint(b: Bounds, x: number, y: number): Bounds {
  return { minX: Math.min(b.minX, x), minY: Math.min(b.minY, y), maxX: Math.max(b.maxX, x), maxY: Math.max(b.maxY, y) };
}

/** A fingertip's target: on a phone the first view shows seats at least this many CSS pixels apart. */
export const TOUCH_SEAT_PX = 24;

/**
 * The first view of a seat map. With a precise pointer (`touch` false), or when the whole map (seats and stage)
 * already shows its seats TOUCH_SEAT_PX apart, the whole map (`fitSeats`). On a phone otherwise the seats without
 * the stage when that is enough; else zoomed in to seats TOUCH_SEAT_PX apart around `focusAt` (the seat nearest the
 * stage) — placed towards the stage's side of the canvas, so the view shows the rows behind it — and showing no
 * empty space past the seats' edges where they are wider or taller than the canvas. `zoomed`
 * says the map is bigger than the view (the page then says how to see the whole of it).
 */
export function firstView(
  whole: Bounds,
  seats: Bounds,
  spacing: number,
  focusAt: { x: number; y: number } | (() => { x: number; y: number }),
  stage: { x: number; y: number },
  width: number,
  height: number,
  padding: number,
  touch: boolean,
): { view: View; zoomed: boolean } {
  const all = fitSeats(whole, spacing, width, height, padding);
  if (!touch || all.scale * spacing >= TOUCH_SEAT_PX - 0.5) return { view: all, zoomed: false };
  const seatsOnly = fitSeats(seats, spacing, width, height, padding);
  if (seatsOnly.scale * spacing >= TOUCH_SEAT_PX - 0.5) return { view: seatsOnly, zoomed: false };
  const scale = TOUCH_SEAT_PX / Math.max(spacing, 1e-6);
  const r = Math.max(0, spacing) * SEAT_REACH;
  const focus = typeof focusAt === 'function' ? focusAt() : focusAt; // found only when needed (a pass over the seats)
  const dist = Math.hypot(stage.x - focus.x, stage.y - focus.y) || 1;
  const along = (min: number, max: number, at: number, size: number, towardStage: number) => {
    const [lo, hi] = [(min - r) * scale, (max + r) * scale];
    if (hi - lo <= size) return size / 2 - (lo + hi) / 2; // it fits this way: centred
    const t = size * (0.5 + 0.3 * towardStage) - at * scale;
    return Math.min(-lo + padding, Math.max(size - hi - padding, t)); // the seats' edge stops at the canvas's edge
  };
  return { view: { scale, tx: along(seats.minX, seats.maxX, focus.x, width, (stage.x - focus.x) / dist), ty: along(seats.minY, seats.maxY, focus.y, height, (stage.y - focus.y) / dist) }, zoomed: true };
}

/** Below this canvas width (a phone), or with a finger for a pointer, the first view keeps seats big enough to tap. */
const NARROW_PX = 600;
export const touchFirst = (w: number) => w < NARROW_PX || (typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches);

/**
 * Where a zoomed-in first view looks: the front and centre, i.e. the seat nearest the stage, and of a curved row
 * (every seat as near) the one in the middle of the map.
 */
export function seatNearestStage(model: SeatModel) {
  const cx = (model.bounds.minX + model.bounds.maxX) / 2;
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < model.count; i++) {
    const d = Math.hypot(model.x[i]! - model.focal.x, model.y[i]! - model.focal.y) + 0.5 * Math.abs(model.x[i]! - cx);
    if (d < bestD) [best, bestD] = [i, d];
  }
  return { x: model.x[best] ?? model.focal.x, y: model.y[best] ?? model.focal.y };
}
