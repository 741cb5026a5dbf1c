/** Best-available seat selection: the block of adjacent free seats a box-office person would pick, nearest the focal point. */
import type { BestAvailableRequest, SelectableRow, SelectableSeat } from './types';

export const MAX_BEST_AVAILABLE_QUANTITY = 50;

/** Neighbours farther apart than this many typical spacings have an aisle or gap between them. */
const GAP_FACTOR = 1.6;

/** Reused across calls so the median needs no allocation per row (an isolate runs one call at a time). */
let scratch = new Float64Array(64);

/**
 * Returns the ids of `req.quantity` seats to hold, left to right, or null when no block of that many fits.
 * Order of preference: no orphan left behind, then nearest centroid to the focal point, then lower
 * section, row and position so the answer is deterministic.
 */
export function bestAvailable(rows: SelectableRow[], req: BestAvailableRequest): string[] | null {
  const q = req.quantity;
  if (!Number.isInteger(q) || q < 1 || q > MAX_BEST_AVAILABLE_QUANTITY) {
    throw new RangeError(`quantity must be an integer from 1 to ${MAX_BEST_AVAILABLE_QUANTITY}, got ${q}`);
  }
  const fx = req.focal.x;
  const fy = req.focal.y;
  if (!Number.isFinite(fx) || !Number.isFinite(fy)) throw new RangeError('focal must be a finite point');
  const allowed = new Set(req.categories);
  const wantAccessible = req.accessible;
  const best: Best = { row: -1, start: 0, orphan: true, d2: Infinity };

  for (let r = 0; r < rows.length; r++) {
    const seats = rows[r]!.seats;
    const n = seats.length;
    if (n < q) continue;
    // Every block's centroid lies in the row's box: a row whose box is farther than a clean block cannot win.
    const box = rows[r]!.box;
    if (box && !best.orphan) {
      const bx = box.minX > fx ? box.minX - fx : fx > box.maxX ? fx - box.maxX : 0;
      const by = box.minY > fy ? box.minY - fy : fy > box.maxY ? fy - box.maxY : 0;
      if (bx * bx + by * by > best.d2) continue;
    }
    // Squared neighbour limit, computed at most once per row and only for a run that could win.
    let limit = -1;
    // A run of usable seats with consecutive positions, [a, i), and its bounding box.
    let a = -1;
    let minX = 0, maxX = 0, minY = 0, maxY = 0;
    for (let i = 0; i <= n; i++) {
      const s = i < n ? seats[i]! : null;
      const usable = s !== null && s.free && s.accessible === wantAccessible && allowed.has(s.category);
      // A position jump means a seat missing from the list sits between them.
      if (usable && a >= 0 && s.position === seats[i - 1]!.position + 1) {
        if (s.x < minX) minX = s.x;
        else if (s.x > maxX) maxX = s.x;
        if (s.y < minY) minY = s.y;
        else if (s.y > maxY) maxY = s.y;
        continue;
      }
      if (a >= 0 && i - a >= q) {
        // Every block's centroid lies in the run's box: skip the run when even the box cannot beat a clean block.
        const bx = minX > fx ? minX - fx : fx > maxX ? fx - maxX : 0;
        const by = minY > fy ? minY - fy : fy > maxY ? fy - maxY : 0;
        if (best.orphan || bx * bx + by * by <= best.d2) {
          if (limit < 0 && i - a > 1) limit = neighbourLimit(seats);
          // Split the run at aisles, then slide a q-wide window along each piece.
          let b = a;
          for (let k = a + 1; k <= i; k++) {
            if (k < i) {
              const dx = seats[k]!.x - seats[k - 1]!.x;
              const dy = seats[k]!.y - seats[k - 1]!.y;
              if (dx * dx + dy * dy <= limit) continue;
            }
            if (k - b >= q) slide(rows, r, b, k, q, fx, fy, best);
            b = k;
          }
        }
      }
      if (usable) {
        a = i;
        minX = maxX = s.x;
        minY = maxY = s.y;
      } else a = -1;
    }
  }

  if (best.row < 0) return null;
  const seats = rows[best.row]!.seats;
  const ids = new Array<string>(q);
  for (let k = 0; k < q; k++) ids[k] = seats[best.start + k]!.id;
  return ids;
}

type Best = { row: number; start: number; orphan: boolean; d2: number };

/** Offers every q-wide block of the adjacent run [a, end) of row r; a block leaving one seat at either end strands an orphan. */
function slide(rows: SelectableRow[], r: number, a: number, end: number, q: number, fx: number, fy: number, best: Best): void {
  const seats = rows[r]!.seats;
  let sx = 0;
  let sy = 0;
  for (let k = a; k < a + q; k++) {
    sx += seats[k]!.x;
    sy += seats[k]!.y;
  }
  for (let start = a; ; start++) {
    const orphan = start - a === 1 || end - start - q === 1;
    if (!orphan || best.orphan) {
      const cx = sx / q - fx;
      const cy = sy / q - fy;
      const d2 = cx * cx + cy * cy;
      if (
        (best.orphan && !orphan) ||
        d2 < best.d2 ||
        (d2 === best.d2 && best.row >= 0 && breaksTie(rows[r]!, seats[start]!, rows[best.row]!, best.start))
      ) {
        best.row = r;
        best.start = start;
        best.orphan = orphan;
        best.d2 = d2;
      }
    }
    if (start + q >= end) return;
    sx += seats[start + q]!.x - seats[start]!.x;
    sy += seats[start + q]!.y - seats[start]!.y;
  }
}

/** Equal distance: lower section, then row, then first position wins; an earlier row in the input keeps a full tie. */
function breaksTie(row: SelectableRow, first: SelectableSeat, bestRow: SelectableRow, bestStart: number): boolean {
  if (row.section !== bestRow.section) return row.section < bestRow.section;
  if (row.row !== bestRow.row) return row.row < bestRow.row;
  return first.position < bestRow.seats[bestStart]!.position;
}

/** (GAP_FACTOR × median spacing)², the median taken over seats consecutive by position so aisles do not skew it. */
function neighbourLimit(seats: SelectableSeat[]): number {
  if (scratch.length < seats.length) scratch = new Float64Array(seats.length * 2);
  let m = 0;
  for (let i = 1; i < seats.length; i++) {
    const a = seats[i - 1]!;
    const b = seats[i]!;
    if (b.position !== a.position + 1) continue;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    scratch[m++] = Math.sqrt(dx * dx + dy * dy);
  }
  if (m === 0) return 0;
  const half = m >> 1;
  const upper = select(scratch, m, half);
  let median = upper;
  if ((m & 1) === 0) {
    // After selection everything left of `half` is ≤ upper; the lower middle is its maximum.
    let lower = scratch[0]!;
    for (let i = 1; i < half; i++) if (scratch[i]! > lower) lower = scratch[i]!;
    median = (lower + upper) / 2;
  }
  const limit = GAP_FACTOR * median;
  return limit * limit;
}

/** Hoare quickselect: the k-th smallest of a[0..n), leaving smaller values to its left. */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}
