import { describe, expect, it } from 'vitest';
import { applySeatMessage, countStatuses, seatStateFromMap } from '../../../web/src/admin/live/seats';

const counts = { capacity: 3, held: 0, sold: 0, checkedIn: 0, inside: 0, gates: {}, checkInsPerMinute: [], ticketTypes: {}, areas: {} };

describe('seat map live statuses', () => {
  const base = seatStateFromMap(4, [
    ['A1', 0, 0, 'a', 0, 'available'],
    ['A2', 1, 0, 'a', 0, 'sold'],
    ['A3', 2, 0, 'a', 0, 'available'],
  ]);

  it('applies the seats a delta changed and ignores older versions', () => {
    const s = applySeatMessage(base, { type: 'delta', version: 5, reason: 'held', seats: [{ id: 'A1', status: 'held' }], counts });
    expect(countStatuses(s)).toMatchObject({ available: 1, held: 1, sold: 1 });
    const stale = applySeatMessage(s, { type: 'delta', version: 3, reason: 'released', seats: [{ id: 'A1', status: 'available' }], counts });
    expect(stale.status.A1).toBe('held');
  });

  it('a snapshot resets every seat it does not list to available', () => {
    const s = applySeatMessage(base, { type: 'snapshot', eventId: 'e', version: 9, status: 'on_sale', seats: { held: [], sold: ['A3'], checked_in: ['A2'], blocked: [] }, counts });
    expect(s.status).toEqual({ A1: 'available', A2: 'checked_in', A3: 'sold' });
  });
});
