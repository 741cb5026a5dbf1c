/**
 * How fresh a report is (docs/postgres.md, "Reports"): reports are read from the Postgres copy, which follows D1 by
 * seconds normally and by longer while it is away; the organizer sees which, next to the figures.
 */
import type { Schemas } from '../../api/client';

export type Freshness = Schemas['ReportFreshness'];

/** One sentence for people: up to date, or how many changes are not in the figures yet and how far behind. */
export function freshnessText(f: Freshness): string {
  if (f.pendingChanges === 0) return 'Up to date: every change is in these figures.';
  const changes = f.pendingChanges === 1 ? '1 recent change is' : `${f.pendingChanges} recent changes are`;
  const behind = f.lagSeconds < 60 ? `${f.lagSeconds} s` : f.lagSeconds < 3600 ? `${Math.round(f.lagSeconds / 60)} min` : `${Math.round(f.lagSeconds / 3600)} h`;
  return `${changes} not in these figures yet (about ${behind} behind); refresh in a moment.`;
}

export function FreshnessNote({ freshness }: { freshness: Freshness }) {
  const late = freshness.pendingChanges > 0;
  return (
    <p className={late ? 'hint warning' : 'hint'} role="status">
      {freshnessText(freshness)}
    </p>
  );
}
