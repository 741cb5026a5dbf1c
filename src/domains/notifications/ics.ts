/**
 * An RFC 5545 calendar file (.ics) for an event, attached to order confirmations.
 *
 * Written by hand on purpose: the iCalendar generators on npm pull in validation and date libraries
 * (schema validators, moment/luxon-style timezone data) far too heavy for a Worker bundle, while the
 * part of the format we need is small — one VEVENT in UTC, TEXT escaping (§3.3.11) and line folding
 * (§3.1). Times are UTC (`YYYYMMDDTHHMMSSZ`), so no VTIMEZONE is needed; calendars show them in the
 * reader's own zone. Lines end in CRLF and are folded at 75 octets of UTF-8 without splitting a
 * character. Proven against a real parser (ical.js) in test/node/tickets-scannable.test.ts.
 */

export type EventIcsInput = {
  /** Stable across re-sends (e.g. order id + '@voelgoed.events'), so a calendar updates instead of duplicating. */
  uid: string;
  name: string;
  description: string;
  location: string;
  startsAt: Date;
  endsAt: Date;
  url: string | null;
  organizerName: string;
  /** Bump when the event changes and the file is sent again (RFC 5545 §3.8.7.4). Default 0. */
  sequence?: number;
  /** DTSTAMP; defaults to the current time. */
  now?: Date;
};

export const ICS_PRODID = '-//Voelgoed Events//Tickets//EN';
/** ORGANIZER needs a cal-address; the platform's sending address (wrangler.toml `EMAIL_FROM`). */
export const ICS_ORGANIZER_ADDRESS = 'mailto:tickets@voelgoed.events';
const MAX_LINE_OCTETS = 75;
const ALARM_TRIGGER = '-PT3H';

const encoder = new TextEncoder();

/** TEXT value escaping (§3.3.11): backslash, semicolon, comma, newline; other control characters (not HTAB) are not allowed in TEXT and become spaces. */
export function escapeIcsText(value: string): string {
  return value
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ');
}

/** A quoted parameter value (§3.2) with RFC 6868 caret encoding, so any name (quotes, colons, newlines) survives. */
function quoteParam(value: string): string {
  const encoded = value
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n')
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ');
  return `"${encoded}"`;
}

/** A URI value: no escaping in iCalendar, but no control characters or spaces either. */
function uriValue(value: string): string {
  return value.replace(/[\x00-\x20\x7f]/g, (c) => encodeURIComponent(c));
}

/** `YYYYMMDDTHHMMSSZ` (UTC, whole seconds). */
export function icsUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date in calendar file');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Folds one content line (§3.1): at most 75 octets of UTF-8 per physical line, CRLF + one space
 * before each continuation (the space counts toward the 75). Splits only between code points, so a
 * multi-byte character is never cut.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const c of line) {
    const size = encoder.encode(c).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1; // the leading space of a continuation line
    }
    current += c;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** One VCALENDAR (METHOD:PUBLISH) with one VEVENT and a display alarm 3 hours before the start. CRLF line endings, trailing CRLF. */
export function eventIcs(input: EventIcsInput): string {
  const start = icsUtc(input.startsAt);
  const end = icsUtc(input.endsAt);
  if (input.endsAt.getTime() <= input.startsAt.getTime()) throw new RangeError('A calendar event must end after it starts');
  const sequence = input.sequence ?? 0;
  if (!Number.isInteger(sequence) || sequence < 0) throw new RangeError('SEQUENCE is a non-negative integer');
  const summary = escapeIcsText(input.name);

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(input.uid)}`,
    `DTSTAMP:${icsUtc(input.now ?? new Date())}`,
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${summary}`,
    `DESCRIPTION:${escapeIcsText(input.description)}`,
    `LOCATION:${escapeIcsText(input.location)}`,
    ...(input.url ? [`URL:${uriValue(input.url)}`] : []),
    `ORGANIZER;CN=${quoteParam(input.organizerName)}:${ICS_ORGANIZER_ADDRESS}`,
    `SEQUENCE:${sequence}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${summary}`,
    `TRIGGER:${ALARM_TRIGGER}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldIcsLine).join('\r\n')}\r\n`;
}
