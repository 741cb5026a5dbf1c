import { describe, expect, it } from 'vitest';
import { LayoutDocumentSchema, type LayoutDocument } from '../../../src/domains/layouts/document';
import { generateStadium, rowLabel } from '../../../src/domains/layouts/generate';

const distance = (s: { x: number; y: number }) => Math.hypot(s.x, s.y);
const allSeats = (doc: LayoutDocument) => doc.sections.flatMap((section) => section.rows.flatMap((row) => row.seats.map((seat) => ({ ...seat, section: section.key }))));

describe('generateStadium', () => {
  it('builds a valid 50,000-seat document (40 × 50 × 25) quickly', () => {
    const started = performance.now();
    const doc = generateStadium({ name: 'Bowl', sections: 40, rowsPerSection: 50, seatsPerRow: 25, curved: true });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(doc.sections).toHaveLength(40);
    expect(allSeats(doc)).toHaveLength(50_000);
    expect(LayoutDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('puts the front row of every section nearer the focal point than its back row', () => {
    for (const curved of [true, false]) {
      const doc = generateStadium({ name: 'Bowl', sections: 12, rowsPerSection: 20, seatsPerRow: 30, curved });
      for (const section of doc.sections) {
        const front = Math.max(...section.rows[0]!.seats.map(distance));
        const back = Math.min(...section.rows.at(-1)!.seats.map(distance));
        expect(front, `section ${section.key}, curved ${curved}`).toBeLessThan(back);
      }
    }
  });

  it('puts every seat of a curved row (nearly) the same distance from the focal point; straight rows are nearer in the middle', () => {
    const curved = generateStadium({ name: 'Bowl', sections: 8, rowsPerSection: 10, seatsPerRow: 40, curved: true });
    for (const row of curved.sections.flatMap((s) => s.rows)) {
      const d = row.seats.map(distance);
      expect(Math.max(...d) - Math.min(...d)).toBeLessThan(1.5);
    }
    const straight = generateStadium({ name: 'Bowl', sections: 8, rowsPerSection: 10, seatsPerRow: 40, curved: false });
    const row = straight.sections[0]!.rows[0]!.seats.map(distance);
    expect(row[0]! - row[20]!).toBeGreaterThan(50);
  });

  it('never puts two seats on top of each other, whatever the ring', () => {
    for (const [sections, curved] of [[1, true], [2, false], [3, true], [5, false], [16, true]] as const) {
      const seats = allSeats(generateStadium({ name: 'Ring', sections, rowsPerSection: 4, seatsPerRow: 30, curved }));
      let nearest = Infinity;
      for (let i = 0; i < seats.length; i++) for (let j = i + 1; j < seats.length; j++) nearest = Math.min(nearest, Math.hypot(seats[i]!.x - seats[j]!.x, seats[i]!.y - seats[j]!.y));
      expect(nearest, `${sections} sections, curved ${curved}`).toBeGreaterThanOrEqual(45);
    }
  });

  it('gives the front rows category a, the middle b and the back c, or bands of the categories given', () => {
    const doc = generateStadium({ name: 'Bowl', sections: 2, rowsPerSection: 9, seatsPerRow: 3, curved: true });
    expect(doc.sections[0]!.rows.map((r) => r.seats[0]!.category).join('')).toBe('aaabbbccc');
    const custom = generateStadium({
      name: 'Bowl',
      sections: 1,
      rowsPerSection: 4,
      seatsPerRow: 3,
      curved: false,
      categories: [
        { key: 'gold', name: 'Gold', color: '#d4af37' },
        { key: 'silver', name: 'Silver', color: '#c0c0c0' },
      ],
    });
    expect(custom.categories.map((c) => c.key)).toEqual(['gold', 'silver']);
    expect(custom.sections[0]!.rows.map((r) => r.seats[0]!.category)).toEqual(['gold', 'gold', 'silver', 'silver']);
  });

  it('makes every 20th seat of the front row accessible, starting at the aisle, and no other', () => {
    const doc = generateStadium({ name: 'Bowl', sections: 3, rowsPerSection: 3, seatsPerRow: 45, curved: true });
    for (const section of doc.sections) {
      expect(section.rows[0]!.seats.filter((s) => s.accessible).map((s) => s.label)).toEqual(['1', '21', '41']);
      expect(section.rows.slice(1).flatMap((r) => r.seats).some((s) => s.accessible)).toBe(false);
    }
  });

  it('labels sections 1, 2, …, rows A … Z, AA, …, seats 1, 2, … left to right, with bounds around each section', () => {
    const doc = generateStadium({ name: 'Bowl', sections: 4, rowsPerSection: 28, seatsPerRow: 5, curved: true });
    expect(doc.sections.map((s) => s.key)).toEqual(['1', '2', '3', '4']);
    expect(doc.sections[0]!.rows.map((r) => r.label).slice(24)).toEqual(['Y', 'Z', 'AA', 'AB']);
    // Section 1 faces the stage from +y: its seats run from -x to +x.
    const xs = doc.sections[0]!.rows[0]!.seats.map((s) => s.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    for (const section of doc.sections) expect(section.bounds).toBeDefined();
    expect(doc.focal).toEqual({ x: 0, y: 0 });
  });

  it('spells row labels like a spreadsheet', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(rowLabel)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
