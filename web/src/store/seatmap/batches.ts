/**
 * Colour batching: the canvas draws one path per colour, so the seats are bucketed by how they look: an available
 * seat takes its category's colour, a seat nobody can buy (held by others, sold, blocked, or of a category no ticket
 * type sells) is grey, and the buyer's own picks and holds stand out. Bucketing 50,000 seats is one counting pass.
 */
import { AVAILABLE, type SeatModel } from './model';

/** What the buyer has done with a seat (the `marks` array). */
export const MARK_NONE = 0;
export const MARK_SELECTED = 1;
export const MARK_MINE = 2;

export type BatchKind = 'unavailable' | 'category' | 'mine' | 'selected';

export type Batch = {
  kind: BatchKind;
  /** The category's index for kind 'category'. */
  category: number;
  color: string;
  /** Radius as a share of the seat spacing: unavailable seats are drawn smaller, so status never rests on colour alone. */
  radius: number;
  seats: Uint32Array;
};

export const COLORS = { unavailable: '#c4c8ce', mine: '#f59e0b', selected: '#111827' } as const;
export const RADIUS = { seat: 0.42, unavailable: 0.28 } as const;

/** How one seat looks: the bucket it goes in (0 = unavailable, 1.. = category + 1, then mine, then selected). */
export function bucketOf(m: SeatModel, marks: Uint8Array, sellable: readonly boolean[], i: number): number {
  const mark = marks[i]!;
  const nCat = m.categories.length;
  if (mark === MARK_MINE) return nCat + 1;
  if (m.status[i] !== AVAILABLE || !sellable[m.category[i]!]) return 0;
  if (mark === MARK_SELECTED) return nCat + 2;
  return 1 + m.category[i]!;
}

/** Buckets every seat; batches come out in drawing order (unavailable, categories, mine, selected), empty ones dropped. */
export function buildBatches(m: SeatModel, marks: Uint8Array, sellable: readonly boolean[]): Batch[] {
  const nCat = m.categories.length;
  const buckets = nCat + 3;
  const bucket = new Uint16Array(m.count);
  const counts = new Uint32Array(buckets);
  for (let i = 0; i < m.count; i++) {
    const b = bucketOf(m, marks, sellable, i);
    bucket[i] = b;
    counts[b]!++;
  }
  const lists = Array.from(counts, (c) => new Uint32Array(c));
  const fill = new Uint32Array(buckets);
  for (let i = 0; i < m.count; i++) {
    const b = bucket[i]!;
    lists[b]![fill[b]!++] = i;
  }
  const out: Batch[] = [];
  for (let b = 0; b < buckets; b++) {
    const seats = lists[b]!;
    if (!seats.length) continue;
    if (b === 0) out.push({ kind: 'unavailable', category: -1, color: COLORS.unavailable, radius: RADIUS.unavailable, seats });
    else if (b <= nCat) out.push({ kind: 'category', category: b - 1, color: m.categories[b - 1]!.color, radius: RADIUS.seat, seats });
    else if (b === nCat + 1) out.push({ kind: 'mine', category: -1, color: COLORS.mine, radius: RADIUS.seat, seats });
    else out.push({ kind: 'selected', category: -1, color: COLORS.selected, radius: RADIUS.seat, seats });
  }
  return out;
}
