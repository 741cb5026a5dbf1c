/** The funnel and top-referrer panels' logic (web/src/admin/screens/analytics/funnel-logic.ts). */
import { describe, expect, it } from 'vitest';
import { analyticsRange, barWidth, formatSeconds, formatShare, funnelEmpty, funnelRows, funnelSummary, referrerRows, stepLabel } from '../../../web/src/admin/screens/analytics/funnel-logic';

const step = (kind: string, visitors: number, conversionFromStart: number | null, conversionFromPrevious: number | null, medianSecondsFromPrevious: number | null) => ({
  kind,
  visitors,
  conversionFromStart,
  conversionFromPrevious,
  medianSecondsFromPrevious,
});
const nf = new Intl.NumberFormat('en');

describe('the funnel', () => {
  const steps = [step('page_view', 1000, null, null, null), step('hold_made', 250, 0.25, 0.25, 95), step('checkout_started', 200, 0.2, 0.8, 42), step('order_completed', 123, 0.123, 0.615, 3725)];

  it('labels each step, sizes its bar against the biggest, and formats shares and median times', () => {
    expect(funnelRows(steps, 'en')).toEqual([
      { kind: 'page_view', label: 'Viewed the event page', visitors: 1000, width: 100, fromStart: '—', fromPrevious: '—', median: '—' },
      { kind: 'hold_made', label: 'Held tickets', visitors: 250, width: 25, fromStart: '25%', fromPrevious: '25%', median: '1 min 35 s' },
      { kind: 'checkout_started', label: 'Started checkout', visitors: 200, width: 20, fromStart: '20%', fromPrevious: '80%', median: '42 s' },
      { kind: 'order_completed', label: 'Completed an order', visitors: 123, width: 12.3, fromStart: '12.3%', fromPrevious: '61.5%', median: '1 h 2 min' },
    ]);
    expect(funnelSummary(steps, nf, 'en')).toBe('1,000 visitors viewed the event page; 123 completed an order (12.3% of them).');
  });

  it('says "no data yet" for no steps or no visitors', () => {
    expect(funnelEmpty(undefined)).toBe(true);
    expect(funnelEmpty([])).toBe(true);
    expect(funnelEmpty([step('page_view', 0, null, null, null)])).toBe(true);
    expect(funnelEmpty(steps)).toBe(false);
    expect(funnelSummary([], nf)).toBe('No visits recorded yet.');
  });

  it('formats pieces on their own', () => {
    expect(formatShare(null)).toBe('—');
    expect(formatShare(Number.NaN)).toBe('—');
    expect(formatShare(0.5, 'en')).toBe('50%');
    expect(formatSeconds(null)).toBe('—');
    expect(formatSeconds(-1)).toBe('—');
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(59.6)).toBe('1 min');
    expect(formatSeconds(180)).toBe('3 min');
    expect(formatSeconds(7200)).toBe('2 h');
    expect(formatSeconds(90_000)).toBe('1 d 1 h');
    expect(barWidth(0, 10)).toBe(0);
    expect(barWidth(1, 100_000)).toBe(1);
    expect(barWidth(5, 0)).toBe(0);
    expect(stepLabel('some_new_step')).toBe('Some new step');
  });
});

describe('the top referrers', () => {
  it('orders by visitors with bar widths and the share who ordered; an empty host is direct', () => {
    expect(
      referrerRows(
        [
          { host: 'news.example', visitors: 10, orders: 1 },
          { host: 'social.example', visitors: 40, orders: 8 },
          { host: '', visitors: 0, orders: 0 },
        ],
        'en',
      ),
    ).toEqual([
      { host: 'social.example', visitors: 40, orders: 8, width: 100, conversion: '20%' },
      { host: 'news.example', visitors: 10, orders: 1, width: 25, conversion: '10%' },
      { host: '(direct)', visitors: 0, orders: 0, width: 0, conversion: '—' },
    ]);
  });
});

describe('the journey’s days', () => {
  const now = Date.parse('2026-12-05T10:00:00Z');
  it('default from the day sales opened to today, or to the last day of an event that is over', () => {
    expect(analyticsRange({ fromDate: '', toDate: '' }, { saleStartsAt: '2026-11-20T08:00:00Z', endsAt: '2026-12-20T20:00:00Z' }, 'Africa/Johannesburg', now)).toEqual({ from: '2026-11-20', to: '2026-12-05' });
    expect(analyticsRange({ fromDate: '', toDate: '' }, { saleStartsAt: null, endsAt: '2026-12-01T20:00:00Z' }, 'Africa/Johannesburg', now)).toEqual({ from: '2026-11-02', to: '2026-12-01' });
    expect(analyticsRange({ fromDate: '2026-12-01', toDate: '2026-12-03' }, { saleStartsAt: null, endsAt: '2026-12-20T20:00:00Z' }, 'UTC', now)).toEqual({ from: '2026-12-01', to: '2026-12-03' });
    // Sales that open later than the picked end: the range is that one day.
    expect(analyticsRange({ fromDate: '', toDate: '2026-11-01' }, { saleStartsAt: '2026-11-20T08:00:00Z', endsAt: '2026-12-20T20:00:00Z' }, 'UTC', now)).toEqual({ from: '2026-10-03', to: '2026-11-01' });
  });
});
