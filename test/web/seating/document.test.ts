import { describe, expect, it } from 'vitest';
import {
  addCategory,
  addGaArea,
  addRows,
  addSection,
  defaultAddRows,
  deleteSeats,
  documentStats,
  EditError,
  emptyDocument,
  fitBounds,
  hitSeat,
  moveSeats,
  parseDocumentJson,
  removeCategory,
  renumberRow,
  rowSelection,
  seatKey,
  seatPoints,
  seatsInRect,
  setCategory,
  setFlag,
  toggleSelection,
  updateCategory,
  type LayoutDocument,
} from '../../../web/src/admin/seating/document';
import { commit, redo, startHistory, undo } from '../../../web/src/admin/seating/history';

function theatre(): LayoutDocument {
  let doc = emptyDocument('Studio');
  doc = addCategory(doc, { key: 'a', name: 'Stalls', color: '#c0392b' });
  doc = addSection(doc, { key: 'A', name: 'Stalls' });
  doc = addRows(doc, 0, { ...defaultAddRows(doc, 0), seatsPerRow: 10, category: 'a' });
  return doc;
}

const inside = (doc: LayoutDocument) =>
  doc.sections.every((s) => s.rows.every((r) => r.seats.every((p) => !s.bounds || (p.x >= s.bounds.x && p.x <= s.bounds.x + s.bounds.width && p.y >= s.bounds.y && p.y <= s.bounds.y + s.bounds.height))));

function editError(fn: () => unknown): EditError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EditError) return e;
    throw e;
  }
  throw new Error('expected an EditError');
}

describe('building a layout', () => {
  it('adds a section A with row A of 10 seats numbered 1–10 inside its bounds', () => {
    const doc = theatre();
    const row = doc.sections[0]!.rows[0]!;
    expect(row.label).toBe('A');
    expect(row.seats.map((s) => s.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(new Set(row.seats.map((s) => s.category))).toEqual(new Set(['a']));
    expect(row.seats.every((s) => Number.isInteger(s.x) && Number.isInteger(s.y))).toBe(true);
    expect(inside(doc)).toBe(true);
    expect(documentStats(doc).seats).toBe(10);
  });

  it('adds several rows behind each other, labelled on from the last, numbered right to left when asked', () => {
    let doc = theatre();
    doc = addRows(doc, 0, { ...defaultAddRows(doc, 0), rows: 3, seatsPerRow: 20, numbering: 'right-to-left' });
    const rows = doc.sections[0]!.rows;
    expect(rows.map((r) => r.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(rows[1]!.seats[0]!.label).toBe('20'); // seat 1 on the audience's right
    expect(rows[1]!.seats.at(-1)!.label).toBe('1');
    // Each row lies further from the stage (the stage is above, at 0,0).
    const ys = rows.map((r) => r.seats[0]!.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(4);
    // 20 seats at 50 cm are wider than the 6 m section: its bounds grew to hold them.
    expect(inside(doc)).toBe(true);
    expect(doc.sections[0]!.bounds!.width).toBeGreaterThanOrEqual(19 * 50);
  });

  it('curves rows around the stage when asked', () => {
    let doc = theatre();
    doc = addRows(doc, 0, { ...defaultAddRows(doc, 0), shape: 'curved', seatsPerRow: 9 });
    const seats = doc.sections[0]!.rows[1]!.seats;
    const d = seats.map((s) => Math.hypot(s.x, s.y));
    expect(Math.max(...d) - Math.min(...d)).toBeLessThan(2);
  });

  it('refuses duplicate rows and sections, unknown categories and unusable labels, naming the field', () => {
    const doc = theatre();
    expect(editError(() => addRows(doc, 0, { ...defaultAddRows(doc, 0), rowLabel: 'A' })).field).toBe('rowLabel');
    expect(editError(() => addSection(doc, { key: 'A' })).message).toMatch(/already/);
    expect(editError(() => addRows(doc, 0, { ...defaultAddRows(doc, 0), category: 'zzz' })).field).toBe('category');
    expect(editError(() => addRows(emptyDocument(), 0, defaultAddRows(emptyDocument(), 0))).field).toBe('section');
    expect(editError(() => addRows(doc, 0, { ...defaultAddRows(doc, 0), firstSeat: 'Front' })).field).toBe('firstSeat');
    expect(editError(() => addCategory(doc, { key: 'b', name: 'Circle', color: 'red' })).field).toBe('color');
    expect(editError(() => addGaArea(doc, { key: 'A', name: 'Floor', capacity: 10 })).field).toBe('key');
    expect(editError(() => addGaArea(doc, { key: 'Floor', name: 'Floor', capacity: 0 })).field).toBe('capacity');
  });

  it('adds a general-admission area', () => {
    const doc = addGaArea(theatre(), { key: 'Floor', name: 'Standing floor', capacity: 200 });
    expect(doc.gaAreas).toEqual([{ key: 'Floor', name: 'Standing floor', capacity: 200 }]);
    expect(documentStats(doc).gaCapacity).toBe(200);
  });
});

describe('editing seats', () => {
  it('selects seats by rectangle and by click, and sets their category and flags', () => {
    let doc = addCategory(theatre(), { key: 'vip', name: 'VIP', color: '#8e44ad' });
    const points = seatPoints(doc);
    const first3 = doc.sections[0]!.rows[0]!.seats.slice(0, 3);
    const sel = seatsInRect(points, { x: first3[0]!.x - 1, y: first3[0]!.y - 1, width: first3[2]!.x - first3[0]!.x + 2, height: 2 });
    expect(sel).toEqual(new Set([seatKey(0, 0, 0), seatKey(0, 0, 1), seatKey(0, 0, 2)]));
    expect(hitSeat(points, { x: first3[1]!.x + 5, y: first3[1]!.y }, 20)).toBe(seatKey(0, 0, 1));

    doc = setCategory(doc, sel, 'vip');
    doc = setFlag(doc, new Set([seatKey(0, 0, 0)]), 'accessible', true);
    doc = setFlag(doc, new Set([seatKey(0, 0, 1)]), 'notForSale', true);
    const seats = doc.sections[0]!.rows[0]!.seats;
    expect(seats.map((s) => s.category)).toEqual(['vip', 'vip', 'vip', 'a', 'a', 'a', 'a', 'a', 'a', 'a']);
    expect(seats[0]!.accessible).toBe(true);
    expect(seats[1]!.notForSale).toBe(true);
    // Clearing a flag leaves it out of the document, as an export would show.
    doc = setFlag(doc, new Set([seatKey(0, 0, 0)]), 'accessible', false);
    expect('accessible' in doc.sections[0]!.rows[0]!.seats[0]!).toBe(false);
  });

  it('deletes seats, and a row left empty with them', () => {
    let doc = theatre();
    doc = addRows(doc, 0, { ...defaultAddRows(doc, 0), seatsPerRow: 2 });
    doc = deleteSeats(doc, new Set([seatKey(0, 0, 0), seatKey(0, 0, 9), ...rowSelection(doc, 0, 1)]));
    expect(doc.sections[0]!.rows.map((r) => r.label)).toEqual(['A']);
    expect(doc.sections[0]!.rows[0]!.seats.map((s) => s.label)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
    doc = renumberRow(doc, 0, 0, '1');
    expect(doc.sections[0]!.rows[0]!.seats.map((s) => s.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('moves seats and grows the section to keep them inside', () => {
    let doc = theatre();
    doc = moveSeats(doc, rowSelection(doc, 0), 0, 2000);
    expect(inside(doc)).toBe(true);
    const shrunk = fitBounds(doc.sections[0]!, true);
    expect(shrunk.bounds!.height).toBeLessThan(doc.sections[0]!.bounds!.height);
  });

  it('toggles a selection: adds what is missing, removes when everything was in it', () => {
    const a = toggleSelection(new Set(['0:0:0']), ['0:0:0', '0:0:1']);
    expect(a).toEqual(new Set(['0:0:0', '0:0:1']));
    expect(toggleSelection(a, ['0:0:0', '0:0:1'])).toEqual(new Set());
  });

  it('keeps unchanged sections identical so the stage redraws only what changed', () => {
    let doc = theatre();
    doc = addSection(doc, { key: 'B' });
    doc = addRows(doc, 1, { ...defaultAddRows(doc, 1), category: 'a' });
    const next = setCategory(doc, rowSelection(doc, 1), 'a');
    expect(next.sections[0]).toBe(doc.sections[0]);
  });
});

describe('categories', () => {
  it('renaming a key carries over to its seats; removing one in use needs somewhere for its seats', () => {
    let doc = addCategory(theatre(), { key: 'b', name: 'Balcony', color: '#2980b9' });
    doc = updateCategory(doc, 0, { key: 'stalls' });
    expect(doc.sections[0]!.rows[0]!.seats.every((s) => s.category === 'stalls')).toBe(true);
    expect(() => removeCategory(doc, 0)).toThrow(/10 seats use Stalls/);
    doc = removeCategory(doc, 0, 'b');
    expect(doc.categories.map((c) => c.key)).toEqual(['b']);
    expect(doc.sections[0]!.rows[0]!.seats.every((s) => s.category === 'b')).toBe(true);
  });
});

describe('import and undo', () => {
  it('reads an exported document back as it was', () => {
    const doc = addGaArea(setFlag(theatre(), new Set([seatKey(0, 0, 3)]), 'restrictedView', true), { key: 'GA', name: 'Lawn', capacity: 50 });
    expect(parseDocumentJson(JSON.stringify(doc))).toEqual(doc);
  });

  it('says what is wrong with a file that is not a layout', () => {
    expect(() => parseDocumentJson('{oops')).toThrow(/not JSON/);
    expect(() => parseDocumentJson('[]')).toThrow(/JSON object/);
    expect(() => parseDocumentJson('{"sections":[{"key":"A","rows":[{"label":"A","seats":[{"label":"1"}]}]}]}')).toThrow(/sections\[0\]\.rows\[0\]\.seats\[0\]/);
  });

  it('undoes and redoes edits', () => {
    const a = emptyDocument();
    const b = addCategory(a, { key: 'a', name: 'A', color: '#000000' });
    let h = commit(startHistory(a), b);
    h = undo(h);
    expect(h.present).toBe(a);
    h = redo(h);
    expect(h.present).toBe(b);
    expect(commit(h, h.present)).toBe(h);
  });
});
