/** Reading a layout document from JSON (an export) and naming its file. */
import { type LayoutDocument, type Section, type Seat, EditError } from './core';

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
