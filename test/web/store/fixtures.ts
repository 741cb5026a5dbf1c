/** Seat maps for the storefront tests, built the way the API answers them ([id, x, y, category, flags, status]). */
import type { Ctx } from '../../../web/src/store/seatmap/draw';
import type { SeatMapInput } from '../../../web/src/store/seatmap/model';

/** A small theatre: sections "L" and "R", rows A–C, 5 seats each, 10 units apart; category "a" in row A, "b" after. */
export function smallTheatre(): SeatMapInput {
  const seats: (string | number)[][] = [];
  for (const [s, ox] of [
    ['L', 0],
    ['R', 100],
  ] as const) {
    ['A', 'B', 'C'].forEach((row, r) => {
      for (let n = 1; n <= 5; n++) seats.push([`${s}:${row}:${n}`, ox + n * 10, 100 + r * 12, row === 'A' ? 'a' : 'b', n === 1 ? 1 : 0, 'available']);
    });
  }
  return {
    version: 3,
    focal: { x: 80, y: 0 },
    categories: [
      { key: 'a', name: 'Front', color: '#c0392b' },
      { key: 'b', name: 'Back', color: '#2980b9' },
    ],
    seats,
  };
}

/**
 * A 50,000-seat stadium: 100 sections in a ring around the pitch, 20 rows of 25 seats each, four price
 * categories by ring distance, a scattering of seats already sold or held.
 */
export function stadium(total = 50_000): SeatMapInput {
  const sections = 100;
  const rows = 20;
  const perRow = Math.ceil(total / sections / rows);
  const seats: (string | number)[][] = [];
  const statuses = ['available', 'available', 'available', 'sold', 'held', 'available', 'available'];
  for (let s = 0; s < sections && seats.length < total; s++) {
    const a0 = (s / sections) * Math.PI * 2;
    for (let r = 0; r < rows && seats.length < total; r++) {
      const radius = 3000 + r * 60;
      for (let n = 0; n < perRow && seats.length < total; n++) {
        const a = a0 + (n / perRow) * ((Math.PI * 2) / sections) * 0.9;
        const k = seats.length;
        seats.push([`S${s + 1}:${r + 1}:${n + 1}`, Math.round(Math.cos(a) * radius), Math.round(Math.sin(a) * radius), ['p', 'q', 'r', 's'][Math.floor(r / 5)]!, k % 97 === 0 ? 1 : 0, statuses[k % statuses.length]!]);
      }
    }
  }
  return {
    version: 1,
    focal: { x: 0, y: 0 },
    categories: [
      { key: 'p', name: 'Platinum', color: '#7c3aed' },
      { key: 'q', name: 'Gold', color: '#d97706' },
      { key: 'r', name: 'Silver', color: '#2563eb' },
      { key: 's', name: 'Bronze', color: '#059669' },
    ],
    seats,
  };
}

/** Records what the renderer asks of the canvas. */
export function recordingCtx() {
  const calls: string[] = [];
  let fills = 0;
  let arcs = 0;
  let rects = 0;
  let fillRects = 0;
  const fillColors: string[] = [];
  const ctx = {
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    lineWidth: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    globalAlpha: 1,
    setTransform: () => calls.push('setTransform'),
    clearRect: () => {},
    fillRect: () => void fillRects++,
    beginPath: () => calls.push('beginPath'),
    closePath: () => {},
    moveTo: () => {},
    arc: () => void arcs++,
    rect: () => void rects++,
    fill() {
      fills++;
      fillColors.push(String(this.fillStyle));
    },
    stroke: () => calls.push('stroke'),
    fillText: () => {},
    measureText: (s: string) => ({ width: s.length * 7 }),
  };
  return { ctx: ctx as unknown as Ctx, stats: () => ({ fills, arcs, rects, fillRects, fillColors, calls }) };
}
