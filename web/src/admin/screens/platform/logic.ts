/**
 * Pure logic of the Platform area (platform operators: users flagged platform admin or staff): who may see and act,
 * fee policies as people type them (percent, money) and as the API stores them (basis points, minor units), and
 * what a dead letter carries.
 */
import { formatMoney, parseMoney } from '../../../api/client';

export type OperatorFlags = { isPlatformAdmin: boolean; isPlatformStaff: boolean };

/** Platform admins and staff may open the Platform area (the API answers everyone else 403 `platform_only`). */
export function isOperator(user: OperatorFlags | null | undefined): boolean {
  return Boolean(user && (user.isPlatformAdmin || user.isPlatformStaff));
}

/** Only platform admins change fee policies and replay dead letters; staff look. */
export function canAct(user: OperatorFlags | null | undefined): boolean {
  return Boolean(user?.isPlatformAdmin);
}

export function operatorRole(user: OperatorFlags): string {
  return user.isPlatformAdmin ? 'Platform admin' : user.isPlatformStaff ? 'Platform staff' : 'Not an operator';
}

// ---------------------------------------------------------------------------------------------------------------
// Fee policies

export const FEE_PAYERS = [
  { value: 'buyer', label: 'Buyer (added on top of the ticket price)' },
  { value: 'organizer', label: 'Organizer (taken from the payout)' },
] as const;
export type FeePayer = (typeof FEE_PAYERS)[number]['value'];

/** Limits of PutFeePolicy (src/domains/pricing/schemas.ts). */
export const FEE_LIMITS = { percentBps: 10_000, fixedMinor: 1_000_000, capMinor: 100_000_000 } as const;

/**
 * "2.5" (percent, as typed) → 250 basis points, without floats: at most two decimals, 0–100 %.
 * Answers null for anything else ("", "abc", "2.555", "101").
 */
export function percentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{0,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= FEE_LIMITS.percentBps ? bps : null;
}

/** 250 → "2.5", 300 → "3", 5 → "0.05": what a person would type for those basis points. */
export function bpsToPercent(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = String(bps % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Minor units → the text a money input shows ("300" ZAR → "3.00"; JPY has no decimals). */
export function minorToText(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A three-letter code Intl knows (the API checks the same against ISO 4217). */
export function validCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}

export type FeeDraft = {
  /** "platform": the default for the currency; "organization": one organization's own. */
  scope: 'platform' | 'organization';
  organizationId: string;
  currency: string;
  percent: string;
  fixed: string;
  cap: string;
  payer: FeePayer;
};

export type PutFeePolicyBody = {
  organizationId: string | null;
  currency: string;
  percentBps: number;
  fixedMinor: number;
  capMinor: number | null;
  payer: FeePayer;
};

export const EMPTY_FEE_DRAFT: FeeDraft = { scope: 'platform', organizationId: '', currency: 'ZAR', percent: '', fixed: '0', cap: '', payer: 'buyer' };

/** A stored policy as the form shows it (to change it). */
export function draftFromPolicy(p: { organizationId: string | null; currency: string; percentBps: number; fixedMinor: number; capMinor: number | null; payer: FeePayer }): FeeDraft {
  return {
    scope: p.organizationId ? 'organization' : 'platform',
    organizationId: p.organizationId ?? '',
    currency: p.currency,
    percent: bpsToPercent(p.percentBps),
    fixed: minorToText(p.fixedMinor, p.currency),
    cap: p.capMinor === null ? '' : minorToText(p.capMinor, p.currency),
    payer: p.payer,
  };
}

/**
 * The request body for PUT /platform/fee-policies, or the field errors a person can fix before sending. Error keys
 * are the API's field names (percentBps, fixedMinor, capMinor, currency, organizationId), so the form shows a local
 * error and the server's for the same field in the same place.
 */
export function buildFeePolicy(d: FeeDraft): { body: PutFeePolicyBody; errors?: undefined } | { body?: undefined; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const currency = d.currency.trim().toUpperCase();
  if (!validCurrency(currency)) errors.currency = 'Use a three-letter ISO 4217 code such as ZAR';
  const organizationId = d.scope === 'organization' ? d.organizationId.trim() : null;
  if (d.scope === 'organization' && !organizationId) errors.organizationId = 'Choose the organization (its id, e.g. org_…)';
  const percentBps = percentToBps(d.percent);
  if (percentBps === null) errors.percentBps = 'A percentage from 0 to 100, at most two decimals (e.g. 2.5)';
  const money = validCurrency(currency) ? currency : 'ZAR';
  const fixedMinor = d.fixed.trim() === '' ? 0 : parseMoney(d.fixed, money);
  if (fixedMinor === null) errors.fixedMinor = `An amount in ${money}, e.g. 3.00`;
  else if (fixedMinor > FEE_LIMITS.fixedMinor) errors.fixedMinor = `At most ${formatMoney(FEE_LIMITS.fixedMinor, money, 'en')}`;
  const capMinor = d.cap.trim() === '' ? null : parseMoney(d.cap, money);
  if (d.cap.trim() !== '' && capMinor === null) errors.capMinor = `An amount in ${money}, or empty for no cap`;
  else if (capMinor !== null && capMinor > FEE_LIMITS.capMinor) errors.capMinor = `At most ${formatMoney(FEE_LIMITS.capMinor, money, 'en')}`;
  if (Object.keys(errors).length) return { errors };
  return { body: { organizationId, currency, percentBps: percentBps!, fixedMinor: fixedMinor!, capMinor, payer: d.payer } };
}

/** "2.5% + R 3.00 per ticket, at most R 50.00" — a policy in one line. */
export function describeFee(p: { currency: string; percentBps: number; fixedMinor: number; capMinor: number | null }, locale?: string): string {
  const parts = [`${bpsToPercent(p.percentBps)}%`];
  if (p.fixedMinor) parts.push(formatMoney(p.fixedMinor, p.currency, locale));
  let s = `${parts.join(' + ')} per ticket`;
  if (p.capMinor !== null) s += `, at most ${formatMoney(p.capMinor, p.currency, locale)}`;
  return s;
}

/**
 * The fee on one ticket of `priceMinor` under a policy, as quotes compute it (src/domains/pricing/quote.ts: percent
 * rounded half up, plus the fixed part, capped; a free ticket pays none): the example the form shows.
 */
export function exampleFee(p: { percentBps: number; fixedMinor: number; capMinor: number | null }, priceMinor: number): number {
  if (priceMinor === 0) return 0;
  const pct = Math.floor((priceMinor * p.percentBps + 5_000) / 10_000);
  const fee = pct + p.fixedMinor;
  return p.capMinor === null ? fee : Math.min(fee, p.capMinor);
}

// ---------------------------------------------------------------------------------------------------------------
// Dead letters

/** The queues whose dead letters are kept (docs/queues.md), as stored in `queue`. */
export const QUEUE_NAMES = ['voelgoed-notifications', 'voelgoed-webhooks', 'voelgoed-exports', 'voelgoed-analytics'] as const;

/** "voelgoed-webhooks" → "Webhooks". */
export function queueLabel(queue: string): string {
  const base = queue.replace(/^voelgoed-/, '').replace(/-dlq$/, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** What a message is about, in a line: its `kind` and the id of the row it points at (`{ kind: "delivery", id }`). */
export function deadLetterSummary(body: unknown): string {
  if (body === null || body === undefined) return '(empty body)';
  if (typeof body !== 'object' || Array.isArray(body)) return JSON.stringify(body).slice(0, 80);
  const b = body as Record<string, unknown>;
  const kind = typeof b.kind === 'string' ? b.kind : null;
  const ref = typeof b.id === 'string' ? b.id : typeof b.eventId === 'string' ? b.eventId : null;
  if (kind && ref) return `${kind} ${ref}`;
  if (kind) return kind;
  const keys = Object.keys(b);
  return keys.length ? `{ ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''} }` : '{ }';
}

/** What a failed replay means for the operator (409s name why; the rest as the API said). */
export function replayFailure(problem: { status: number; code?: string; title: string; detail?: string }): string {
  if (problem.status === 409 && problem.code === 'already_replayed') return 'Already replayed: this message was sent back to its queue before, so it was not sent again.';
  if (problem.status === 409 && problem.code === 'unknown_queue') return `Cannot replay: ${problem.detail ?? 'its queue is not known to this version of the platform.'}`;
  if (problem.status === 403) return 'Only platform admins may replay dead letters.';
  if (problem.status === 404) return 'This dead letter no longer exists.';
  return problem.detail ? `${problem.title} — ${problem.detail}` : problem.title;
}

// ---------------------------------------------------------------------------------------------------------------
// Times: operators work across organizations, so instants show in the viewer's own timezone (UTC on hover).

export function viewerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Records the API lists but does not serve one by one (dead letters, platform mailbox messages)

/**
 * Finds one item by id by walking the pages of a list (newest first), stopping at the first page that has it or after
 * `maxPages`. Answers null when it is not there (a link to a record that is gone, or older than maxPages pages).
 */
export async function findInPages<T extends { id: string }>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  id: string,
  maxPages = 20,
): Promise<T | null> {
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const p = await page(cursor);
    const hit = p.items.find((x) => x.id === id);
    if (hit) return hit;
    if (!p.nextCursor) return null;
    cursor = p.nextCursor;
  }
  return null;
}
