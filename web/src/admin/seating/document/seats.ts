/** Editing and selecting seats: category, flags, labels, delete, move; hit-testing and selections on the stage. */
import { nearestWithin, rectContains, type Point, type Rect } from '../geometry';
import { type LayoutDocument, type Row, type Seat, type SeatFlag, EditError, seatKey, parseSeatKey, checkLabel } from './core';
import { fitBounds } from './sections';

export function mapSeats(doc: LayoutDocument, fn: (seat: Seat, s: number, r: number, k: number) => Seat): LayoutDocument {
  let changed = false;
  const sections = doc.sections.map((section, s) => {
    let sectionChanged = false;
    const rows = section.rows.map((row, r) => {
      let rowChanged = false;
      const seats = row.seats.map((seat, k) => {
        const next = fn(seat, s, r, k);
        if (next !== seat) rowChanged = true;
        return next;
      });
      if (!rowChanged) return row;
      sectionChanged = true;
      return { ...row, seats };
    });
    if (!sectionChanged) return section;
    changed = true;
    return { ...section, rows };
  });
  return changed ? { ...doc, sections } : doc;
}

/** Applies `fn` to the selected seats only (walking just the sections and rows they are in). */
function mapSelected(doc: LayoutDocument, selection: ReadonlySet<string>, fn: (seat: Seat) => Seat): LayoutDocument {
  const bySection = new Map<number, Map<number, Set<number>>>();
  for (const key of selection) {
    const { s, r, k } = parseSeatKey(key);
    let rows = bySection.get(s);
    if (!rows) bySection.set(s, (rows = new Map()));
    let seats = rows.get(r);
    if (!seats) rows.set(r, (seats = new Set()));
    seats.add(k);
  }
  if (bySection.size === 0) return doc;
  const sections = doc.sections.map((section, s) => {
    const rowsSel = bySection.get(s);
    if (!rowsSel) return section;
    return { ...section, rows: section.rows.map((row, r) => {
      const seatsSel = rowsSel.get(r);
      if (!seatsSel) return row;
      return { ...row, seats: row.seats.map((seat, k) => (seatsSel.has(k) ? fn(seat) : seat)) };
    }) };
  });
  return { ...doc, sections };
}

export function setCategory(doc: LayoutDocument, selection: ReadonlySet<string>, category: string): LayoutDocument {
  if (!doc.categories.some((c) => c.key === category)) throw new EditError('category', 'Choose a category');
  return mapSelected(doc, selection, (seat) => (seat.category === category ? seat : { ...seat, category }));
}

/** Sets or clears a flag on the selected seats; a cleared flag is left out of the document. */
export function setFlag(doc: LayoutDocument, selection: ReadonlySet<string>, flag: SeatFlag, on: boolean): LayoutDocument {
  return mapSelected(doc, selection, (seat) => {
    if (Boolean(seat[flag]) === on) return seat;
    const next = { ...seat };
    if (on) next[flag] = true;
    else delete next[flag];
    return next;
  });
}

/** Whether all, some or none of the selected seats have the flag. */
export function flagState(doc: LayoutDocument, selection: ReadonlySet<string>, flag: SeatFlag): 'all' | 'some' | 'none' {
  let yes = 0;
  let n = 0;
  for (const key of selection) {
    const seat = seatAt(doc, key);
    if (!seat) continue;
    n++;
    if (seat[flag]) yes++;
  }
  return yes === 0 ? 'none' : yes === n ? 'all' : 'some';
}

export function seatAt(doc: LayoutDocument, key: string): Seat | undefined {
  const { s, r, k } = parseSeatKey(key);
  return doc.sections[s]?.rows[r]?.seats[k];
}

export function renameSeat(doc: LayoutDocument, key: string, label: string): LayoutDocument {
  const { s, r, k } = parseSeatKey(key);
  const row = doc.sections[s]?.rows[r];
  if (!row?.seats[k]) return doc;
  const l = label.trim();
  checkLabel('label', l);
  if (row.seats.some((x, i) => i !== k && x.label === l)) throw new EditError('label', `Seat ${l} is already in row ${row.label}`);
  return mapSelected(doc, new Set([key]), (seat) => ({ ...seat, label: l }));
}

/** Deletes the selected seats; rows left empty go too (a row needs at least one seat). */
export function deleteSeats(doc: LayoutDocument, selection: ReadonlySet<string>): LayoutDocument {
  if (selection.size === 0) return doc;
  const sections = doc.sections.map((section, s) => {
    let touched = false;
    const rows: Row[] = [];
    section.rows.forEach((row, r) => {
      const seats = row.seats.filter((_, k) => !selection.has(seatKey(s, r, k)));
      if (seats.length !== row.seats.length) touched = true;
      if (seats.length === row.seats.length) rows.push(row);
      else if (seats.length > 0) rows.push({ ...row, seats });
    });
    return touched ? { ...section, rows } : section;
  });
  return { ...doc, sections };
}

/** Moves the selected seats by (dx, dy); their sections' bounds grow to keep them inside. */
export function moveSeats(doc: LayoutDocument, selection: ReadonlySet<string>, dx: number, dy: number): LayoutDocument {
  const moved = mapSelected(doc, selection, (seat) => ({ ...seat, x: Math.round(seat.x + dx), y: Math.round(seat.y + dy) }));
  const touched = new Set([...selection].map((key) => parseSeatKey(key).s));
  return { ...moved, sections: moved.sections.map((section, s) => (touched.has(s) ? fitBounds(section) : section)) };
}

/* ---- Selecting ---- */

export type SeatPoint = { key: string; x: number; y: number };

export function seatPoints(doc: LayoutDocument): SeatPoint[] {
  const out: SeatPoint[] = [];
  doc.sections.forEach((section, s) =>
    section.rows.forEach((row, r) => row.seats.forEach((seat, k) => out.push({ key: seatKey(s, r, k), x: seat.x, y: seat.y }))),
  );
  return out;
}

/** The seat under a point (within `radius`), as its key. */
export function hitSeat(points: readonly SeatPoint[], p: Point, radius: number): string | undefined {
  const i = nearestWithin(points, p, radius);
  return i < 0 ? undefined : points[i]!.key;
}

export function seatsInRect(points: readonly SeatPoint[], rect: Rect): Set<string> {
  const out = new Set<string>();
  for (const p of points) if (rectContains(rect, p)) out.add(p.key);
  return out;
}

/** The section whose bounds contain the point (the last drawn on top wins). */
export function hitSection(doc: LayoutDocument, p: Point): number | undefined {
  for (let s = doc.sections.length - 1; s >= 0; s--) {
    const b = doc.sections[s]!.bounds;
    if (b && rectContains(b, p)) return s;
  }
  return undefined;
}

export function rowSelection(doc: LayoutDocument, s: number, r?: number): Set<string> {
  const out = new Set<string>();
  doc.sections[s]?.rows.forEach((row, ri) => {
    if (r === undefined || r === ri) row.seats.forEach((_, k) => out.add(seatKey(s, ri, k)));
  });
  return out;
}

/** Toggles `keys` in `selection`: adds them all unless they are all in it already, then removes them. */
export function toggleSelection(selection: ReadonlySet<string>, keys: Iterable<string>): Set<string> {
  const list = [...keys];
  const out = new Set(selection);
  const allIn = list.length > 0 && list.every((k) => out.has(k));
  for (const k of list) {
    if (allIn) out.delete(k);
    else out.add(k);
  }
  return out;
}

/* ---- General admission ---- */
