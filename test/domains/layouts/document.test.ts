import { describe, expect, it } from 'vitest';
import { LayoutDocumentSchema } from '../../../src/domains/layouts/document';
import { generateStadium } from '../../../src/domains/layouts/generate';

const base = () => ({
  name: 'Hall',
  focal: { x: 0, y: 0 },
  categories: [{ key: 'a', name: 'A', color: '#111111' }],
  sections: [{ key: 'A', name: 'A', rows: [{ label: '1', seats: [{ label: '1', x: 0, y: 0, category: 'a' }] }] }],
  gaAreas: [] as { key: string; name: string; capacity: number }[],
});

const messages = (input: unknown) => {
  const result = LayoutDocumentSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the layout document schema', () => {
  it('accepts keys and labels of letters (any alphabet), digits, spaces and . _ \' -', () => {
    for (const key of ['A', 'Oos-Ê', "North'ern", 'Upper tier 2', 'a.b_c', '1234567890123456']) {
      const doc = base();
      doc.sections[0]!.key = key;
      expect(messages(doc), key).toEqual([]);
    }
  });

  it('refuses a colon, a space at either end, an empty or a 17-character key', () => {
    for (const key of ['A:B', ' A', 'A ', '', '12345678901234567', 'A/B']) {
      const doc = base();
      doc.sections[0]!.key = key;
      expect(messages(doc)[0], JSON.stringify(key)).toMatch(/^sections\.0\.key: Use 1–16 letters/);
    }
  });

  it('refuses a layout of more than 100,000 seats', () => {
    const doc = generateStadium({ name: 'Too big', sections: 11, rowsPerSection: 100, seatsPerRow: 100, curved: true });
    expect(messages(doc)).toEqual(['sections: The layout has 110,000 seats; a layout holds at most 100,000']);
  });

  it('accepts a layout of general admission only, and refuses one with neither seats nor areas', () => {
    expect(messages({ ...base(), sections: [], gaAreas: [{ key: 'Lawn', name: 'Lawn', capacity: 5000 }] })).toEqual([]);
    expect(messages({ ...base(), sections: [] })).toEqual(['sections: A layout needs at least one section with seats or one general-admission area']);
  });

  it('reports at most 100 rule violations, however many there are', () => {
    const doc = generateStadium({ name: 'Wrong', sections: 2, rowsPerSection: 20, seatsPerRow: 20, curved: true });
    for (const seat of doc.sections.flatMap((s) => s.rows.flatMap((r) => r.seats))) seat.category = 'nope';
    expect(messages(doc)).toHaveLength(100);
  });

  it('reports wrong types without running the whole-layout rules on broken data', () => {
    const doc: any = base();
    doc.sections[0].rows = 'none';
    doc.categories.push({ key: 'a', name: 'Again', color: '#222222' });
    expect(messages(doc)).toEqual(['sections.0.rows: Invalid input: expected array, received string']);
  });

  it('refuses unknown fields anywhere, so a misspelt flag is not silently dropped', () => {
    const doc: any = base();
    doc.sections[0].rows[0].seats[0].accesible = true;
    expect(messages(doc)[0]).toMatch(/^sections\.0\.rows\.0\.seats\.0: Unrecognized key: "accesible"/);
  });
});
