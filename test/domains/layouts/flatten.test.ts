import { describe, expect, it } from 'vitest';
import { LayoutDocumentSchema } from '../../../src/domains/layouts/document';
import { flattenLayout } from '../../../src/domains/layouts/flatten';
import { generateStadium } from '../../../src/domains/layouts/generate';

describe('flattenLayout', () => {
  it('lists every seat with a section:row:seat id, its position in the row, and flags defaulting to false', () => {
    const doc = LayoutDocumentSchema.parse({
      name: 'Hall',
      focal: { x: 5, y: -10 },
      categories: [{ key: 'a', name: 'A', color: '#111111' }],
      sections: [
        {
          key: 'Left',
          name: 'Left',
          rows: [
            { label: 'A', seats: [{ label: '3', x: 0, y: 0, category: 'a' }, { label: '1', x: 10, y: 0, category: 'a', accessible: true }] },
            { label: 'B', seats: [{ label: '1', x: 0, y: 10, category: 'a', restrictedView: true, notForSale: true }] },
          ],
        },
      ],
      gaAreas: [{ key: 'Lawn', name: 'Lawn', capacity: 300 }],
    });
    expect(flattenLayout(doc)).toEqual({
      focal: { x: 5, y: -10 },
      gaAreas: [{ key: 'Lawn', name: 'Lawn', capacity: 300 }],
      seats: [
        { id: 'Left:A:3', section: 'Left', row: 'A', label: '3', position: 0, x: 0, y: 0, category: 'a', accessible: false, restrictedView: false, notForSale: false },
        { id: 'Left:A:1', section: 'Left', row: 'A', label: '1', position: 1, x: 10, y: 0, category: 'a', accessible: true, restrictedView: false, notForSale: false },
        { id: 'Left:B:1', section: 'Left', row: 'B', label: '1', position: 0, x: 0, y: 10, category: 'a', accessible: false, restrictedView: true, notForSale: true },
      ],
    });
  });

  it('gives every seat of a generated stadium a distinct id', () => {
    const { seats } = flattenLayout(generateStadium({ name: 'Bowl', sections: 10, rowsPerSection: 20, seatsPerRow: 30, curved: true }));
    expect(seats).toHaveLength(6_000);
    expect(new Set(seats.map((s) => s.id)).size).toBe(6_000);
    expect(seats[0]!.id).toBe('1:A:1');
  });
});
