/**
 * Editing a layout document (src/domains/layouts/document.ts) without React: every operation takes a document and
 * answers a new one (sections and rows it did not touch keep their identity, so the stage redraws only what
 * changed), or throws an EditError naming the field to blame. Seats are referred to by position, "s:r:k" (section,
 * row and seat index); a selection is a set of those.
 */
import type { Schemas } from '../../api/client';
import {
  boundingBox,
  DEFAULT_ROW_SPACING,
  DEFAULT_SEAT_SPACING,
  integerRect,
  nearestWithin,
  nextRowCenter,
  padRect,
  rectContains,
  rowPositions,
  SECTION_PADDING,
  unionRect,
  type Point,
  type Rect,
  type RowShape,
} from './geometry';
import { isValidLabel, labelSequence, nextFreeLabel, nextLabel } from './labels';

export type LayoutDocument = Schemas['LayoutDocument'];
export type Category = Schemas['LayoutCategory'];
export type Section = Schemas['LayoutSection'];
export type Row = Schemas['LayoutRow'];
export type Seat = Schemas['LayoutSeat'];
export type GaArea = Schemas['LayoutGaArea'];
export type SeatFlag = 'accessible' | 'restrictedView' | 'notForSale';

/** Limits the server enforces (document.ts), checked here so the organizer hears it before saving. */
export const LIMITS = { seatsPerSection: 10_000, seatsPerLayout: 100_000, sections: 500, categories: 50, gaAreas: 100 };

/** A mistake in what the organizer asked for, tied to the form field it came from. */
export class EditError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export const seatKey = (s: number, r: number, k: number) => `${s}:${r}:${k}`;
export function parseSeatKey(key: string): { s: number; r: number; k: number } {
  const [s, r, k] = key.split(':').map(Number);
  return { s: s!, r: r!, k: k! };
}

export function emptyDocument(name = 'New layout'): LayoutDocument {
  return { name, focal: { x: 0, y: 0 }, categories: [], sections: [], gaAreas: [] };
}

const LABEL_HINT = "Use 1–16 letters, digits, spaces or . _ ' - (no space at either end)";
function checkLabel(field: string, label: string) {
  if (!isValidLabel(label)) throw new EditError(field, LABEL_HINT);
}
function checkName(field: string, name: string, max = 80) {
  if (!name.trim()) throw new EditError(field, 'Required');
  if (name.trim().length > max) throw new EditError(field, `Use at most ${max} characters`);
}

export function seatCount(section: Section): number {
  let n = 0;
  for (const row of section.rows) n += row.seats.length;
  return n;
}

export function documentStats(doc: LayoutDocument) {
  const byCategory = new Map<string, number>();
  let seats = 0;
  let rows = 0;
  let accessible = 0;
  let notForSale = 0;
  for (const section of doc.sections) {
    rows += section.rows.length;
    for (const row of section.rows) {
      for (const seat of row.seats) {
        seats++;
        byCategory.set(seat.category, (byCategory.get(seat.category) ?? 0) + 1);
        if (seat.accessible) accessible++;
        if (seat.notForSale) notForSale++;
      }
    }
  }
  const gaCapacity = doc.gaAreas.reduce((sum, a) => sum + a.capacity, 0);
  return { seats, rows, sections: doc.sections.length, accessible, notForSale, gaCapacity, byCategory };
}

/* ---- Categories ---- */

export function addCategory(doc: LayoutDocument, c: Category): LayoutDocument {
  const category = { key: c.key.trim(), name: c.name.trim(), color: c.color };
  checkLabel('key', category.key);
  if (doc.categories.some((x) => x.key === category.key)) throw new EditError('key', `There is already a category with key '${category.key}'`);
  checkName('name', category.name);
  if (!/^#[0-9a-fA-F]{6}$/.test(category.color)) throw new EditError('color', 'Use a colour like #1a2b3c');
  if (doc.categories.length >= LIMITS.categories) throw new EditError('key', `A layout has at most ${LIMITS.categories} categories`);
  return { ...doc, categories: [...doc.categories, category] };
}

/** Changes a category; a new key is carried over to every seat of the category. */
export function updateCategory(doc: LayoutDocument, index: number, patch: Partial<Category>): LayoutDocument {
  const old = doc.categories[index];
  if (!old) return doc;
  const next = { ...old, ...patch };
  if (patch.key !== undefined) {
    next.key = patch.key.trim();
    checkLabel('key', next.key);
    if (doc.categories.some((x, i) => i !== index && x.key === next.key)) throw new EditError('key', `There is already a category with key '${next.key}'`);
  }
  if (patch.name !== undefined) checkName('name', next.name);
  if (patch.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(next.color)) throw new EditError('color', 'Use a colour like #1a2b3c');
  const categories = doc.categories.map((c, i) => (i === index ? next : c));
  if (next.key === old.key) return { ...doc, categories };
  return mapSeats({ ...doc, categories }, (seat) => (seat.category === old.key ? { ...seat, category: next.key } : seat));
}

export function categoryUse(doc: LayoutDocument, key: string): number {
  let n = 0;
  for (const section of doc.sections) for (const row of section.rows) for (const seat of row.seats) if (seat.category === key) n++;
  return n;
}

/** Removes a category no seat uses (or, with `reassignTo`, moves its seats to another category first). */
export function removeCategory(doc: LayoutDocument, index: number, reassignTo?: string): LayoutDocument {
  const old = doc.categories[index];
  if (!old) return doc;
  const used = categoryUse(doc, old.key);
  let out = doc;
  if (used > 0) {
    if (!reassignTo || reassignTo === old.key || !doc.categories.some((c) => c.key === reassignTo)) {
      throw new EditError('category', `${used} seat${used === 1 ? '' : 's'} use ${old.name}; give them another category first`);
    }
    out = mapSeats(doc, (seat) => (seat.category === old.key ? { ...seat, category: reassignTo } : seat));
  }
  return { ...out, categories: out.categories.filter((_, i) => i !== index) };
}

/** A distinct colour for the n-th category (the organizer can change it). */
export const PALETTE = ['#c0392b', '#2980b9', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#2c3e50', '#b7950b', '#e84393', '#6d4c41'];
export function suggestCategory(doc: LayoutDocument): Category {
  const key = nextFreeLabel(
    doc.categories.map((c) => c.key).filter((k) => /^[a-z]{1,2}$/.test(k)),
    'a',
  );
  return { key, name: '', color: PALETTE[doc.categories.length % PALETTE.length]! };
}

/* ---- Sections ---- */

/** Everything drawn: sections' bounds and every seat. */
export function contentBounds(doc: LayoutDocument): Rect | undefined {
  let box: Rect | undefined;
  for (const section of doc.sections) {
    box = unionRect(box, section.bounds);
    for (const row of section.rows) box = unionRect(box, boundingBox(row.seats));
  }
  return box;
}

/** Where a section added without drawing goes: below everything there is (or in front of the stage), 6 × 3.6 m. */
export function defaultSectionBounds(doc: LayoutDocument): Rect {
  const box = contentBounds(doc);
  const width = 600;
  const height = 360;
  const top = box ? Math.max(box.y + box.height + 100, doc.focal.y + 200) : doc.focal.y + 200;
  return { x: Math.round(doc.focal.x - width / 2), y: Math.round(top), width, height };
}

export function suggestSectionKey(doc: LayoutDocument): string {
  const keys = doc.sections.map((s) => s.key).filter((k) => /^[A-Z]{1,2}$/.test(k));
  return nextFreeLabel(keys, 'A');
}

export function addSection(doc: LayoutDocument, input: { key: string; name?: string; bounds?: Rect }): LayoutDocument {
  const key = input.key.trim();
  checkLabel('key', key);
  if (doc.sections.some((s) => s.key === key)) throw new EditError('key', `There is already a section with key '${key}'`);
  if (doc.gaAreas.some((a) => a.key === key)) throw new EditError('key', `'${key}' is a general-admission area's key; give the section its own`);
  const name = (input.name ?? '').trim() || `Section ${key}`;
  checkName('name', name);
  if (doc.sections.length >= LIMITS.sections) throw new EditError('key', `A layout has at most ${LIMITS.sections} sections`);
  const bounds = integerRect(input.bounds ?? defaultSectionBounds(doc));
  return { ...doc, sections: [...doc.sections, { key, name, bounds, rows: [] }] };
}

export function updateSection(doc: LayoutDocument, s: number, patch: { key?: string; name?: string; bounds?: Rect }): LayoutDocument {
  const old = doc.sections[s];
  if (!old) return doc;
  const next = { ...old };
  if (patch.key !== undefined) {
    const key = patch.key.trim();
    checkLabel('key', key);
    if (doc.sections.some((x, i) => i !== s && x.key === key)) throw new EditError('key', `There is already a section with key '${key}'`);
    if (doc.gaAreas.some((a) => a.key === key)) throw new EditError('key', `'${key}' is a general-admission area's key`);
    next.key = key;
  }
  if (patch.name !== undefined) {
    checkName('name', patch.name);
    next.name = patch.name.trim();
  }
  if (patch.bounds) next.bounds = integerRect(patch.bounds);
  return replaceSection(doc, s, next);
}

export function removeSection(doc: LayoutDocument, s: number): LayoutDocument {
  return { ...doc, sections: doc.sections.filter((_, i) => i !== s) };
}

/** Bounds around the section's seats with some room; `shrink` false keeps any drawn area that is larger. */
export function fitBounds(section: Section, shrink = false): Section {
  const seats = boundingBox(section.rows.flatMap((r) => r.seats));
  if (!seats) return section;
  const around = padRect(seats, SECTION_PADDING);
  const bounds = integerRect(shrink ? around : (unionRect(section.bounds, around) ?? around));
  const b = section.bounds;
  if (b && b.x === bounds.x && b.y === bounds.y && b.width === bounds.width && b.height === bounds.height) return section;
  return { ...section, bounds };
}

function replaceSection(doc: LayoutDocument, s: number, section: Section): LayoutDocument {
  return { ...doc, sections: doc.sections.map((x, i) => (i === s ? section : x)) };
}

/* ---- Rows ---- */

export type AddRowsInput = {
  /** The first new row's label; the rows after it follow on (A → B, 1 → 2). */
  rowLabel: string;
  rows: number;
  seatsPerRow: number;
  /** The first seat's label, e.g. "1", "101" or "A". */
  firstSeat: string;
  /** 1 numbers 1, 2, 3; 2 numbers 1, 3, 5 (odd or even sides). */
  seatStep: number;
  /** Which end seat 1 is at, as the audience faces the stage. */
  numbering: 'left-to-right' | 'right-to-left';
  shape: RowShape;
  seatSpacing: number;
  rowSpacing: number;
  category: string;
};

export function defaultAddRows(doc: LayoutDocument, s: number | undefined): AddRowsInput {
  const section = s === undefined ? undefined : doc.sections[s];
  const last = section?.rows.at(-1);
  return {
    rowLabel: nextFreeLabel(section?.rows.map((r) => r.label) ?? [], 'A'),
    rows: 1,
    seatsPerRow: last?.seats.length ?? 10,
    firstSeat: '1',
    seatStep: 1,
    numbering: 'left-to-right',
    shape: 'straight',
    seatSpacing: DEFAULT_SEAT_SPACING,
    rowSpacing: DEFAULT_ROW_SPACING,
    category: doc.categories.at(-1)?.key ?? '',
  };
}

/**
 * Adds rows of seats to section `s`, each one row spacing behind the last (away from the stage), the section's
 * bounds growing to hold them.
 */
export function addRows(doc: LayoutDocument, s: number, input: AddRowsInput): LayoutDocument {
  const section = doc.sections[s];
  if (!section) throw new EditError('section', 'Choose a section');
  if (!Number.isInteger(input.rows) || input.rows < 1 || input.rows > 200) throw new EditError('rows', 'Add 1 to 200 rows at a time');
  if (!Number.isInteger(input.seatsPerRow) || input.seatsPerRow < 1 || input.seatsPerRow > 1000) throw new EditError('seatsPerRow', 'Use 1 to 1,000 seats per row');
  if (!(input.seatSpacing >= 10 && input.seatSpacing <= 1000)) throw new EditError('seatSpacing', 'Use 10 to 1,000 cm between seats');
  if (!(input.rowSpacing >= 10 && input.rowSpacing <= 1000)) throw new EditError('rowSpacing', 'Use 10 to 1,000 cm between rows');
  if (!doc.categories.some((c) => c.key === input.category)) {
    throw new EditError('category', doc.categories.length ? 'Choose a category' : 'Add a category first (Categories, above)');
  }
  if (seatCount(section) + input.rows * input.seatsPerRow > LIMITS.seatsPerSection) {
    throw new EditError('seatsPerRow', `A section holds at most ${LIMITS.seatsPerSection.toLocaleString('en')} seats; split it`);
  }
  let rowLabels: string[];
  let seatLabels: string[];
  try {
    rowLabels = labelSequence(input.rowLabel.trim(), input.rows);
  } catch (e) {
    throw new EditError('rowLabel', (e as Error).message);
  }
  try {
    seatLabels = labelSequence(input.firstSeat.trim(), input.seatsPerRow, input.seatStep || 1);
  } catch (e) {
    throw new EditError('firstSeat', (e as Error).message);
  }
  for (const label of rowLabels) {
    checkLabel('rowLabel', label);
    if (section.rows.some((r) => r.label === label)) throw new EditError('rowLabel', `Row ${label} is already in section ${section.key}`);
  }
  for (const label of seatLabels) {
    if (!isValidLabel(label)) throw new EditError('firstSeat', `Seat label '${label}': ${LABEL_HINT}`);
  }
  if (input.numbering === 'right-to-left') seatLabels.reverse();

  const rows = [...section.rows];
  const fallback = section.bounds ? { x: section.bounds.x + section.bounds.width / 2, y: section.bounds.y + section.bounds.height / 2 } : { x: doc.focal.x, y: doc.focal.y + 300 };
  for (const label of rowLabels) {
    const center = nextRowCenter({
      focal: doc.focal,
      bounds: section.bounds,
      rows: rows.map((r) => r.seats),
      rowSpacing: input.rowSpacing,
      shape: input.shape,
      fallback,
    });
    const positions = rowPositions({ count: input.seatsPerRow, spacing: input.seatSpacing, center, focal: doc.focal, shape: input.shape });
    rows.push({ label, seats: positions.map((p, k) => ({ label: seatLabels[k]!, x: p.x, y: p.y, category: input.category })) });
  }
  return replaceSection(doc, s, fitBounds({ ...section, rows }));
}

export function renameRow(doc: LayoutDocument, s: number, r: number, label: string): LayoutDocument {
  const section = doc.sections[s];
  if (!section?.rows[r]) return doc;
  const l = label.trim();
  checkLabel('label', l);
  if (section.rows.some((x, i) => i !== r && x.label === l)) throw new EditError('label', `Row ${l} is already in section ${section.key}`);
  return replaceSection(doc, s, { ...section, rows: section.rows.map((x, i) => (i === r ? { ...x, label: l } : x)) });
}

export function removeRow(doc: LayoutDocument, s: number, r: number): LayoutDocument {
  const section = doc.sections[s];
  if (!section) return doc;
  return replaceSection(doc, s, { ...section, rows: section.rows.filter((_, i) => i !== r) });
}

/** Relabels a row's seats in order from `first` (for after seats were deleted or moved). */
export function renumberRow(doc: LayoutDocument, s: number, r: number, first: string, step = 1, numbering: AddRowsInput['numbering'] = 'left-to-right'): LayoutDocument {
  const section = doc.sections[s];
  const row = section?.rows[r];
  if (!section || !row) return doc;
  let labels: string[];
  try {
    labels = labelSequence(first.trim(), row.seats.length, step);
  } catch (e) {
    throw new EditError('firstSeat', (e as Error).message);
  }
  if (numbering === 'right-to-left') labels.reverse();
  const seats = row.seats.map((seat, k) => ({ ...seat, label: labels[k]! }));
  return replaceSection(doc, s, { ...section, rows: section.rows.map((x, i) => (i === r ? { ...row, seats } : x)) });
}

/* ---- Seats ---- */

function mapSeats(doc: LayoutDocument, fn: (seat: Seat, s: number, r: number, k: number) => Seat): LayoutDocument {
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

export function addGaArea(doc: LayoutDocument, area: GaArea): LayoutDocument {
  const key = area.key.trim();
  checkLabel('key', key);
  if (doc.gaAreas.some((a) => a.key === key)) throw new EditError('key', `There is already an area with key '${key}'`);
  if (doc.sections.some((s) => s.key === key)) throw new EditError('key', `'${key}' is a section's key; give the area its own`);
  checkName('name', area.name);
  checkCapacity(area.capacity);
  if (doc.gaAreas.length >= LIMITS.gaAreas) throw new EditError('key', `A layout has at most ${LIMITS.gaAreas} general-admission areas`);
  return { ...doc, gaAreas: [...doc.gaAreas, { key, name: area.name.trim(), capacity: area.capacity }] };
}

function checkCapacity(capacity: number) {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1_000_000) throw new EditError('capacity', 'Use a whole number from 1 to 1,000,000');
}

export function updateGaArea(doc: LayoutDocument, index: number, patch: Partial<GaArea>): LayoutDocument {
  const old = doc.gaAreas[index];
  if (!old) return doc;
  const next = { ...old, ...patch };
  if (patch.key !== undefined) {
    next.key = patch.key.trim();
    checkLabel('key', next.key);
    if (doc.gaAreas.some((a, i) => i !== index && a.key === next.key)) throw new EditError('key', `There is already an area with key '${next.key}'`);
    if (doc.sections.some((s) => s.key === next.key)) throw new EditError('key', `'${next.key}' is a section's key`);
  }
  if (patch.name !== undefined) {
    checkName('name', patch.name);
    next.name = patch.name.trim();
  }
  if (patch.capacity !== undefined) checkCapacity(patch.capacity);
  return { ...doc, gaAreas: doc.gaAreas.map((a, i) => (i === index ? next : a)) };
}

export function removeGaArea(doc: LayoutDocument, index: number): LayoutDocument {
  return { ...doc, gaAreas: doc.gaAreas.filter((_, i) => i !== index) };
}

export function suggestGaKey(doc: LayoutDocument): string {
  const taken = new Set([...doc.gaAreas.map((a) => a.key), ...doc.sections.map((s) => s.key)]);
  for (let i = 1; ; i++) {
    const key = i === 1 ? 'GA' : `GA${i}`;
    if (!taken.has(key)) return key;
  }
}

/* ---- The stage ---- */

export function setFocal(doc: LayoutDocument, p: Point): LayoutDocument {
  const x = Math.round(p.x);
  const y = Math.round(p.y);
  if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1_000_000 || Math.abs(y) > 1_000_000) {
    throw new EditError('focal', 'Use numbers between -1,000,000 and 1,000,000');
  }
  return { ...doc, focal: { x, y } };
}

/* ---- Import ---- */

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads a layout document from JSON text (an export of this or another layout). Checks the shape the editor
 * needs to draw it; the server checks the rest when it is saved.
 */
export function parseDocumentJson(text: string): LayoutDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EditError('file', `This is not JSON: ${(e as Error).message}`);
  }
  if (!isObj(raw)) throw new EditError('file', 'A layout document is a JSON object with name, focal, categories, sections and gaAreas');
  const where = (path: string, what: string) => new EditError('file', `${path}: ${what}`);
  const name = typeof raw.name === 'string' ? raw.name : 'Imported layout';
  const focal = isObj(raw.focal) && isNum(raw.focal.x) && isNum(raw.focal.y) ? { x: raw.focal.x, y: raw.focal.y } : { x: 0, y: 0 };
  const arr = (v: unknown, path: string): unknown[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw where(path, 'must be a list');
    return v;
  };
  const categories = arr(raw.categories, 'categories').map((c, i) => {
    if (!isObj(c) || typeof c.key !== 'string' || typeof c.name !== 'string' || typeof c.color !== 'string') throw where(`categories[${i}]`, 'needs key, name and color');
    return { key: c.key, name: c.name, color: c.color };
  });
  const sections = arr(raw.sections, 'sections').map((sec, s) => {
    if (!isObj(sec) || typeof sec.key !== 'string') throw where(`sections[${s}]`, 'needs a key');
    const b = sec.bounds;
    const bounds = isObj(b) && isNum(b.x) && isNum(b.y) && isNum(b.width) && isNum(b.height) ? { x: b.x, y: b.y, width: b.width, height: b.height } : undefined;
    const rows = arr(sec.rows, `sections[${s}].rows`).map((row, r) => {
      if (!isObj(row) || typeof row.label !== 'string') throw where(`sections[${s}].rows[${r}]`, 'needs a label');
      const seats = arr(row.seats, `sections[${s}].rows[${r}].seats`).map((seat, k) => {
        const at = `sections[${s}].rows[${r}].seats[${k}]`;
        if (!isObj(seat) || typeof seat.label !== 'string' || !isNum(seat.x) || !isNum(seat.y) || typeof seat.category !== 'string') {
          throw where(at, 'needs label, x, y and category');
        }
        const out: Seat = { label: seat.label, x: seat.x, y: seat.y, category: seat.category };
        for (const flag of ['accessible', 'restrictedView', 'notForSale'] as const) if (seat[flag] === true) out[flag] = true;
        return out;
      });
      return { label: row.label, seats };
    });
    const section: Section = { key: sec.key, name: typeof sec.name === 'string' ? sec.name : sec.key, rows };
    if (bounds) section.bounds = bounds;
    return section;
  });
  const gaAreas = arr(raw.gaAreas, 'gaAreas').map((a, i) => {
    if (!isObj(a) || typeof a.key !== 'string' || !isNum(a.capacity)) throw where(`gaAreas[${i}]`, 'needs key, name and capacity');
    return { key: a.key, name: typeof a.name === 'string' ? a.name : a.key, capacity: a.capacity };
  });
  return { name, focal, categories, sections, gaAreas };
}

/** A file name for downloading a layout: its name, safe for every file system. */
export function fileNameFor(name: string): string {
  const base = name.trim().replace(/[^\p{L}\p{N} ._-]+/gu, '').replace(/\s+/g, '-').slice(0, 80) || 'layout';
  return `${base}.json`;
}

export { nextLabel };
