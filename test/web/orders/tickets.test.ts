import { describe, expect, it } from 'vitest';
import { ticketTypeRows } from '../../../web/src/admin/live/state';
import { ticketTypeLabel } from '../../../web/src/admin/names';
import { leftOutNote, refundChoice, transferredNote } from '../../../web/src/admin/screens/orders/tickets';

describe('ticket type names', () => {
  it('never shows an id: a placeholder while the names load, then the name, or that the type is gone', () => {
    expect(ticketTypeLabel(null, 'tty_01ABC')).toBe('…');
    const names = new Map([['tty_01ABC', 'Lawn']]);
    expect(ticketTypeLabel(names, 'tty_01ABC')).toBe('Lawn');
    expect(ticketTypeLabel(names, 'tty_01GONE')).toBe('A removed ticket type');
  });

  it('the availability and dashboard rows wait for the names too', () => {
    const counts = { tty_01ABC: { capacity: 50, held: 0, sold: 5, available: 45 } };
    expect(ticketTypeRows(counts, null).map((r) => r.name)).toEqual(['…']);
    expect(ticketTypeRows(counts, [{ id: 'tty_01ABC', name: 'Lawn' }]).map((r) => r.name)).toEqual(['Lawn']);
    expect(ticketTypeRows(counts, []).map((r) => r.name)).toEqual(['A removed ticket type']);
  });
});

describe('which tickets the refund form offers (the server’s rule: valid, and claimed by no refund)', () => {
  const t = (id: string, status: 'valid' | 'cancelled', transferredTo: { name: string; transferredAt: string } | null = null) => ({ id, status, transferredTo });
  const tickets = [t('tkt_a', 'valid'), t('tkt_b', 'cancelled'), t('tkt_c', 'valid'), t('tkt_d', 'valid', { name: 'Sipho', transferredAt: '2026-12-01T10:00:00Z' })];

  it('leaves out refunded tickets and those in a refund still under way, and counts them', () => {
    const choice = refundChoice(tickets, [
      { status: 'succeeded', ticketIds: ['tkt_b'] },
      { status: 'pending', ticketIds: ['tkt_c'] },
    ]);
    expect(choice.offered.map((x) => x.id)).toEqual(['tkt_a', 'tkt_d']);
    expect(choice.cancelled).toBe(1);
    expect(choice.inRefund).toBe(1);
    expect(leftOutNote(choice)).toBe(
      'Not listed: 1 ticket was already refunded or cancelled; 1 ticket is in a refund still under way at the payment provider (reload the order in a moment). They cannot be refunded again.',
    );
  });

  it('a failed refund lets its tickets go again; nothing left out says nothing', () => {
    const choice = refundChoice(tickets.filter((x) => x.status === 'valid'), [{ status: 'failed', ticketIds: ['tkt_c'] }]);
    expect(choice.offered.map((x) => x.id)).toEqual(['tkt_a', 'tkt_c', 'tkt_d']);
    expect(leftOutNote(choice)).toBeNull();
  });

  it('offers a transferred ticket (the server refunds it to the buyer) and says what that does to its holder', () => {
    const choice = refundChoice(tickets, []);
    expect(choice.transferred.map((x) => x.id)).toEqual(['tkt_d']);
    expect(transferredNote('Sipho')).toBe('transferred to Sipho: the money goes back to the buyer and Sipho’s ticket stops working');
    expect(leftOutNote({ cancelled: 2, inRefund: 0 })).toBe('Not listed: 2 tickets were already refunded or cancelled. They cannot be refunded again.');
  });
});
