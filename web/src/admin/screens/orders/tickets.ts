/**
 * An order's tickets as the console names and refunds them (pure; test/web/orders/tickets.test.ts).
 *
 * Which tickets a refund can take is the server's rule (src/domains/orders/refund-claim.ts): a ticket that is still
 * valid and that no refund has claimed. A cancelled ticket (refunded, or its order cancelled) is gone; a ticket in
 * a refund still under way (pending at the payment provider) is claimed until that refund settles or fails. A
 * ticket the buyer transferred to someone else is still the order's and can be refunded: the money goes back to
 * the buyer, who paid, and the new holder's ticket stops working.
 */
import type { Schemas } from '../../../api/client';
import { plural } from '../../../ui/plural';

type Ticket = Pick<Schemas['Ticket'], 'id' | 'status' | 'transferredTo'>;
type Refund = Pick<Schemas['Refund'], 'status' | 'ticketIds'>;

export type RefundChoice<T extends Ticket> = {
  /** The tickets the form offers. */
  offered: T[];
  /** Of those, the ones the buyer passed on to someone else. */
  transferred: T[];
  /** Left out: cancelled (refunded or cancelled with the order). */
  cancelled: number;
  /** Left out: claimed by a refund still under way. */
  inRefund: number;
};

/** Which of an order's tickets a refund can take, and how many it cannot and why. */
export function refundChoice<T extends Ticket>(tickets: readonly T[], refunds: readonly Refund[]): RefundChoice<T> {
  const claimed = new Set(refunds.filter((r) => r.status === 'pending').flatMap((r) => r.ticketIds));
  const offered = tickets.filter((t) => t.status === 'valid' && !claimed.has(t.id));
  return {
    offered,
    transferred: offered.filter((t) => t.transferredTo),
    cancelled: tickets.filter((t) => t.status !== 'valid').length,
    inRefund: tickets.filter((t) => t.status === 'valid' && claimed.has(t.id)).length,
  };
}

/** Why tickets of the order are not in the list, or null when every ticket is. */
export function leftOutNote(choice: Pick<RefundChoice<Ticket>, 'cancelled' | 'inRefund'>): string | null {
  const { cancelled, inRefund } = choice;
  if (cancelled + inRefund === 0) return null;
  const reasons = [
    cancelled ? `${plural(cancelled, 'ticket was', 'tickets were')} already refunded or cancelled` : null,
    inRefund ? `${plural(inRefund, 'ticket is', 'tickets are')} in a refund still under way at the payment provider (reload the order in a moment)` : null,
  ].filter(Boolean);
  return `Not listed: ${reasons.join('; ')}. ${cancelled + inRefund === 1 ? 'It' : 'They'} cannot be refunded again.`;
}

/** What refunding a transferred ticket does, said where it is picked. */
export function transferredNote(holder: string): string {
  return `transferred to ${holder}: the money goes back to the buyer and ${holder}’s ticket stops working`;
}
