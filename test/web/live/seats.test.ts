import { describe, expect, it } from 'vitest';
import { applySeatMessage, countStatuses, seatStateFromMap, seedSeatState } from '../../../web/src/admin/live/seats';

const counts = { capacity: 3, held: 0, sold: 0, checkedIn: 0, inside: 0, gates: {}, checkInsPerMinute: [], ticketTypes: {}, areas: {} };
const rows = [
  ['A1', 0, 0, 'a', 0, 'available'],
  ['A2', 1, 0, 'a', 0, 'sold'],
  ['A3', 2, 0, 'a', 0, 'available'],
] as const;
const snapshot = (version: number, sold: string[] = ['A2']) => ({ type: 'snapshot' as const, eventId: 'e', version, status: 'on_sale', seats: { held: [], sold, checked_in: [], blocked: [] }, counts });
const held = (version: number, id: string) => ({ type: 'delta' as const, version, reason: 'held', seats: [{ id, status: 'held' as const }], counts });

describe('seat map live statuses', () => {
  const base = seatStateFromMap(rows);

  it('shows the REST map, then follows the channel from its snapshot, whatever the REST map’s own version', () => {
    // A delta before the socket's snapshot has nothing to be ordered against.
    expect(applySeatMessage(base, held(1, 'A1')).status.A1).toBe('available');
    let s = applySeatMessage(base, snapshot(1));
    s = applySeatMessage(s, held(2, 'A1'));
    expect(countStatuses(s)).toMatchObject({ available: 1, held: 1, sold: 1 });
    const stale = applySeatMessage(s, { ...held(2, 'A3'), reason: 'released' });
    expect(stale.status.A3).toBe('available');
  });

  it('a snapshot resets every seat it does not list to available', () => {
    const s = applySeatMessage(base, { ...snapshot(9, ['A3']), seats: { held: [], sold: ['A3'], checked_in: ['A2'], blocked: [] } });
    expect(s.status).toEqual({ A1: 'available', A2: 'checked_in', A3: 'sold' });
  });

  it('a REST reload never replaces live statuses', () => {
    const live = applySeatMessage(applySeatMessage(base, snapshot(3)), held(4, 'A1'));
    expect(seedSeatState(live, rows)).toBe(live);
    expect(seedSeatState(null, rows).status.A1).toBe('available');
  });
});
