/**
 * How fresh a report is (docs/postgres.md, "Reports"): reports are read from the Postgres copy, which follows D1 by
 * seconds normally and by longer while it is away; the organizer sees which, next to the figures. Funnels are read
 * from snapshots the funnel job recomputes every 15 minutes (docs/analytics.md, "Funnels"): they say when.
 */
import type { Schemas } from '../../api/client';

export type Freshness = Schemas['ReportFreshness'] | Schemas['FunnelFreshness'];

/** One sentence for people: up to date, or how many changes are not in the figures yet and how far behind. */
export function freshnessText(f: Freshness, now = Date.now()): string {
  if (f.source === 'funnel_snapshots') {
    if (!f.computedAt) return 'Funnel figures are computed every 15 minutes; none yet.';
    const minutes = Math.max(0, Math.round((now - Date.parse(f.computedAt)) / 60_000));
    return `Funnel figures are computed every 15 minutes; last ${minutes < 1 ? 'just now' : minutes === 1 ? '1 min ago' : minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`}.`;
  }
  if (f.pendingChanges === 0) return 'Up to date: every change is in these figures.';
  const changes = f.pendingChanges === 1 ? '1 recent change is' : `${f.pendingChanges} recent changes are`;
  const behind = f.lagSeconds < 60 ? `${f.lagSeconds} s` : f.lagSeconds < 3600 ? `${Math.round(f.lagSeconds / 60)} min` : `${Math.round(f.lagSeconds / 3600)} h`;
  return `${changes} not in these figures yet (about ${behind} behind); refresh in a moment.`;
}

export function FreshnessNote({ freshness }: { freshness: Freshness }) {
  const late = freshness.source === 'postgres' ? freshness.pendingChanges > 0 : !freshness.computedAt;
  return (
    <p className={late ? 'hint warning' : 'hint'} role="status">
      {freshnessText(freshness)}
    </p>
  );
}
