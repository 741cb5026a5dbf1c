/** Editing a section's rows: add rows of seats, rename, renumber, remove. */
import { DEFAULT_ROW_SPACING, DEFAULT_SEAT_SPACING, nextRowCenter, rowPositions, type RowShape } from '../geometry';
import { isValidLabel, labelSequence, nextFreeLabel } from '../labels';
import { type LayoutDocument, LIMITS, EditError, LABEL_HINT, checkLabel, seatCount } from './core';
import { fitBounds, replaceSection } from './sections';

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
