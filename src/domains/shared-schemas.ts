/** zod building blocks shared by several slices: emails, passwords, currencies, timezones, locales, roles. */
import { z } from '../platform/openapi';
import { LOCALES, ROLES } from '../db/schema/tenancy';

/** An address as EmailSchema stores it (trimmed, lowercased): for comparing with stored addresses. */
export const normalizedEmail = (email: string) => email.trim().toLowerCase();

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Must be a valid email address' }))
  .openapi({ example: 'thandi@example.com' });

export const PasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters')
  .openapi({ example: 'correct-horse-battery' });

/**
 * Text people type that others read (names, labels, descriptions, reasons, email templates) must not carry control
 * characters (U+0000–U+001F, U+007F–U+009F: NULs that truncate in C libraries, escape sequences for terminals that
 * show logs, line breaks that forge log lines or CSV rows) nor bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069: "Trojan Source" text that displays differently from what it is, e.g. a file name or a payee).
 * Multi-line text (descriptions, email bodies, reasons) may hold line breaks (LF, CR) and tabs, nothing else of these.
 */
const FORBIDDEN_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** The one check for names and free text: wrap the field's string schema (after trim/min/max). */
export function safeText<T extends z.ZodString>(schema: T, opts: { multiline?: boolean } = {}): T {
  return opts.multiline
    ? (schema.refine((v) => !FORBIDDEN_IN_TEXT.test(v), 'Must not contain control characters (other than line breaks and tabs) or bidirectional overrides') as T)
    : (schema.refine((v) => !FORBIDDEN_IN_LINE.test(v), 'Must not contain control characters, line breaks or bidirectional overrides') as T);
}

export const PersonNameSchema = safeText(z.string().trim().min(1, 'Required').max(120)).openapi({ example: 'Thandi Nkosi' });

export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 code such as ZAR')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'Unknown currency code')
  .openapi({ example: 'ZAR' });

export const TimezoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz.includes('/') || tz === 'UTC';
    } catch {
      return false;
    }
  }, 'Use an IANA time zone such as Africa/Johannesburg')
  .openapi({ example: 'Africa/Johannesburg' });

export const LocaleSchema = z.enum(LOCALES).openapi({ example: 'en' });
export const RoleSchema = z.enum(ROLES).openapi({ example: 'staff' });

export const HexColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1a2b3c');

export const IsoDateTime = z.string().openapi({ format: 'date-time', example: '2026-11-23T10:00:00.000Z' });
/** One helper for optional instants, kept where the platform's time helpers live. */
export { isoOrNull as iso } from '../platform/time';

/** An optional expiry for a credential (API key, device token): an instant in the future; absent means it never expires. */
export const CredentialExpiresAt = z.iso
  .datetime({ offset: true })
  .optional()
  .refine((v) => !v || Date.parse(v) > Date.now(), 'Must be in the future')
  .openapi({ description: 'When the credential stops working (401 from then on); omit for no expiry', example: '2030-01-01T00:00:00Z' });

export const CREDENTIAL_STATUSES = ['active', 'expired', 'revoked'] as const;
export const CredentialStatus = z.enum(CREDENTIAL_STATUSES).openapi({ description: 'revoked wins over expired' });

/** How a stored credential stands right now. */
export function credentialStatus(r: { revokedAt: Date | null; expiresAt: Date | null }, now = Date.now()): (typeof CREDENTIAL_STATUSES)[number] {
  if (r.revokedAt) return 'revoked';
  if (r.expiresAt && r.expiresAt.getTime() <= now) return 'expired';
  return 'active';
}
