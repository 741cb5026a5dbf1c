import { describe, expect, it } from 'vitest';
import { addCategory, addRows, addSection, defaultAddRows, emptyDocument } from '../../../web/src/admin/seating/document';
import { issueSeats, parseIssuePath, placeIssues } from '../../../web/src/admin/seating/issues';

let doc = addCategory(emptyDocument(), { key: 'a', name: 'Stalls', color: '#c0392b' });
doc = addSection(doc, { key: 'A' });
doc = addRows(doc, 0, { ...defaultAddRows(doc, 0), rows: 2, seatsPerRow: 5, category: 'a' });

describe("placing the server's field errors", () => {
  it('reads seat, row, section, category, area and list paths', () => {
    expect(parseIssuePath('body.sections.0.rows.1.seats.3.category')).toEqual({ kind: 'seat', s: 0, r: 1, k: 3, field: 'category' });
    expect(parseIssuePath('sections.0.rows.1.label')).toEqual({ kind: 'row', s: 0, r: 1, field: 'label' });
    expect(parseIssuePath('body.sections.2.rows')).toEqual({ kind: 'section', s: 2, field: 'rows' });
    expect(parseIssuePath('body.sections')).toEqual({ kind: 'sections' });
    expect(parseIssuePath('body.categories.1.color')).toEqual({ kind: 'category', index: 1, field: 'color' });
    expect(parseIssuePath('body.gaAreas.0.capacity')).toEqual({ kind: 'gaArea', index: 0, field: 'capacity' });
    expect(parseIssuePath('body.name')).toEqual({ kind: 'name' });
    expect(parseIssuePath('body.focal.x')).toEqual({ kind: 'focal', field: 'x' });
    expect(parseIssuePath('body')).toEqual({ kind: 'document' });
  });

  it("says where in the organizer's words and marks the seats to show", () => {
    const placed = placeIssues(doc, [
      { path: 'body.sections.0.rows.1.seats.3.category', message: "has category 'z'" },
      { path: 'body.categories.0.key', message: 'appears twice' },
      { path: 'body.sections', message: 'needs a section' },
    ]);
    expect(placed.all[0]!.where).toBe('Section A, row B, seat 4 (category)');
    expect(placed.forSection.get(0)).toHaveLength(1);
    expect(placed.seats).toEqual(new Set(['0:1:3']));
    expect(placed.forCategory.get(0)![0]!.where).toBe('Category Stalls (key)');
    expect(placed.lists.sections).toHaveLength(1);
    expect(issueSeats(doc, { kind: 'row', s: 0, r: 0 }).size).toBe(5);
  });
});
