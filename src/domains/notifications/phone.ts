/**
 * Phone numbers to E.164, by a small documented rule set (docs/buyers.md, "SMS and WhatsApp") rather than a metadata
 * library (libphonenumber-js would cost ~80 KB of the Worker's budget for countries we do not serve):
 * spaces, dots, dashes and brackets are dropped; `00` means `+`; a number without `+` is South African when it
 * starts with 0 (`082 123 4567` → `+27821234567`) or 27; South African numbers must have 9 digits after +27 and not
 * start with 0; any other country code is accepted as 8 to 15 digits in all (E.164's limits).
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

export function normalizePhone(raw: string, defaultCountry = '27'): PhoneResult {
  const compact = raw.trim().replace(/[\s.\-()/]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: 'Use digits only, optionally starting with +' };
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (compact.startsWith('0')) digits = defaultCountry + compact.slice(1);
  else if (compact.startsWith(defaultCountry) && compact.length === defaultCountry.length + 9) digits = compact;
  else return { ok: false, reason: 'Start with 0 (a South African number) or with + and the country code' };
  if (digits.startsWith('0')) return { ok: false, reason: 'A country code never starts with 0' };
  if (digits.startsWith('27')) {
    const national = digits.slice(2);
    if (national.length !== 9 || national.startsWith('0')) return { ok: false, reason: 'A South African number has 10 digits starting with 0 (or 9 after +27)' };
    return { ok: true, e164: `+${digits}` };
  }
  if (digits.length < 8 || digits.length > 15) return { ok: false, reason: 'A phone number has 8 to 15 digits with its country code' };
  return { ok: true, e164: `+${digits}` };
}

/** `+27821234567` → `+27 82 *** 4567`: enough for the buyer to recognise it, not enough to read it off a screen. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 3)} ${e164.slice(3, 5)} *** ${e164.slice(-4)}`;
}
