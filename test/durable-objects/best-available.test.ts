/** Best-available seat selection: box-office examples, properties against a brute-force search, and a stadium-sized timing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestAvailable } from '../../durable-objects/inventory/best-available';
import type { BestAvailableRequest, SelectableRow, SelectableSeat } from '../../durable-objects/inventory/types';

/**
 * A row drawn as text, one seat per character, spacing 1: o free, x taken, a free accessible,
 * v free in category vip; '|' is an aisle (two extra units of space, no seat).
 */
function row(section: string, label: string, y: number, pattern: string): SelectableRow {
  const seats: SelectableSeat[] = [];
  let x = 0;
  for (const ch of pattern) {
    if (ch === '|') {
      x += 2;
      continue;
    }
    const position = seats.length;
    seats.push({ id: `${section}:${label}:${position + 1}`, position, x, y, category: ch === 'v' ? 'vip' : 'std', accessible: ch === 'a', free: ch !== 'x' });
    x += 1;
  }
  return { section, row: label, seats };
}

function req(quantity: number, focal: { x: number; y: number }, more: Partial<BestAvailableRequest> = {}): BestAvailableRequest {
  return { quantity, categories: ['std'], accessible: false, focal, ...more };
}

describe('best available: what a box-office person would pick', () => {
  it('picks the centre of the front row', () => {
    const rows = [row('A', '1', 0, 'oooooooooo'), row('A', '2', 1, 'oooooooooo'), row('A', '3', 2, 'oooooooooo')];
    expect(bestAvailable(rows, req(2, { x: 4.5, y: -5 }))).toEqual(['A:1:5', 'A:1:6']);
    expect(bestAvailable(rows, req(4, { x: 4.5, y: -5 }))).toEqual(['A:1:4', 'A:1:5', 'A:1:6', 'A:1:7']);
  });

  it('skips an aisle gap between seats numbered side by side', () => {
    // Seats 4 and 5 are consecutive by position but an aisle separates them.
    const rows = [row('A', '1', 0, 'oooo|oooo')];
    expect(bestAvailable(rows, req(2, { x: 4, y: 0 }))).toEqual(['A:1:3', 'A:1:4']);
    expect(bestAvailable(rows, req(5, { x: 4, y: 0 }))).toBeNull();
    // The row behind has no aisle, so five together only fit there.
    rows.push(row('A', '2', 1, 'ooooooooo'));
    expect(bestAvailable(rows, req(5, { x: 4, y: 0 }))).toEqual(['A:2:3', 'A:2:4', 'A:2:5', 'A:2:6', 'A:2:7']);
  });

  it('never splits a block across rows', () => {
    // Three free at the end of each of two rows, one above the other.
    const rows = [row('A', '1', 0, 'xxxxooo'), row('A', '2', 1, 'xxxxooo')];
    expect(bestAvailable(rows, req(4, { x: 5, y: 0.5 }))).toBeNull();
    rows.push(row('A', '9', 20, 'oooo'));
    expect(bestAvailable(rows, req(4, { x: 5, y: 0.5 }))).toEqual(['A:9:1', 'A:9:2', 'A:9:3', 'A:9:4']);
  });

  it('refuses accessible seats unless asked and only gives accessible ones when asked', () => {
    const rows = [row('A', '1', 0, 'aaxoooo'), row('A', '2', 1, 'aoa')];
    expect(bestAvailable(rows, req(2, { x: 0, y: 0 }))).toEqual(['A:1:4', 'A:1:5']);
    expect(bestAvailable(rows, req(2, { x: 6, y: 0 }, { accessible: true }))).toEqual(['A:1:1', 'A:1:2']);
    expect(bestAvailable(rows, req(3, { x: 0, y: 0 }, { accessible: true }))).toBeNull();
  });

  it('respects the allowed categories', () => {
    const rows = [row('A', '1', 0, 'vvvxoooo')];
    expect(bestAvailable(rows, req(2, { x: 0, y: 0 }))).toEqual(['A:1:5', 'A:1:6']);
    expect(bestAvailable(rows, req(3, { x: 7, y: 0 }, { categories: ['vip'] }))).toEqual(['A:1:1', 'A:1:2', 'A:1:3']);
    expect(bestAvailable(rows, req(4, { x: 0, y: 0 }, { categories: ['vip', 'std'] }))).toEqual(['A:1:5', 'A:1:6', 'A:1:7', 'A:1:8']);
    expect(bestAvailable(rows, req(1, { x: 0, y: 0 }, { categories: [] }))).toBeNull();
  });

  it('avoids leaving a single orphan seat when another block exists, even a farther one', () => {
    // In the front row any pair strands one seat of the three; the row far behind has room for a clean pair.
    const rows = [row('A', '1', 0, 'xoooxx'), row('A', '2', 10, 'xxoooo')];
    expect(bestAvailable(rows, req(2, { x: 2, y: 0 }))).toEqual(['A:2:3', 'A:2:4']);
    // Within one run: the centre pair of five strands a seat, so the pair at the edge wins.
    expect(bestAvailable([row('A', '1', 0, 'ooooo')], req(2, { x: 2, y: 0 }))).toEqual(['A:1:1', 'A:1:2']);
  });

  it('leaves an orphan only when nothing else fits', () => {
    expect(bestAvailable([row('A', '1', 0, 'xooox')], req(2, { x: 1.4, y: 0 }))).toEqual(['A:1:2', 'A:1:3']);
    expect(bestAvailable([row('A', '1', 0, 'xooox')], req(2, { x: 2.6, y: 0 }))).toEqual(['A:1:3', 'A:1:4']);
  });

  it('returns null when no block fits', () => {
    expect(bestAvailable([row('A', '1', 0, 'ooxoo'), row('A', '2', 1, 'xxxxx')], req(3, { x: 2, y: 0 }))).toBeNull();
    expect(bestAvailable([], req(1, { x: 0, y: 0 }))).toBeNull();
  });

  it('with quantity 1 picks the single nearest free seat', () => {
    const rows = [row('A', '1', 0, 'oxxxxxxo'), row('A', '2', 1, 'xxoxxxxx'), row('A', '3', 2, 'xxxxxoxx')];
    expect(bestAvailable(rows, req(1, { x: 4, y: 2 }))).toEqual(['A:3:6']);
    expect(bestAvailable(rows, req(1, { x: 2, y: -1 }))).toEqual(['A:2:3']);
    expect(bestAvailable([row('B', '1', 0, 'o|o')], req(1, { x: 3, y: 0 }))).toEqual(['B:1:2']);
  });

  it('breaks distance ties by lower section, then row, then position', () => {
    const rows = [row('B', '1', 0, 'oo'), row('A', '2', 0, 'oo'), row('A', '1', 0, 'oo')];
    expect(bestAvailable(rows, req(2, { x: 0.5, y: 0 }))).toEqual(['A:1:1', 'A:1:2']);
    // Pairs 3–4 and 4–5 are both half a seat from the focal point.
    expect(bestAvailable([row('A', '1', 0, 'ooooooo')], req(2, { x: 3, y: 0 }))).toEqual(['A:1:3', 'A:1:4']);
  });

  it('refuses a quantity that is not an integer from 1 to 50', () => {
    const rows = [row('A', '1', 0, 'oooo')];
    for (const quantity of [0, -1, 51, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => bestAvailable(rows, req(quantity, { x: 0, y: 0 }))).toThrow(RangeError);
    }
    expect(bestAvailable(rows, req(50, { x: 0, y: 0 }))).toBeNull();
  });
});

// ---- Brute force: the rules written as plainly as possible, to check the fast version against.

function medianSpacing(seats: SelectableSeat[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < seats.length; i++) {
    if (seats[i]!.position === seats[i - 1]!.position + 1) gaps.push(Math.hypot(seats[i]!.x - seats[i - 1]!.x, seats[i]!.y - seats[i - 1]!.y));
  }
  gaps.sort((a, b) => a - b);
  const m = gaps.length;
  if (m === 0) return 0;
  return m % 2 === 1 ? gaps[(m - 1) / 2]! : (gaps[m / 2 - 1]! + gaps[m / 2]!) / 2;
}

const usable = (s: SelectableSeat, r: BestAvailableRequest) => s.free && r.categories.includes(s.category) && s.accessible === r.accessible;

/** seats[i - 1] and seats[i] sit side by side: consecutive positions, no aisle between. */
function adjacent(seats: SelectableSeat[], i: number, median: number): boolean {
  const a = seats[i - 1]!;
  const b = seats[i]!;
  return b.position === a.position + 1 && Math.hypot(b.x - a.x, b.y - a.y) <= 1.6 * median;
}

type Block = { row: number; start: number; orphan: boolean; distance: number };

/** Every valid block of `r.quantity`, with whether it strands a single seat and its distance to the focal point. */
function allBlocks(rows: SelectableRow[], r: BestAvailableRequest): Block[] {
  const blocks: Block[] = [];
  rows.forEach((row, ri) => {
    const seats = row.seats;
    const median = medianSpacing(seats);
    const joined = (i: number) => usable(seats[i - 1]!, r) && usable(seats[i]!, r) && adjacent(seats, i, median);
    for (let start = 0; start + r.quantity <= seats.length; start++) {
      const end = start + r.quantity - 1;
      let ok = usable(seats[start]!, r);
      for (let i = start + 1; ok && i <= end; i++) ok = joined(i);
      if (!ok) continue;
      let left = 0;
      while (start - left - 1 >= 0 && joined(start - left)) left++;
      let right = 0;
      while (end + right + 1 < seats.length && joined(end + right + 1)) right++;
      const block = seats.slice(start, end + 1);
      const cx = block.reduce((s, seat) => s + seat.x, 0) / block.length;
      const cy = block.reduce((s, seat) => s + seat.y, 0) / block.length;
      blocks.push({ row: ri, start, orphan: left === 1 || right === 1, distance: Math.hypot(cx - r.focal.x, cy - r.focal.y) });
    }
  });
  return blocks;
}

/** Locates an answer in the rows, failing the test if its seats are not one run of consecutive seats in one row. */
function locate(rows: SelectableRow[], ids: string[]): { row: number; start: number } {
  const ri = rows.findIndex((row) => row.seats.some((s) => s.id === ids[0]));
  expect(ri).toBeGreaterThanOrEqual(0);
  const seats = rows[ri]!.seats;
  const start = seats.findIndex((s) => s.id === ids[0]);
  expect(seats.slice(start, start + ids.length).map((s) => s.id)).toEqual(ids);
  return { row: ri, start };
}

const seatArb = fc.record({
  free: fc.integer({ min: 0, max: 9 }).map((n) => n < 6),
  category: fc.constantFrom('std', 'std', 'vip', 'box'),
  accessible: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  // Extra space before the seat: mostly none, sometimes an aisle of various widths.
  gap: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 3),
  // Sometimes a position is skipped, as when a seat is missing from the list.
  skip: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

const rowsArb = fc.array(
  fc.record({ section: fc.constantFrom('A', 'B'), label: fc.constantFrom('1', '2', '3'), spacing: fc.integer({ min: 1, max: 3 }), seats: fc.array(seatArb, { maxLength: 14 }) }),
  { maxLength: 6 },
).map((specs) =>
  specs.map((spec, ri): SelectableRow => {
    let x = 0;
    let position = 0;
    const seats = spec.seats.map((s, i): SelectableSeat => {
      x += i === 0 ? 0 : spec.spacing * (1 + s.gap);
      position += i === 0 ? 0 : s.skip ? 2 : 1;
      return { id: `${spec.section}:${spec.label}:${ri}:${i}`, position, x, y: ri * 2, category: s.category, accessible: s.accessible, free: s.free };
    });
    return { section: spec.section, row: spec.label, seats };
  }),
);

const reqArb = fc.record({
  quantity: fc.integer({ min: 1, max: 6 }),
  categories: fc.subarray(['std', 'vip', 'box']),
  accessible: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  focal: fc.record({ x: fc.integer({ min: -10, max: 90 }).map((v) => v / 2), y: fc.integer({ min: -6, max: 30 }).map((v) => v / 2) }),
});

const runs = { numRuns: 500 };

describe('best available: properties over random rows', () => {
  it('answers with exactly quantity distinct, free, adjacent seats in one row, in allowed categories, matching accessibility', () => {
    fc.assert(
      fc.property(rowsArb, reqArb, (rows, r) => {
        const ids = bestAvailable(rows, r);
        if (ids === null) return;
        expect(ids).toHaveLength(r.quantity);
        expect(new Set(ids).size).toBe(r.quantity);
        const { row, start } = locate(rows, ids);
        const seats = rows[row]!.seats;
        const median = medianSpacing(seats);
        for (let i = start; i < start + r.quantity; i++) {
          const s = seats[i]!;
          expect(s.free).toBe(true);
          expect(r.categories).toContain(s.category);
          expect(s.accessible).toBe(r.accessible);
          if (i > start) expect(adjacent(seats, i, median)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('returns null exactly when a brute-force search finds no valid block', () => {
    fc.assert(
      fc.property(rowsArb, reqArb, (rows, r) => {
        expect(bestAvailable(rows, r) === null).toBe(allBlocks(rows, r).length === 0);
      }),
      runs,
    );
  });

  it('leaves no orphan whenever some orphan-free block exists', () => {
    fc.assert(
      fc.property(rowsArb, reqArb, (rows, r) => {
        const blocks = allBlocks(rows, r);
        const ids = bestAvailable(rows, r);
        if (ids === null || !blocks.some((b) => !b.orphan)) return;
        const at = locate(rows, ids);
        expect(blocks.find((b) => b.row === at.row && b.start === at.start)!.orphan).toBe(false);
      }),
      runs,
    );
  });

  it('is no farther from the focal point than the brute-force best block of its kind', () => {
    fc.assert(
      fc.property(rowsArb, reqArb, (rows, r) => {
        const blocks = allBlocks(rows, r);
        const ids = bestAvailable(rows, r);
        if (ids === null) return;
        const candidates = blocks.some((b) => !b.orphan) ? blocks.filter((b) => !b.orphan) : blocks;
        const nearest = Math.min(...candidates.map((b) => b.distance));
        const at = locate(rows, ids);
        const chosen = blocks.find((b) => b.row === at.row && b.start === at.start)!;
        expect(chosen.distance).toBeLessThanOrEqual(nearest + 1e-9);
      }),
      runs,
    );
  });
});

describe('best available: speed', () => {
  /** Deterministic PRNG (mulberry32) so the stadium is the same every run. */
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('answers in well under 5 ms on average in a 50,000-seat stadium a quarter free', () => {
    const random = rng(20_260_101);
    const categories = ['premium', 'standard', 'economy'];
    const rows: SelectableRow[] = [];
    // 40 sections × 50 rows × 25 seats, sections on an 8 × 5 grid, seats 0.5 apart, rows 1 apart.
    for (let s = 0; s < 40; s++) {
      const ox = (s % 8) * 15;
      const oy = Math.floor(s / 8) * 55;
      for (let r = 0; r < 50; r++) {
        const seats: SelectableSeat[] = [];
        for (let p = 0; p < 25; p++) {
          seats.push({
            id: `S${s}:${r + 1}:${p + 1}`,
            position: p,
            x: ox + p * 0.5 + (p >= 12 ? 1 : 0), // an aisle down the middle of every section
            y: oy + r,
            category: categories[Math.min(2, Math.floor(r / 17))]!,
            accessible: r === 0 && p < 4,
            free: random() < 0.25,
          });
        }
        rows.push({ section: `S${String(s).padStart(2, '0')}`, row: String(r + 1).padStart(2, '0'), seats });
      }
    }
    const requests: BestAvailableRequest[] = Array.from({ length: 200 }, () => ({
      quantity: 1 + Math.floor(random() * 6),
      categories: random() < 0.5 ? categories : [categories[Math.floor(random() * 3)]!],
      accessible: random() < 0.05,
      focal: { x: random() * 120, y: random() * 270 },
    }));

    let found = 0;
    const started = performance.now();
    for (const r of requests) if (bestAvailable(rows, r) !== null) found++;
    const meanMs = (performance.now() - started) / requests.length;
    console.log(`best-available: ${rows.length * 25} seats, ${requests.length} requests, mean ${meanMs.toFixed(3)} ms, ${found} answered`);
    expect(found).toBeGreaterThan(100);
    expect(meanMs).toBeLessThan(5);
  });
});

describe('best available with row boxes (how the inventory calls it)', () => {
  it('gives the same answer whether or not rows carry their bounding boxes and come nearest-first', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            y: fc.integer({ min: 0, max: 40 }),
            seats: fc.array(fc.record({ free: fc.boolean(), category: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 12 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: -20, max: 60 }),
        (spec, quantity, fx) => {
          const rows: SelectableRow[] = spec.map((r, ri) => ({
            section: 'S',
            row: String(ri).padStart(2, '0'),
            seats: r.seats.map((s, si) => ({ id: `S:${ri}:${si}`, position: si, x: si * 10, y: r.y * 10, category: s.category, accessible: false, free: s.free })),
          }));
          const req = { quantity, categories: ['a', 'b'], accessible: false, focal: { x: fx, y: 0 } };
          const plain = bestAvailable(rows, req);
          const boxed = rows
            .map((r) => ({ ...r, box: { minX: Math.min(...r.seats.map((s) => s.x)), maxX: Math.max(...r.seats.map((s) => s.x)), minY: r.seats[0]!.y, maxY: r.seats[0]!.y } }))
            .sort((p, q) => Math.abs(p.box.minY) - Math.abs(q.box.minY));
          expect(bestAvailable(boxed, req)).toEqual(plain);
        },
      ),
      { numRuns: 500 },
    );
  });
});
