/** The console's freshness note beside a report read from the Postgres copy (web/src/admin/reports/freshness.tsx). */
import { describe, expect, it } from 'vitest';
import { freshnessText } from '../../../web/src/admin/reports/freshness';

const f = (pendingChanges: number, lagSeconds: number) => ({ source: 'postgres' as const, pendingChanges, lagSeconds, oldestPendingAt: pendingChanges ? '2026-12-05T03:00:00.000Z' : null, readAt: '2026-12-05T03:01:00.000Z' });

describe('the freshness note', () => {
  it('says up to date, or how many changes are missing and how far behind, in words', () => {
    expect(freshnessText(f(0, 0))).toMatch(/^Up to date/);
    expect(freshnessText(f(1, 4))).toBe('1 recent change is not in these figures yet (about 4 s behind); refresh in a moment.');
    expect(freshnessText(f(12, 300))).toContain('12 recent changes are not in these figures yet (about 5 min behind)');
    expect(freshnessText(f(3, 7200))).toContain('about 2 h behind');
  });

  it('says when a funnel’s snapshots were last computed', () => {
    const funnel = (computedAt: string | null) => ({ source: 'funnel_snapshots' as const, computedAt, readAt: '2026-12-05T03:01:00.000Z' });
    const now = Date.parse('2026-12-05T03:10:00.000Z');
    expect(freshnessText(funnel(null), now)).toBe('Funnel figures are computed every 15 minutes; none yet.');
    expect(freshnessText(funnel('2026-12-05T03:09:50.000Z'), now)).toBe('Funnel figures are computed every 15 minutes; last just now.');
    expect(freshnessText(funnel('2026-12-05T03:00:00.000Z'), now)).toBe('Funnel figures are computed every 15 minutes; last 10 min ago.');
  });
});
