/** The layout document's types, limits, seat keys, the EditError every edit throws, and counts. */
import type { Schemas } from '../../../api/client';
import { isValidLabel } from '../labels';

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

export const LABEL_HINT = "Use 1–16 letters, digits, spaces or . _ ' - (no space at either end)";
export function checkLabel(field: string, label: string) {
  if (!isValidLabel(label)) throw new EditError(field, LABEL_HINT);
}
export function checkName(field: string, name: string, max = 80) {
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
