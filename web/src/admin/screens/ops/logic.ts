/**
 * Pure logic of the operations screens (orders, devices, webhooks, API keys, exports, mailbox, audit log):
 * no React, no fetch, so test/web/ops can pin it down.
 */
import { zonedLocalToUtc } from '../../../ui/time';

export type Tone = 'ok' | 'warn' | 'bad' | '';

// ---------------------------------------------------------------------------------------------------------------
// Status badges

const TONES: Record<string, Tone> = {
  // orders
  paid: 'ok',
  pending: 'warn',
  partially_refunded: 'warn',
  refunded: '',
  cancelled: 'bad',
  expired: '',
  // tickets
  valid: 'ok',
  // payments / refunds
  completed: 'ok',
  succeeded: 'ok',
  failed: 'bad',
  // webhook deliveries and endpoints
  dead: 'bad',
  active: 'ok',
  disabled: 'bad',
  // exports
  queued: 'warn',
  running: 'warn',
  // devices / keys
  revoked: 'bad',
  expired_key: 'bad',
};

export function statusTone(status: string): Tone {
  return TONES[status] ?? '';
}

/** "partially_refunded" → "Partially refunded"; "check_ins" → "Check ins". */
export function humanize(code: string): string {
  const s = code.replace(/[_.]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A long id shortened for a table cell: "ord_01m8p0q4xn71rhr2tj62hjresm" → "ord_…62hjresm" (the page shows it whole). */
export function shortId(id: string, tail = 8): string {
  const us = id.indexOf('_');
  const prefix = us > 0 && us < 8 ? id.slice(0, us + 1) : '';
  const rest = id.slice(prefix.length);
  return rest.length <= tail + 1 ? id : `${prefix}…${rest.slice(-tail)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Seats

/** A seat id is `section:row:seat` (docs/tickets.md): "1:A:12" → "Section 1, row A, seat 12"; GA (null) → "General admission". */
export function seatLabel(seatId: string | null | undefined): string {
  if (!seatId) return 'General admission';
  const parts = seatId.split(':');
  if (parts.length === 3) return `Section ${parts[0]}, row ${parts[1]}, seat ${parts[2]}`;
  return seatId;
}

// ---------------------------------------------------------------------------------------------------------------
// Sizes and durations

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 85 → "85 ms"; 1234 → "1.23 s"; 15000 → "15.0 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------------
// Webhook delivery attempts

export type Attempt = { at: string; status: number | null; durationMs: number; error: string | null };

/** What one attempt came to, in words: "HTTP 200 (OK)", "HTTP 500 — failed", "No response: timeout". */
export function describeAttempt(a: Attempt): { outcome: string; ok: boolean } {
  if (a.status === null) return { outcome: `No response${a.error ? `: ${a.error}` : ''}`, ok: false };
  const ok = a.status >= 200 && a.status < 300;
  const kind = ok ? 'delivered' : a.status >= 300 && a.status < 400 ? 'redirect (not followed)' : 'failed';
  return { outcome: `HTTP ${a.status} — ${kind}${!ok && a.error ? `: ${a.error}` : ''}`, ok };
}

/** A delivery's one-line summary for the log: how many attempts, the last outcome, when the next try is. */
export function deliverySummary(d: { status: string; attempts: Attempt[]; nextAttemptAt: string | null }): string {
  const n = d.attempts.length;
  const tries = n === 0 ? 'not tried yet' : n === 1 ? '1 attempt' : `${n} attempts`;
  const last = d.attempts.at(-1);
  const lastText = last ? `, last: ${last.status === null ? 'no response' : `HTTP ${last.status}`}` : '';
  const next = d.status === 'pending' && d.nextAttemptAt ? ', retrying' : '';
  return `${tries}${lastText}${next}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Exports

export type ExportLike = { status: 'queued' | 'running' | 'completed' | 'failed'; rowsWritten: number; rowsTotal: number | null };

/** Whether the screen should keep asking for this export's progress. */
export function exportIsActive(job: { status: string }): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/**
 * The progress bar of an export: `max`/`value` for <progress> (value undefined = indeterminate, while the rows are
 * not counted yet) and a text for people and screen readers.
 */
export function exportProgress(job: ExportLike): { value: number | undefined; max: number; label: string } {
  const fmt = (n: number) => n.toLocaleString('en');
  switch (job.status) {
    case 'queued':
      return { value: undefined, max: 1, label: 'Waiting to start' };
    case 'running':
      if (job.rowsTotal === null) return { value: undefined, max: 1, label: `Counting rows… ${fmt(job.rowsWritten)} written` };
      if (job.rowsTotal === 0) return { value: 0, max: 1, label: 'No rows to write' };
      return {
        value: Math.min(job.rowsWritten, job.rowsTotal),
        max: job.rowsTotal,
        label: `${fmt(job.rowsWritten)} of ${fmt(job.rowsTotal)} rows (${Math.floor((Math.min(job.rowsWritten, job.rowsTotal) / job.rowsTotal) * 100)}%)`,
      };
    case 'completed': {
      const total = job.rowsTotal ?? job.rowsWritten;
      return { value: total, max: Math.max(total, 1), label: `${fmt(job.rowsWritten)} ${job.rowsWritten === 1 ? 'row' : 'rows'}` };
    }
    case 'failed':
      return { value: job.rowsWritten, max: Math.max(job.rowsTotal ?? job.rowsWritten, 1), label: 'Failed' };
  }
}

/** A signed download link is usable until it expires (with a margin so a click does not land on an expired link). */
export function downloadLinkUsable(job: { downloadUrl: string | null; downloadUrlExpiresAt: string | null }, now: number, marginMs = 15_000): boolean {
  if (!job.downloadUrl) return false;
  if (!job.downloadUrlExpiresAt) return true;
  return Date.parse(job.downloadUrlExpiresAt) - marginMs > now;
}

/** What can be exported; `event`: needs one event; `pdf`: also as a branded PDF document (else CSV only). */
export const EXPORT_KINDS = [
  { value: 'orders', label: 'Orders (one row per order)', event: false, pdf: false },
  { value: 'attendees', label: 'Attendees (one row per ticket)', event: false, pdf: false },
  { value: 'check_ins', label: 'Check-ins (one row per scan)', event: false, pdf: false },
  { value: 'settlement', label: 'Settlement statement (one event)', event: true, pdf: true },
  { value: 'sales_summary', label: 'Sales summary (one event, by ticket type and day)', event: true, pdf: true },
] as const;

export const exportKindInfo = (kind: string) => EXPORT_KINDS.find((k) => k.value === kind) ?? EXPORT_KINDS[0];

/** The request body: the format only where the kind offers PDF (the API refuses pdf elsewhere). */
export function exportRequestBody(v: { kind: (typeof EXPORT_KINDS)[number]['value']; eventId: string; format: 'csv' | 'pdf' }) {
  const info = exportKindInfo(v.kind);
  return { kind: v.kind, ...(v.eventId ? { eventId: v.eventId } : {}), ...(info.pdf && v.format === 'pdf' ? { format: 'pdf' as const } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Refunds

export type RefundMode = 'whole' | 'tickets' | 'amount';

export type RefundDraft = { mode: RefundMode; ticketIds: string[]; amount: string; reason: string };

export type RefundBody = { reason: string; ticketIds?: string[]; amountMinor?: number };

/**
 * The refund request for what the organizer chose, or the field errors to show (keyed like the API's: reason,
 * ticketIds, amountMinor). `parse` turns the typed amount into minor units (parseMoney for the order's currency);
 * `remainingMinor` is what is left to refund.
 */
export function buildRefund(
  draft: RefundDraft,
  parse: (text: string) => number | null,
  remainingMinor: number,
): { body: RefundBody } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const reason = draft.reason.trim();
  if (!reason) errors.reason = 'Give a reason: the buyer sees it.';
  const body: RefundBody = { reason };
  if (draft.mode === 'tickets') {
    if (draft.ticketIds.length === 0) errors.ticketIds = 'Choose at least one ticket.';
    else body.ticketIds = [...draft.ticketIds];
  } else if (draft.mode === 'amount') {
    const minor = parse(draft.amount);
    if (minor === null) errors.amountMinor = 'Enter an amount like 150.00.';
    else if (minor <= 0) errors.amountMinor = 'The amount must be more than zero.';
    else if (minor > remainingMinor) errors.amountMinor = 'That is more than is left to refund.';
    else body.amountMinor = minor;
  }
  return Object.keys(errors).length ? { errors } : { body };
}

type LineLike = { ticketTypeId: string; seatId: string | null; totalMinor: number };
type TicketLike = { id: string; ticketTypeId: string; seatId: string | null };

/**
 * What refunding these tickets comes to: each ticket's order line (one line per ticket, matched on ticket type and
 * seat; GA lines of a type are interchangeable) — the server computes the real figure, this is shown before confirming.
 */
export function ticketsRefundMinor(lines: LineLike[], tickets: TicketLike[], selected: string[]): number {
  const pool = lines.map((l) => ({ ...l, used: false }));
  const lineOf = new Map<string, number>();
  for (const t of tickets) {
    const line = pool.find((l) => !l.used && l.ticketTypeId === t.ticketTypeId && l.seatId === t.seatId);
    if (line) {
      line.used = true;
      lineOf.set(t.id, line.totalMinor);
    }
  }
  return selected.reduce((sum, id) => sum + (lineOf.get(id) ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates in the organization's timezone (the conversion itself: ui/time.ts)

/** Adds `from`/`to` for whole days in `timeZone` ("to" inclusive: up to the next day's start); empty dates add nothing. */
export function withDayRange(q: Record<string, string>, fromDate: string, toDate: string, timeZone: string): Record<string, string> {
  const from = fromDate ? zonedLocalToUtc(fromDate, timeZone) : null;
  const to = toDate ? zonedLocalToUtc(nextDay(toDate), timeZone) : null;
  return { ...q, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The day after a "YYYY-MM-DD" date (for an inclusive "to" date turned into an exclusive bound). */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------------
// Audit log

export type AuditFilters = { action: string; actorId: string; resourceType: string; resourceId: string; fromDate: string; toDate: string };

/** The audit log query for the filters (dates are whole days in the organization's timezone, "to" inclusive). */
export function auditQuery(f: AuditFilters, timeZone: string): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.action.trim()) q.action = f.action.trim();
  if (f.actorId) q.actorId = f.actorId;
  if (f.resourceType.trim()) q.resourceType = f.resourceType.trim();
  if (f.resourceId.trim()) q.resourceId = f.resourceId.trim();
  return withDayRange(q, f.fromDate, f.toDate, timeZone);
}

export type ChangeRow = { field: string; kind: 'diff'; from: unknown; to: unknown } | { field: string; kind: 'value'; value: unknown };

/** The `changes` of an audit entry as rows: `{ status: { from, to } }` → a before/after row, anything else → a value row. */
export function changeRows(changes: Record<string, unknown> | null | undefined): ChangeRow[] {
  if (!changes) return [];
  return Object.entries(changes).map(([field, v]) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && ('from' in v || 'to' in v) && Object.keys(v).every((k) => k === 'from' || k === 'to')) {
      const d = v as { from?: unknown; to?: unknown };
      return { field, kind: 'diff' as const, from: d.from ?? null, to: d.to ?? null };
    }
    return { field, kind: 'value' as const, value: v };
  });
}

/** A value of an audit change in one line: strings as they are, everything else as JSON. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Where in the console an audit entry's target lives (relative to /admin/orgs/{orgId}), if it has a page. */
export function targetPath(resourceType: string, resourceId: string | null): string | null {
  if (!resourceId) return null;
  switch (resourceType) {
    case 'order':
      return `/orders/${resourceId}`;
    case 'event':
      return `/events/${resourceId}`;
    case 'venue':
      return `/venues/${resourceId}`;
    case 'webhook_endpoint':
      return `/webhooks/${resourceId}`;
    case 'device':
      return `/devices/${resourceId}`;
    case 'coupon':
      return `/coupons/${resourceId}`;
    default:
      return null;
  }
}

export const AUDIT_RESOURCE_TYPES = [
  'api_key', 'coupon', 'device', 'event', 'export', 'gate', 'hold', 'invitation', 'layout', 'membership', 'notification_template',
  'order', 'organization', 'pricing_rule', 'scan_session', 'session', 'ticket', 'ticket_type', 'user', 'venue', 'webhook_delivery',
  'webhook_endpoint',
] as const;

export const AUDIT_ACTION_PREFIXES = [
  'api_key.', 'coupon.', 'device.', 'event.', 'export.', 'gate.', 'invitation.', 'layout.', 'membership.', 'order.', 'organization.',
  'pricing_rule.', 'scan_session.', 'session.', 'ticket.', 'ticket_type.', 'venue.', 'webhook.',
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Mailbox

export type TextPart = { text: string } | { href: string; text: string };

/** Splits plain text into text and http(s) links (trailing punctuation stays text), so the links can be clickable. */
export function linkify(text: string): TextPart[] {
  const out: TextPart[] = [];
  const re = /https?:\/\/[^\s<>"']+/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    let url = m[0];
    const trail = /[.,;:!?)\]]+$/.exec(url);
    if (trail) url = url.slice(0, -trail[0].length);
    const start = m.index ?? 0;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ href: url, text: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// API keys

export const API_KEY_SCOPES = [
  'organization.read', 'organization.update', 'members.read', 'members.manage', 'invitations.manage', 'api_keys.read', 'audit.read',
  'venues.read', 'venues.manage', 'events.read', 'events.manage', 'pricing.read', 'pricing.manage', 'orders.read', 'orders.manage',
  'orders.refund', 'finance.read', 'devices.read', 'checkins.read', 'checkins.undo', 'webhooks.read', 'exports.manage',
  'analytics.read', 'analytics.manage',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Scopes grouped by what they are about ("orders.read" → "orders"), in the order the API lists them. */
export function groupScopes(scopes: readonly string[]): { group: string; scopes: string[] }[] {
  const groups: { group: string; scopes: string[] }[] = [];
  for (const s of scopes) {
    const g = s.split('.')[0]!;
    let entry = groups.find((x) => x.group === g);
    if (!entry) groups.push((entry = { group: g, scopes: [] }));
    entry.scopes.push(s);
  }
  return groups;
}

/** Read-only preset: every `*.read` scope. */
export function readOnlyScopes(): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((s) => s.endsWith('.read'));
}

/** Whether a key still works: not revoked and not past its expiry. */
export function keyState(k: { revokedAt: string | null; expiresAt: string | null }, now: number): 'active' | 'revoked' | 'expired' {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && Date.parse(k.expiresAt) <= now) return 'expired';
  return 'active';
}

export const WEBHOOK_EVENT_TYPES = [
  { value: 'order.paid', label: 'Order paid' },
  { value: 'order.refunded', label: 'Order refunded (full or partial)' },
  { value: 'order.cancelled', label: 'Order cancelled or expired' },
  { value: 'refund.requested', label: 'Refund requested by a buyer (outside the policy)' },
  { value: 'refund.declined', label: 'Refund request declined' },
  { value: 'ticket.checked_in', label: 'Ticket checked in' },
  { value: 'ticket.transferred', label: 'Ticket transferred to a new holder' },
  { value: 'event.published', label: 'Event published' },
  { value: 'event.cancelled', label: 'Event cancelled' },
  { value: 'export.completed', label: 'Export completed' },
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]['value'];

/** The scanner app's sign-in link for a device token: the token rides in the fragment, never sent to a server. */
export function scannerLink(origin: string, token: string): string {
  return `${origin}/scan/#token=${encodeURIComponent(token)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Field errors of list fields

/** The error of a list field, also when the API names an item of it ("eventIds.0", "eventIds[1]"). */
export function listFieldError(errors: Record<string, string>, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const key = Object.keys(errors).find((k) => k.startsWith(`${name}.`) || k.startsWith(`${name}[`));
  return key ? errors[key] : undefined;
}

/** The error keys a form shows beside its fields (its names, and items of its list fields), for ProblemBanner. */
export function placedKeys(errors: Record<string, string>, names: string[]): string[] {
  return Object.keys(errors).filter((k) => names.some((n) => k === n || k.startsWith(`${n}.`) || k.startsWith(`${n}[`)));
}
