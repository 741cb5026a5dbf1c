/**
 * The arithmetic shared by the funnel reads: conversions from the first and the previous step, rounded to four places
 * (null where the divisor is zero), and the median of day medians weighted by their visitors (a range's medians come
 * from per-day snapshots: exact for one day, the visitor-weighted median of the days' medians for more).
 */
import { sql } from 'drizzle-orm';
import type { PgTransaction } from '../../db/postgres-client';
import type { FunnelFreshness } from './schemas';

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);

export function withConversions<T extends { visitors: number; medianSecondsFromPrevious: number | null }>(steps: T[]) {
  const first = steps[0]?.visitors ?? 0;
  return steps.map((s, i) => ({
    ...s,
    conversionFromStart: ratio(s.visitors, first),
    conversionFromPrevious: i === 0 ? null : ratio(s.visitors, steps[i - 1]!.visitors),
    medianSecondsFromPrevious: i === 0 ? null : s.medianSecondsFromPrevious,
  }));
}

/** The smallest value whose cumulative weight reaches half the total (null: no weighted value). */
export function weightedMedian(values: { value: number | null; weight: number }[]): number | null {
  const known = values.filter((v): v is { value: number; weight: number } => v.value !== null && v.weight > 0).sort((a, b) => a.value - b.value);
  const total = known.reduce((n, v) => n + v.weight, 0);
  let seen = 0;
  for (const v of known) {
    seen += v.weight;
    if (seen * 2 >= total) return v.value;
  }
  return null;
}

export async function funnelFreshness(tx: PgTransaction, organizationId: string, now = Date.now()): Promise<FunnelFreshness> {
  const [run] = (await tx.execute<{ ran_at: string | Date }>(sql`select ran_at from funnel_snapshot_runs where organization_id = ${organizationId}`)).rows;
  return { source: 'funnel_snapshots', computedAt: run ? new Date(run.ran_at).toISOString() : null, readAt: new Date(now).toISOString() };
}
