/** The shared text check: control characters and bidi overrides out of names and free text; line breaks only where text is multi-line. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeText } from '../../src/domains/shared-schemas';

const line = safeText(z.string().trim().max(200));
const text = safeText(z.string().max(5000), { multiline: true });

describe('safeText', () => {
  it('refuses C0 and C1 controls, DEL and bidi overrides/isolates in a one-line field, line breaks included', () => {
    for (const c of ['\u0000', '\u0007', '\u001B', '\t', '\n', '\r', '\u007F', '\u0085', '\u009F', '\u202A', '\u202D', '\u202E', '\u2066', '\u2069']) {
      expect(line.safeParse(`Jazz ${c}night`).success, JSON.stringify(c)).toBe(false);
    }
    expect(line.parse('  Zoë Müller – Ñandú 😀 עברית  ')).toBe('Zoë Müller – Ñandú 😀 עברית');
  });

  it('lets multi-line text keep line breaks and tabs, and nothing else of those', () => {
    expect(text.parse('Doors at 18:00.\r\n\tBring a blanket.\n')).toBe('Doors at 18:00.\r\n\tBring a blanket.\n');
    for (const c of ['\u0000', '\u000B', '\u000C', '\u001B', '\u007F', '\u0085', '\u202E', '\u2067']) {
      expect(text.safeParse(`Doors ${c}at 18:00`).success, JSON.stringify(c)).toBe(false);
    }
  });
});
