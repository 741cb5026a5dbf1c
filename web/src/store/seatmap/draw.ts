/**
 * Paints the seat map batch by batch (one fillStyle per colour, never per seat): circles as one path and one
 * fill() per colour when seats are big enough to see, a run of fillRect when they are specks; only the seats inside
 * the visible rectangle. The context is passed in, so tests can count the calls.
 */
import type { Batch } from './batches';
import type { SeatModel } from './model';
import { toScreen, visibleWorld, type View } from './viewport';

/** The slice of CanvasRenderingContext2D the renderer uses. */
export type Ctx = Pick<
  CanvasRenderingContext2D,
  'setTransform' | 'clearRect' | 'fillRect' | 'beginPath' | 'moveTo' | 'arc' | 'fill' | 'stroke' | 'fillText' | 'measureText' | 'closePath'
> & {
  fillStyle: CanvasRenderingContext2D['fillStyle'];
  strokeStyle: CanvasRenderingContext2D['strokeStyle'];
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  globalAlpha: number;
};

export type DrawInput = {
  model: SeatModel;
  batches: readonly Batch[];
  view: View;
  /** CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  hover: number;
  stageLabel: string;
};

export type DrawStats = { drawn: number; fills: number };

/** Below this many CSS pixels a seat is drawn as a square. */
const SPECK_PX = 1.6;

export function drawSeatMap(ctx: Ctx, d: DrawInput): DrawStats {
  const { model: m, view: v, dpr } = d;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, d.width, d.height);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, d.width, d.height);

  drawStage(ctx, d);

  // World coordinates from here on.
  ctx.setTransform(dpr * v.scale, 0, 0, dpr * v.scale, dpr * v.tx, dpr * v.ty);
  const vis = visibleWorld(v, d.width, d.height);
  const pad = m.spacing;
  const minX = vis.minX - pad;
  const maxX = vis.maxX + pad;
  const minY = vis.minY - pad;
  const maxY = vis.maxY + pad;
  const allVisible = m.bounds.minX >= minX && m.bounds.maxX <= maxX && m.bounds.minY >= minY && m.bounds.maxY <= maxY;
  let drawn = 0;
  let fills = 0;
  for (const b of d.batches) {
    const r = m.spacing * b.radius;
    const speck = r * v.scale < SPECK_PX;
    const { x, y } = m;
    const seats = b.seats;
    ctx.fillStyle = b.color;
    if (speck) {
      // Specks: a run of fillRect under one fillStyle. Rasterisers fill plain rectangles far faster than one
      // path of 50,000 sub-paths (about 3× in software canvas), and a 1–3 px dot looks the same either way.
      const w = Math.max(2 * r, 1 / (v.scale * dpr));
      for (let k = 0; k < seats.length; k++) {
        const i = seats[k]!;
        const sx = x[i]!;
        const sy = y[i]!;
        if (!allVisible && (sx < minX || sx > maxX || sy < minY || sy > maxY)) continue;
        ctx.fillRect(sx - w / 2, sy - w / 2, w, w);
        drawn++;
      }
      fills++;
    } else {
      ctx.beginPath();
      for (let k = 0; k < seats.length; k++) {
        const i = seats[k]!;
        const sx = x[i]!;
        const sy = y[i]!;
        if (!allVisible && (sx < minX || sx > maxX || sy < minY || sy > maxY)) continue;
        ctx.moveTo(sx + r, sy);
        ctx.arc(sx, sy, r, 0, Math.PI * 2);
        drawn++;
      }
      ctx.fill();
      fills++;
    }
    if (b.kind === 'selected' && !speck) {
      // A ring around picked seats, so a pick never rests on colour alone.
      ctx.beginPath();
      for (let k = 0; k < seats.length; k++) {
        const i = seats[k]!;
        ctx.moveTo(x[i]! + r * 1.25, y[i]!);
        ctx.arc(x[i]!, y[i]!, r * 1.25, 0, Math.PI * 2);
      }
      ctx.strokeStyle = '#111827';
      ctx.lineWidth = Math.max(1.5 / v.scale, r * 0.18);
      ctx.stroke();
    }
  }

  if (d.hover >= 0 && d.hover < m.count) {
    const r = m.spacing * 0.55;
    ctx.beginPath();
    ctx.moveTo(m.x[d.hover]! + r, m.y[d.hover]!);
    ctx.arc(m.x[d.hover]!, m.y[d.hover]!, r, 0, Math.PI * 2);
    ctx.strokeStyle = '#2563eb';
    ctx.lineWidth = Math.max(2 / v.scale, m.spacing * 0.08);
    ctx.stroke();
  }

  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawSectionLabels(ctx, d);
  return { drawn, fills };
}

function drawStage(ctx: Ctx, d: DrawInput) {
  const p = toScreen(d.view, d.model.focal.x, d.model.focal.y);
  const w = 84;
  const h = 26;
  if (p.x < -w || p.y < -h || p.x > d.width + w || p.y > d.height + h) return;
  ctx.fillStyle = '#374151';
  ctx.fillRect(p.x - w / 2, p.y - h / 2, w, h);
  ctx.fillStyle = '#ffffff';
  ctx.font = '600 13px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(d.stageLabel.toUpperCase(), p.x, p.y);
}

/**
 * Section names when zoomed out far enough that single seats are hard to tell apart. Where two would overlap (the
 * tight ends of a bowl) the later one is left out, so every name shown can be read.
 */
function drawSectionLabels(ctx: Ctx, d: DrawInput) {
  const { model: m, view: v } = d;
  if (m.sections.length < 2 || m.spacing * v.scale > 14) return;
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const placed: { l: number; r: number; t: number; b: number }[] = [];
  for (const s of m.sections) {
    const p = toScreen(v, s.cx, s.cy);
    if (p.x < 0 || p.y < 0 || p.x > d.width || p.y > d.height) continue;
    const w = ctx.measureText(s.name).width + 8;
    const box = { l: p.x - w / 2, r: p.x + w / 2, t: p.y - 9, b: p.y + 9 };
    if (placed.some((o) => box.l < o.r + 2 && box.r > o.l - 2 && box.t < o.b + 1 && box.b > o.t - 1)) continue;
    placed.push(box);
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(box.l, box.t, w, 18);
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#111827';
    ctx.fillText(s.name, p.x, p.y);
  }
}
