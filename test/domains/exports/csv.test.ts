import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRow, Decimal, encodeCsv, guardText, localDateTime, money } from '../../../src/domains/exports/csv';
import { parseCsv } from '../../support/csv';

describe('CSV encoding (RFC 4180, spreadsheet-safe)', () => {
  it('ends every record with CRLF and starts the file with a UTF-8 BOM', () => {
    const text = encodeCsv([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(text).toBe('\uFEFFa,b\r\nc,d\r\n');
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes fields holding a quote, comma, CR or LF, and doubles the quotes', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rhere', ''])).toBe('plain,"a,b","say ""hi""","line\nbreak","cr\rhere",\r\n');
    expect(csvRow(['Zoë Müller', 'Ñandú 😀'])).toBe('Zoë Müller,Ñandú 😀\r\n');
  });

  it('guards text cells that a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(guardText(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvRow(['=HYPERLINK("http://evil","x")'])).toBe(`"'=HYPERLINK(""http://evil"",""x"")"\r\n`);
    expect(csvRow(['@SUM(A1)', '-2+3', '+27 82 000 0000'])).toBe("'@SUM(A1),'-2+3,'+27 82 000 0000\r\n");
    expect(csvRow(['\tx'])).toBe("'\tx\r\n");
    expect(csvRow(['\rx'])).toBe(`"'\rx"\r\n`);
    // Text that merely contains the characters later is left alone.
    expect(csvRow(['a=b', 'x-y', 'me@example.com'])).toBe('a=b,x-y,me@example.com\r\n');
  });

  it("guards a formula after a ';' too: where ';' is the list separator, a spreadsheet starts a new cell there", () => {
    expect(guardText('Thandi;=HYPERLINK("http://evil","x")')).toBe(`Thandi;'=HYPERLINK("http://evil","x")`);
    expect(guardText('a;+1;-2;@SUM(A1)')).toBe("a;'+1;'-2;'@SUM(A1)");
    // A quote or spaces after the ';' do not hide it (a quoted cell, or a trimming import).
    expect(guardText('a; "=1+1"')).toBe(`a;' "=1+1"`);
    expect(guardText('a;\t=1')).toBe("a;'\t=1");
    // Both rules at once, and a ';' followed by anything else is left alone.
    expect(guardText('=1;=2')).toBe("'=1;'=2");
    expect(guardText('Rows A;B; C')).toBe('Rows A;B; C');
    expect(csvRow(['x;=1+1'])).toBe("x;'=1+1\r\n");
  });

  it('writes numbers we produce as numbers: a negative amount or count is not guarded', () => {
    expect(csvRow([money(-12345, 'ZAR'), -3, 0, true, false, null, undefined])).toBe('-123.45,-3,0,true,false,,\r\n');
    expect(() => new Decimal('=1+1')).toThrow();
    expect(() => new Decimal('1e5')).toThrow();
    expect(() => csvRow([Number.NaN])).toThrow();
  });

  it('formats money from integer minor units with integer arithmetic', () => {
    expect(money(12345, 'ZAR').text).toBe('123.45');
    expect(money(5, 'ZAR').text).toBe('0.05');
    expect(money(0, 'ZAR').text).toBe('0.00');
    expect(money(-1, 'ZAR').text).toBe('-0.01');
    expect(money(100, 'USD').text).toBe('1.00');
    expect(money(500, 'JPY').text).toBe('500');
    expect(money(1234, 'KWD').text).toBe('1.234');
    // Beyond float precision for decimals (0.1 + 0.2), exact to the last unit.
    expect(money(9_007_199_254_740_991, 'ZAR').text).toBe('90071992547409.91');
    expect(() => money(1.5, 'ZAR')).toThrow();
  });

  it('renders local wall-clock time in a zone, for spreadsheets', () => {
    expect(localDateTime(new Date('2030-06-01T18:00:00Z'), 'Africa/Johannesburg')).toBe('2030-06-01 20:00:00');
    expect(localDateTime(new Date('2030-01-01T00:30:00Z'), 'America/New_York')).toBe('2029-12-31 19:30:00');
    expect(localDateTime(null, 'UTC')).toBeNull();
  });

  it('parses back to what was encoded (with the formula guard applied), for any rows of strings', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ' ', "'", 'é'), maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (rows) => {
        const parsed = parseCsv(encodeCsv(rows));
        expect(parsed).toEqual(rows.map((r) => r.map(guardText)));
        // Every record keeps its shape (and the strict parser proved every record end is CRLF).
        expect(parsed.map((r) => r.length)).toEqual(rows.map((r) => r.length));
      }),
      { numRuns: 500 },
    );
  });
});
