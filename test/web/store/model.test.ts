import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  applySnapshot,
  buildSeatModel,
  LiveSeatSync,
  parseSeatId,
  snapshotFromSeatMap,
  statusOf,
} from '../../../web/src/store/seatmap/model';
import { smallTheatre } from './fixtures';

describe('seat model', () => {
  it('reads seat ids as section:row:seat', () => {
    expect(parseSeatId('Stalls:AA:12')).toEqual({ section: 'Stalls', row: 'AA', seat: '12' });
    expect(parseSeatId('odd')).toEqual({ section: '', row: '', seat: 'odd' });
  });

  it('builds sections, rows, bounds and the seat spacing from the compact list', () => {
    const m = buildSeatModel(smallTheatre());
    expect(m.count).toBe(30);
    expect(m.sections.map((s) => s.key)).toEqual(['L', 'R']);
    expect(m.sections[0]!.rows.map((r) => r.label)).toEqual(['A', 'B', 'C']);
    expect(m.sections[1]!.rows[2]!.seats.map((i) => m.label[i])).toEqual(['1', '2', '3', '4', '5']);
    expect(m.bounds).toEqual({ minX: 10, minY: 100, maxX: 150, maxY: 124 });
    expect(m.spacing).toBe(10);
    expect(m.available).toBe(30);
    const i = m.index.get('R:B:3')!;
    expect([m.x[i], m.y[i], m.categories[m.category[i]!]!.key, m.row[i], m.label[i]]).toEqual([130, 112, 'b', 'B', '3']);
    expect(m.flags[m.index.get('L:A:1')!]).toBe(1);
  });

  it('names sections from the seat map, and by key where the map has no name for one', () => {
    const input = { ...smallTheatre(), sections: [{ key: 'L', name: 'Left Stalls' }] };
    const m = buildSeatModel(input);
    expect(m.sections.map((s) => s.name)).toEqual(['Left Stalls', 'R']);
    expect(m.sectionNames.get('L')).toBe('Left Stalls');
    expect(buildSeatModel(smallTheatre()).sections.map((s) => s.name)).toEqual(['L', 'R']);
  });

  it('gives an unknown category its own grey entry instead of failing', () => {
    const input = smallTheatre();
    input.seats[0]![3] = 'zz';
    const m = buildSeatModel(input);
    expect(m.categories.at(-1)).toEqual({ key: 'zz', name: 'zz', color: '#9ca3af' });
  });

  it('applies a snapshot: listed seats take their status, every other seat becomes available', () => {
    const input = smallTheatre();
    input.seats[0]![5] = 'sold';
    const m = buildSeatModel(input);
    expect(m.available).toBe(29);
    const changed = applySnapshot(m, { version: 9, seats: { held: ['L:A:2'], sold: ['R:C:5'], checked_in: [], blocked: ['nope:x:1'] } });
    expect(changed.map((i) => m.ids[i]).sort()).toEqual(['L:A:1', 'L:A:2', 'R:C:5']);
    expect(statusOf(m, m.index.get('L:A:1')!)).toBe('available');
    expect(statusOf(m, m.index.get('L:A:2')!)).toBe('held');
    expect(statusOf(m, m.index.get('R:C:5')!)).toBe('sold');
    expect(m.available).toBe(28);
    expect(m.version).toBe(9);
  });

  it('applies deltas (absolute statuses: applying twice changes nothing more)', () => {
    const m = buildSeatModel(smallTheatre());
    const delta = { version: 4, seats: [{ id: 'L:B:1', status: 'held' as const }, { id: 'gone', status: 'sold' as const }] };
    expect(applyDelta(m, delta).map((i) => m.ids[i])).toEqual(['L:B:1']);
    expect(applyDelta(m, delta)).toEqual([]);
    expect(m.available).toBe(29);
    applyDelta(m, { version: 5, seats: [{ id: 'L:B:1', status: 'available' }] });
    expect(m.available).toBe(30);
  });

  it('reads a fresh seat map as a snapshot', () => {
    const input = smallTheatre();
    input.seats[3]![5] = 'held';
    input.seats[4]![5] = 'checked_in';
    expect(snapshotFromSeatMap(input)).toEqual({ version: 3, seats: { held: ['L:A:4'], sold: [], checked_in: ['L:A:5'], blocked: [], unavailable: [] } });
  });

  it('follows the public projection: unavailable seats from the map, a snapshot and deltas', () => {
    const input = smallTheatre();
    input.seats[3]![5] = 'unavailable';
    const m = buildSeatModel(input);
    const all = m.count;
    expect(m.available).toBe(all - 1);
    expect(statusOf(m, 3)).toBe('unavailable');
    applySnapshot(m, { version: 1, seats: { unavailable: ['L:A:1', 'L:A:2'] } });
    expect(m.available).toBe(all - 2);
    expect(statusOf(m, 3)).toBe('available');
    applyDelta(m, { version: 2, seats: [{ id: 'L:A:1', status: 'available' }, { id: 'L:B:1', status: 'unavailable' }] });
    expect(statusOf(m, 0)).toBe('available');
    expect(statusOf(m, 5)).toBe('unavailable');
    expect(m.available).toBe(all - 2);
  });
});

describe('LiveSeatSync', () => {
  it('replays the snapshot and later deltas that arrived before the geometry', () => {
    const seen: number[][] = [];
    const sync = new LiveSeatSync((c) => seen.push(c));
    sync.snapshotReceived({ version: 10, seats: { held: ['L:A:1'], sold: [], checked_in: [], blocked: [] } });
    sync.deltaReceived({ version: 11, seats: [{ id: 'L:A:2', status: 'sold' }] });
    const m = buildSeatModel(smallTheatre());
    sync.setModel(m);
    expect(statusOf(m, m.index.get('L:A:1')!)).toBe('held');
    expect(statusOf(m, m.index.get('L:A:2')!)).toBe('sold');
    expect(seen.at(-1)!.length).toBe(2);
    sync.deltaReceived({ version: 12, seats: [{ id: 'L:A:1', status: 'available' }] });
    expect(statusOf(m, m.index.get('L:A:1')!)).toBe('available');
  });

  it('a new snapshot (after a reconnect) drops deltas buffered before it', () => {
    const sync = new LiveSeatSync(() => {});
    sync.deltaReceived({ version: 2, seats: [{ id: 'L:A:3', status: 'sold' }] });
    sync.snapshotReceived({ version: 5, seats: { held: [], sold: [], checked_in: [], blocked: [] } });
    const m = buildSeatModel(smallTheatre());
    sync.setModel(m);
    expect(statusOf(m, m.index.get('L:A:3')!)).toBe('available');
  });
});
