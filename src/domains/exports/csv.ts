/**
 * CSV as spreadsheet programs read it (RFC 4180): CRLF after every record, a field quoted when it holds
 * `"`, `,`, CR or LF (quotes doubled), UTF-8 with a byte-order mark at the start of the file so Excel
 * does not guess a legacy code page.
 *
 * Formula injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`,
 * `@`, tab or CR as a formula. Every *text* cell (anything a person typed: names, emails, seat labels,
 * and our own ids and times alike) that starts with one of those gets a leading `'`, which spreadsheets
 * show as text and hide; so does every `;`-separated part of it that would (see guardText). Cells we write as numbers (counts, and money as `Decimal`) are never touched,
 * so a negative amount stays a number: they can only hold digits, one `-` and one `.` (checked), so no
 * formula can hide in them.
 */
import { minorToDecimal } from '../../platform/money';
import { zonedParts } from '../../platform/time';

/** The UTF-8 byte-order mark, written once at the very start of a file. */
export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

/** A number we wrote as exact decimal text (money from integer minor units): a numeric cell, never guarded. */
export class Decimal {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`Not a decimal number: ${JSON.stringify(text)}`);
  }
}

/**
 * A cell: text (guarded), an integer or Decimal (numbers, unguarded), a boolean (`true`/`false`),
 * or nothing (an empty field).
 */
export type Cell = string | number | boolean | Decimal | null | undefined;

/** Money as decimal text from integer minor units, by integer arithmetic (12345 ZAR → 123.45, 500 JPY → 500). */
export function money(minor: number, currency: string): Decimal {
  if (!Number.isSafeInteger(minor)) throw new TypeError(`Minor units must be a safe integer, got ${minor}`);
  return new Decimal(minorToDecimal(minor, currency));
}

const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * Where `;` is the list separator (many European locales, and South Africa's af-ZA), a spreadsheet opening this file
 * starts a new cell at every `;` of a text and ignores our comma-file quoting in the middle of a field. So a `;`
 * followed (after any spaces or double quotes, which a quoted cell or a trimming import would drop) by a formula
 * start is a formula start too (OWASP CSV injection: "take care of the field separator").
 */
const FORMULA_AFTER_SEMICOLON = /;(?=[ "]*[=+\-@\t\r])/g;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A text cell with the formula guard applied: a `'` before every place a spreadsheet could start a formula, at the
 * start of the cell and right after a `;` (`=1+1` → `'=1+1`, `a;=1` → `a;'=1`); anything else unchanged.
 */
export function guardText(text: string): string {
  const inner = text.replace(FORMULA_AFTER_SEMICOLON, ";'");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

function quote(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Decimal) return cell.text;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new TypeError(`Not a finite number: ${cell}`);
    return String(cell);
  }
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return quote(guardText(cell));
}

/** One record, CRLF-terminated. */
export function csvRow(cells: readonly Cell[]): string {
  return cells.map(cellText).join(',') + CSV_EOL;
}

/** A whole (small) file: BOM, then every row. Exports stream through the writer instead. */
export function encodeCsv(rows: readonly (readonly Cell[])[]): string {
  return CSV_BOM + rows.map(csvRow).join('');
}

/**
 * The instant as wall-clock time in `timeZone`, `2030-06-01 20:00:00`: the form spreadsheets read as a
 * date and time (the zone is in its own column, or is the event's).
 */
export function localDateTime(date: Date | null | undefined, timeZone: string): string | null {
  if (!date) return null;
  const p = zonedParts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** ISO 8601 UTC (`2030-06-01T18:00:00.000Z`), or an empty cell. */
export const utc = (date: Date | null | undefined) => (date ? date.toISOString() : null);
