import { describe, expect, it } from 'vitest';
import {
  affectsRevenue,
  describeActivity,
  figures,
  gateRows,
  initialLiveState,
  liveReducer,
  ticketTypeRows,
  type LiveCounts,
  type LiveDelta,
  type LiveMessage,
  type LiveState,
} from '../../../web/src/admin/live/state';
import { counts } from './fixtures';

const snapshot = (version: number, c: Partial<LiveCounts> = {}, status = 'on_sale'): LiveMessage => ({
  type: 'snapshot',
  eventId: 'evt_1',
  version,
  status,
  seats: { held: [], sold: [], checked_in: [], blocked: [] },
  counts: counts(c),
});
const delta = (version: number, reason: string, c: Partial<LiveCounts>, seats: string[] = []): LiveMessage => ({
  type: 'delta',
  version,
  reason,
  seats: seats.map((id) => ({ id, status: 'sold' as const })),
  counts: counts(c),
});
const run = (messages: LiveMessage[], from: LiveState = initialLiveState) =>
  messages.reduce((s, m, i) => liveReducer(s, { type: 'message', message: m, at: 1_000 + i }), from);

describe('live dashboard reducer', () => {
  it('shows the snapshot, then each delta’s counts: a sale and a check-in', () => {
    const s = run([snapshot(5), delta(6, 'held', { held: 2 }, ['A1', 'A2']), delta(7, 'sold', { sold: 2 }, ['A1', 'A2']), delta(8, 'checked_in', { sold: 2, checkedIn: 1, inside: 1, gates: { gat_main: 1 } })]);
    expect(s.counts).toMatchObject({ sold: 2, held: 0, checkedIn: 1, inside: 1, gates: { gat_main: 1 } });
    expect(s.version).toBe(8);
    expect(s.activity.map((a) => a.reason)).toEqual(['checked_in', 'sold', 'held']);
    expect(s.activity[1]).toMatchObject({ seats: 2 });
  });

  it('ignores a delta older than what is shown (out of order) and an exact repeat', () => {
    const s = run([snapshot(5), delta(7, 'sold', { sold: 3 }), delta(6, 'held', { held: 9 }), delta(7, 'sold', { sold: 3 })]);
    expect(s.counts).toMatchObject({ sold: 3, held: 0 });
    expect(s.activity).toHaveLength(1);
  });

  it('applies one delta per version (a window of several changes says `mixed`), a repeat of it never', () => {
    const s = run([snapshot(1), delta(2, 'mixed', { sold: 1, held: 2 }, ['A1', 'A2', 'A3']), delta(2, 'sold', { sold: 1 }), delta(3, 'sold', { sold: 2 })]);
    expect(s.activity.map((a) => a.reason)).toEqual(['sold', 'mixed']);
    expect(describeActivity(s.activity[1]!)).toBe('Several changes (3 seats)');
    expect(affectsRevenue(delta(2, 'mixed', {}))).toBe(true);
  });

  it('names each change of a coalesced window in the activity instead of "mixed", in the order they happened', () => {
    const mixed = (version: number, reasons: string[], seats: string[] = []): LiveMessage => ({ ...(delta(version, 'mixed', { sold: 1 }, seats) as LiveDelta), reasons });
    const s = run([snapshot(1), mixed(2, ['held', 'sold', 'checked_in'], ['A1', 'A2', 'A3']), mixed(3, ['released', 'status'])]);
    expect(s.activity.map((a) => a.reasons)).toEqual([['released', 'status'], ['held', 'sold', 'checked_in']]);
    expect(describeActivity(s.activity[1]!)).toBe('Held, sold, check-in (3 seats)');
    expect(describeActivity(s.activity[0]!)).toBe('Released, event status changed');
    // One reason in `reasons` reads as that reason; a delta without `reasons` (an older server) as before.
    expect(describeActivity(run([snapshot(1), { ...(delta(2, 'sold', {}, ['A1']) as LiveDelta), reasons: ['sold'] }]).activity[0]!)).toBe('Sale: 1 seat');
    expect(run([snapshot(1), delta(2, 'mixed', {})]).activity[0]!.reasons).toEqual(['mixed']);
    // The money reloads when a window held a sale, not for holds and releases only.
    expect(affectsRevenue(mixed(2, ['held', 'sold']))).toBe(true);
    expect(affectsRevenue(mixed(2, ['held', 'released']))).toBe(false);
  });

  it('drops deltas that arrive before any snapshot', () => {
    const s = run([delta(3, 'sold', { sold: 1 })]);
    expect(s.counts).toBeNull();
  });

  it('a new snapshot (reconnect, status change) replaces the counts and the status', () => {
    const s = run([snapshot(5, { sold: 1 }), delta(6, 'sold', { sold: 2 }), snapshot(9, { sold: 4 }, 'sales_closed')]);
    expect(s).toMatchObject({ version: 9, status: 'sales_closed', counts: { sold: 4 } });
  });

  it('a snapshot after a resync is the truth at its version, even a lower one (the channel’s counter is its own)', () => {
    const s = run([snapshot(5), delta(8, 'sold', { sold: 2 }), snapshot(3, { sold: 4 }), delta(4, 'sold', { sold: 5 })]);
    expect(s).toMatchObject({ version: 4, counts: { sold: 5 } });
  });

  it('the REST seed shows until live data lands and never overwrites live data, whatever its version', () => {
    let s = liveReducer(initialLiveState, { type: 'seed', status: 'on_sale', counts: counts({ sold: 1 }), at: 1 });
    expect(s.counts?.sold).toBe(1);
    // The seed's counts are not the channel's: a delta before the socket's snapshot is not applied on top of them.
    expect(run([delta(1, 'sold', { sold: 9 })], s).counts?.sold).toBe(1);
    s = run([snapshot(0, { sold: 2 })], s);
    s = liveReducer(s, { type: 'seed', status: 'on_sale', counts: counts({ sold: 1 }), at: 2 });
    expect(s.counts?.sold).toBe(2);
  });

  it('takes the event status from a delta that carries one', () => {
    const s = run([snapshot(1), { ...delta(2, 'status', {}), status: 'sales_closed' } as LiveMessage]);
    expect(s.status).toBe('sales_closed');
  });

  it('pongs change nothing', () => {
    const s = run([snapshot(2, { sold: 1 })]);
    expect(liveReducer(s, { type: 'message', message: { type: 'pong' }, at: 5 })).toBe(s);
  });

  it('sales, cancellations and refunds reload the revenue; holds and scans do not', () => {
    expect(affectsRevenue(delta(2, 'sold', {}))).toBe(true);
    expect(affectsRevenue(delta(2, 'cancelled', {}))).toBe(true);
    expect(affectsRevenue(delta(2, 'held', {}))).toBe(false);
    expect(affectsRevenue(delta(2, 'checked_in', {}))).toBe(false);
    expect(affectsRevenue(snapshot(2))).toBe(false);
  });
});

describe('dashboard figures', () => {
  it('works out availability and percentages', () => {
    expect(figures(counts({ capacity: 200, sold: 50, held: 10, checkedIn: 20, inside: 15 }))).toEqual({
      capacity: 200,
      sold: 50,
      held: 10,
      available: 140,
      checkedIn: 20,
      inside: 15,
      soldPercent: 25,
      checkedInPercent: 40,
      insidePercent: 30,
    });
    expect(figures(counts({ capacity: 0 })).soldPercent).toBe(0);
  });

  it('names gates, lists idle gates with 0, busiest first, unknown and gate-less scans last', () => {
    const rows = gateRows({ gat_b: 5, unassigned: 1, gat_gone: 2 }, [
      { id: 'gat_a', name: 'Main gate' },
      { id: 'gat_b', name: 'North gate' },
    ]);
    expect(rows.map((r) => `${r.name} ${r.count}`)).toEqual(['North gate 5', 'Removed gate (gat_gone) 2', 'No gate 1', 'Main gate 0']);
  });

  it('shows ticket types in the event’s order with their capacity (seated: free + sold + held)', () => {
    const rows = ticketTypeRows(
      { t_seat: { capacity: null, held: 2, sold: 8, available: 90 }, t_ga: { capacity: 50, held: 0, sold: 5, available: 45 } },
      [
        { id: 't_ga', name: 'Lawn' },
        { id: 't_seat', name: 'Standard' },
      ],
    );
    expect(rows).toEqual([
      { id: 't_ga', name: 'Lawn', sold: 5, held: 0, capacity: 50, available: 45, soldPercent: 10 },
      { id: 't_seat', name: 'Standard', sold: 8, held: 2, capacity: 100, available: 90, soldPercent: 8 },
    ]);
  });
});
