/** The .ics calendar file: structure, TEXT escaping, folding at 75 octets with CRLF, UTC times. */
import { describe, expect, it } from 'vitest';
import { escapeIcsText, eventIcs, foldIcsLine, type EventIcsInput } from '../../../src/domains/notifications/ics';

const encoder = new TextEncoder();

function input(overrides: Partial<EventIcsInput> = {}): EventIcsInput {
  return {
    uid: 'ord_01m8c3vq2w7k5h9d3xg4tz0b6r@voelgoed.events',
    name: 'Kirstenbosch Summer Sunset Concert',
    description: '2 ticket(s), order ord_01m8c3vq2w7k5h9d3xg4tz0b6r: https://example.test/orders/x',
    location: 'Kirstenbosch, Rhodes Drive, Newlands',
    startsAt: new Date('2027-03-14T17:00:00.750Z'),
    endsAt: new Date('2027-03-14T21:30:00Z'),
    url: 'https://example.test/orders/x',
    organizerName: 'Demo Events',
    now: new Date('2027-01-02T03:04:05Z'),
    ...overrides,
  };
}

/** Physical lines (the text must end in CRLF and contain no bare CR or LF). */
function physicalLines(ics: string): string[] {
  expect(ics.endsWith('\r\n')).toBe(true);
  const lines = ics.slice(0, -2).split('\r\n');
  for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  return lines;
}

/** Unfolds (§3.1) into logical content lines. */
const unfold = (ics: string) => ics.replace(/\r\n /g, '').slice(0, -2).split('\r\n');

describe('eventIcs', () => {
  it('is one VCALENDAR with one VEVENT and its alarm, times in UTC', () => {
    const lines = unfold(eventIcs(input()));
    expect(lines).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Voelgoed Events//Tickets//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:ord_01m8c3vq2w7k5h9d3xg4tz0b6r@voelgoed.events',
      'DTSTAMP:20270102T030405Z',
      'DTSTART:20270314T170000Z',
      'DTEND:20270314T213000Z',
      'SUMMARY:Kirstenbosch Summer Sunset Concert',
      'DESCRIPTION:2 ticket(s)\\, order ord_01m8c3vq2w7k5h9d3xg4tz0b6r: https://example.test/orders/x',
      'LOCATION:Kirstenbosch\\, Rhodes Drive\\, Newlands',
      'URL:https://example.test/orders/x',
      'ORGANIZER;CN="Demo Events":mailto:tickets@voelgoed.events',
      'SEQUENCE:0',
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'DESCRIPTION:Kirstenbosch Summer Sunset Concert',
      'TRIGGER:-PT3H',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
  });

  it('converts times in any offset to UTC, and takes sequence and a missing URL', () => {
    const ics = eventIcs(input({ startsAt: new Date('2027-12-31T23:30:00+02:00'), endsAt: new Date('2028-01-01T03:00:00+02:00'), url: null, sequence: 3 }));
    const lines = unfold(ics);
    expect(lines).toContain('DTSTART:20271231T213000Z');
    expect(lines).toContain('DTEND:20280101T010000Z');
    expect(lines).toContain('SEQUENCE:3');
    expect(lines.some((l) => l.startsWith('URL'))).toBe(false);
    expect(unfold(eventIcs(input({ now: undefined }))).find((l) => l.startsWith('DTSTAMP:'))).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
  });

  it('escapes TEXT: backslash, semicolon, comma, newlines; drops other controls', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf\rg\th\x00i')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng\th i');
    const lines = unfold(eventIcs(input({ name: 'Rock; Roll, Jazz', description: 'Line 1\nLine 2\\end' })));
    expect(lines).toContain('SUMMARY:Rock\\; Roll\\, Jazz');
    expect(lines).toContain('DESCRIPTION:Line 1\\nLine 2\\\\end');
    expect(lines).toContain('DESCRIPTION:Rock\\; Roll\\, Jazz'); // the alarm's text too
  });

  it('encodes the organizer name as a quoted parameter (RFC 6868 for quotes and carets)', () => {
    expect(unfold(eventIcs(input({ organizerName: 'The "Best": Events; ^Ltd' })))).toContain(`ORGANIZER;CN="The ^'Best^': Events; ^^Ltd":mailto:tickets@voelgoed.events`);
  });

  it('folds every line at 75 octets of UTF-8, CRLF only, never inside a character, and unfolds to the same text', () => {
    const description = `${'Ek is baie bly om jou te sien, ek sê! '.repeat(8)}李雷😀 ${'é'.repeat(100)}`;
    const location = 'x'.repeat(200);
    const ics = eventIcs(input({ description, location }));
    const lines = physicalLines(ics);
    for (const line of lines) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
    expect(ics).not.toContain('\uFFFD');
    const logical = unfold(ics);
    expect(logical).toContain(`DESCRIPTION:${escapeIcsText(description)}`);
    expect(logical).toContain(`LOCATION:${location}`);
  });

  it('folding fills lines to exactly 75 octets and keeps multi-byte characters whole', () => {
    const ascii = foldIcsLine('A'.repeat(300)).split('\r\n');
    expect(ascii.map((l) => l.length)).toEqual([75, 75, 75, 75, 4]);
    for (const char of ['é', '李', '😀']) {
      const folded = foldIcsLine(`X:${char.repeat(120)}`).split('\r\n');
      const size = encoder.encode(char).length;
      for (const [i, line] of folded.entries()) {
        const octets = encoder.encode(line).length;
        expect(octets).toBeLessThanOrEqual(75);
        if (i < folded.length - 1) expect(octets).toBeGreaterThan(75 - size); // full up to the last character that fits
        expect([...(i ? line.slice(1) : line.slice(2))].every((c) => c === char)).toBe(true);
      }
    }
    expect(foldIcsLine('short')).toBe('short');
  });

  it('refuses invalid dates, an end before the start, or a bad sequence', () => {
    expect(() => eventIcs(input({ startsAt: new Date(Number.NaN) }))).toThrow(RangeError);
    expect(() => eventIcs(input({ endsAt: new Date('2027-03-14T16:00:00Z') }))).toThrow(RangeError);
    expect(() => eventIcs(input({ sequence: -1 }))).toThrow(RangeError);
  });
});
