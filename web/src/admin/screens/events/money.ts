/** Money in inputs: minor units shown as a plain decimal an organizer can edit (no symbol, no grouping). */

function digitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 35000 ZAR → "350.00"; 5 ZAR → "0.05"; 1500 JPY → "1500". */
export function formatPlain(minor: number, currency: string): string {
  const digits = digitsOf(currency);
  if (!digits) return String(minor);
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${minor < 0 ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
