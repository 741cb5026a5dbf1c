/** How fresh a report is, in one sentence for a printed report (the console says the same: web/src/admin/reports/freshness.tsx). */
import type { Freshness } from './freshness';

export function freshnessText(f: Freshness): string {
  if (f.pendingChanges === 0) return `Up to date when read (${f.readAt}): every change is in these figures.`;
  const changes = f.pendingChanges === 1 ? '1 recent change was' : `${f.pendingChanges} recent changes were`;
  const behind = f.lagSeconds < 60 ? `${f.lagSeconds} s` : f.lagSeconds < 3600 ? `${Math.round(f.lagSeconds / 60)} min` : `${Math.round(f.lagSeconds / 3600)} h`;
  return `${changes} not yet in these figures when they were read (about ${behind} behind).`;
}
