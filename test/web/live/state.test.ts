import { describe, expect, it } from 'vitest';
import {
  affectsRevenue,
  figures,
  gateRows,
  initialLiveState,
  liveReducer,
  ticketTypeRows,
  type LiveCounts,
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

  it('applies sibling deltas of one broadcast (same version, other reason) once each', () => {
    const s = run([snapshot(1), delta(3, 'released', { sold: 1 }), delta(3, 'sold', { sold: 1 }), delta(3, 'sold', { sold: 1 })]);
    expect(s.activity.map((a) => a.reason)).toEqual(['sold', 'released']);
  });

  it('drops deltas that arrive before any snapshot', () => {
    const s = run([delta(3, 'sold', { sold: 1 })]);
    expect(s.counts).toBeNull();
  });

  it('a new snapshot (reconnect, status change) replaces the counts and the status', () => {
    const s = run([snapshot(5, { sold: 1 }), delta(6, 'sold', { sold: 2 }), snapshot(9, { sold: 4 }, 'sales_closed')]);
    expect(s).toMatchObject({ version: 9, status: 'sales_closed', counts: { sold: 4 } });
  });

  it('a snapshot older than the newest delta does not roll the numbers back', () => {
    const s = run([snapshot(5), delta(8, 'sold', { sold: 2 }), snapshot(7, { sold: 1 })]);
    expect(s.counts?.sold).toBe(2);
  });

  it('the REST seed shows until live data lands and never overwrites newer live data', () => {
    let s = liveReducer(initialLiveState, { type: 'seed', version: 4, status: 'on_sale', counts: counts({ sold: 1 }), at: 1 });
    expect(s.counts?.sold).toBe(1);
    s = run([snapshot(6, { sold: 2 })], s);
    s = liveReducer(s, { type: 'seed', version: 5, status: 'on_sale', counts: counts({ sold: 1 }), at: 2 });
    expect(s.counts?.sold).toBe(2);
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
