/** Money is integer minor units with a currency code; this turns it into text for people (never for arithmetic). */

const digitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (ZAR 2, JPY 0, KWD 3), as Intl knows it. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Exact decimal text of a minor-unit amount ("12345" ZAR → "123.45"), by integer arithmetic. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** "R 1 234,50" / "R1,234.50" by locale: Intl formats the exact decimal string (no float rounding). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const tag = locale === 'af' ? 'af-ZA' : 'en-ZA';
  return new Intl.NumberFormat(tag, { style: 'currency', currency }).format(minorToDecimal(minor, currency) as unknown as number);
}
