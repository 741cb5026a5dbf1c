/**
 * The funnel and top-referrer panels' pure parts (analytics/funnel-chart.tsx, shared by the History screen and the Funnels screen): their date range, step labels, percentages,
 * bar widths and the median time between steps, for people. Tested in test/web/history/funnel.test.ts.
 */
import { utcToZonedLocal } from '../../../ui/time';
import type { FunnelStep as ApiStep, Referrer } from './api';

/** A step's figures as the API gives them (any kind's name, so the logic stays open to new kinds). */
export type FunnelStep = Omit<ApiStep, 'kind'> & { kind: string };

export const STEP_LABELS: Record<string, string> = {
  page_view: 'Viewed the event page',
  seat_map_opened: 'Opened the seat map',
  ticket_selected: 'Selected tickets',
  waiting_room_joined: 'Joined the waiting room',
  waiting_room_admitted: 'Admitted from the waiting room',
  hold_made: 'Held tickets',
  checkout_started: 'Started checkout',
  payment_started: 'Started paying',
  payment_failed: 'Payment failed',
  order_completed: 'Completed an order',
  hold_expired: 'Hold expired',
};

export function stepLabel(kind: string): string {
  if (STEP_LABELS[kind]) return STEP_LABELS[kind];
  const s = kind.replace(/[_.]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A share (0–1) as a percentage in the locale ("45.5 %"); "—" when there is none. */
export function formatShare(share: number | null | undefined, locale?: string): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** Seconds for people: "42 s", "3 min 5 s", "2 h 5 min", "1 d 3 h"; "—" when unknown. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) => (small ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`);
  if (s < 3600) return two(Math.floor(s / 60), 'min', s % 60, 's');
  if (s < 86_400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min');
  return two(Math.floor(s / 86_400), 'd', Math.floor((s % 86_400) / 3600), 'h');
}

/** A bar's width in percent of the widest (0 for none; a non-zero count gets at least a sliver). */
export function barWidth(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.max(1, Math.min(100, Math.round((value / max) * 1000) / 10));
}

export type FunnelRow = { kind: string; label: string; visitors: number; width: number; fromStart: string; fromPrevious: string; median: string };

/** One row per step, in the API's order, with the bar width against the biggest step (normally the first). */
export function funnelRows(steps: readonly FunnelStep[], locale?: string): FunnelRow[] {
  const max = Math.max(0, ...steps.map((s) => s.visitors));
  return steps.map((s, i) => ({
    kind: s.kind,
    label: stepLabel(s.kind),
    visitors: s.visitors,
    width: barWidth(s.visitors, max),
    fromStart: i === 0 ? '—' : formatShare(s.conversionFromStart, locale),
    fromPrevious: i === 0 ? '—' : formatShare(s.conversionFromPrevious, locale),
    median: i === 0 ? '—' : formatSeconds(s.medianSecondsFromPrevious),
  }));
}

/** Whether there is anything to show: no steps, or no visitor at any step, is "no data yet". */
export const funnelEmpty = (steps: readonly FunnelStep[] | undefined) => !steps || steps.every((s) => s.visitors === 0);

/** The funnel's text alternative: first to last step, and the overall conversion. */
export function funnelSummary(steps: readonly FunnelStep[], nf: Intl.NumberFormat, locale?: string): string {
  if (funnelEmpty(steps)) return 'No visits recorded yet.';
  const first = steps[0]!;
  const last = steps.at(-1)!;
  return `${nf.format(first.visitors)} visitors ${stepLabel(first.kind).toLowerCase()}; ${nf.format(last.visitors)} ${stepLabel(last.kind).toLowerCase()} (${formatShare(last.conversionFromStart, locale)} of them).`;
}

export type ReferrerRow = Referrer & { width: number; conversion: string };

/** Referrers by visitors (most first), with bar widths and each one's share of visitors who ordered. */
export function referrerRows(referrers: readonly Referrer[], locale?: string): ReferrerRow[] {
  const sorted = [...referrers].sort((a, b) => b.visitors - a.visitors || b.orders - a.orders || a.host.localeCompare(b.host));
  const max = Math.max(0, ...sorted.map((r) => r.visitors));
  return sorted.map((r) => ({ ...r, host: r.host || '(direct)', width: barWidth(r.visitors, max), conversion: r.visitors > 0 ? formatShare(r.orders / r.visitors, locale) : '—' }));
}

/**
 * The funnel's days ("YYYY-MM-DD", both included, in the organization's zone): the picked ones, else from the day
 * sales opened (or 29 days before "to") to today — or the event's last day once it is over.
 */
export function analyticsRange(
  picked: { fromDate: string; toDate: string },
  event: { saleStartsAt: string | null; endsAt: string },
  timeZone: string,
  now = Date.now(),
): { from: string; to: string } {
  const today = utcToZonedLocal(new Date(now).toISOString(), timeZone).slice(0, 10);
  const lastDay = utcToZonedLocal(event.endsAt, timeZone).slice(0, 10);
  const to = picked.toDate || (lastDay && lastDay < today ? lastDay : today);
  const monthBefore = new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
  const saleDay = event.saleStartsAt ? utcToZonedLocal(event.saleStartsAt, timeZone).slice(0, 10) : '';
  let from = picked.fromDate || (saleDay && saleDay <= to ? saleDay : monthBefore);
  if (from > to) from = to;
  return { from, to };
}

/** What "Refresh now" tells the organizer: how much was recomputed, or why not (too soon, Postgres away, no right). */
export function refreshOutcome(result: { ok: true; days: number; journeys: number } | { ok: false; status: number; code?: string; detail?: string }): { text: string; warning: boolean } {
  if (result.ok) {
    const visitors = result.journeys === 1 ? '1 visitor-day' : `${result.journeys} visitor-days`;
    return { text: `Refreshed: ${visitors} over ${result.days === 1 ? '1 day' : `${result.days} days`} recomputed.`, warning: false };
  }
  if (result.status === 429 || result.code === 'refresh_too_soon') {
    const wait = /again in (\d+) seconds?/.exec(result.detail ?? '')?.[1];
    return { text: `The figures were refreshed less than 30 seconds ago; try again ${wait ? `in ${wait} s` : 'shortly'}.`, warning: true };
  }
  if (result.status === 503) return { text: 'The reporting database is unavailable right now; the figures refresh on their own every 15 minutes.', warning: true };
  if (result.status === 403) return { text: 'Your role may not refresh the funnel figures.', warning: true };
  return { text: result.detail || 'The figures could not be refreshed; try again.', warning: true };
}
