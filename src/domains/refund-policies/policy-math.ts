/** The refund policy's arithmetic, pure: when automatic refunds end, and what each ticket gives back after the fee. */
import { zonedParts } from '../../platform/time';

export type PolicyTerms = {
  mode: 'none' | 'until_days_before';
  daysBefore: number;
  feeBasisPoints: number;
  feeFixedMinor: number;
  refundBookingFee: boolean;
};

export const NO_REFUNDS: PolicyTerms = { mode: 'none', daysBefore: 0, feeBasisPoints: 0, feeFixedMinor: 0, refundBookingFee: false };

/** The UTC instant whose wall clock in `timeZone` reads `y-m-d h:mi:s` (the earlier one in a DST overlap). */
function instantOfWallClock(y: number, m: number, d: number, h: number, mi: number, s: number, timeZone: string): Date {
  const wall = Date.UTC(y, m - 1, d, h, mi, s);
  let guess = wall;
  // Two rounds settle the zone's offset at the guess (a DST change between the first guess and the answer).
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(guess), timeZone);
    const read = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    guess += wall - read;
  }
  return new Date(guess);
}

/**
 * When automatic refunds end: the event's start, N calendar days earlier on the wall clock of the event's time zone
 * (a start at 20:00 on 14 March with N = 7 ends them at 20:00 on 7 March local time, across a DST change too).
 * Null when the policy gives no automatic refunds.
 */
export function refundDeadline(terms: PolicyTerms, event: { startsAt: Date; timezone: string }): Date | null {
  if (terms.mode !== 'until_days_before') return null;
  const p = zonedParts(event.startsAt, event.timezone);
  const ms = event.startsAt.getTime() % 1000;
  const local = instantOfWallClock(Number(p.year), Number(p.month), Number(p.day) - terms.daysBefore, Number(p.hour), Number(p.minute), Number(p.second), event.timezone);
  return new Date(local.getTime() + ms);
}

/** Inside the policy strictly before the deadline; at the deadline itself the request goes to the organizer. */
export function withinPolicy(terms: PolicyTerms, event: { startsAt: Date; timezone: string }, now: Date): boolean {
  const deadline = refundDeadline(terms, event);
  return deadline !== null && now.getTime() < deadline.getTime();
}

export type TicketQuote = { ticketId: string; baseMinor: number; feeMinor: number; refundMinor: number };

/**
 * What one ticket gives back: its line total (less the booking fee unless the policy returns it), less the fee —
 * the percentage rounded half up to the cent, plus the fixed part — and the fee never more than that amount.
 */
export function quoteTicket(terms: PolicyTerms, line: { ticketId: string; totalMinor: number; buyerFeeMinor: number }): TicketQuote {
  const baseMinor = Math.max(0, line.totalMinor - (terms.refundBookingFee ? 0 : line.buyerFeeMinor));
  const percent = Math.floor((baseMinor * terms.feeBasisPoints + 5_000) / 10_000);
  const feeMinor = Math.min(baseMinor, percent + terms.feeFixedMinor);
  return { ticketId: line.ticketId, baseMinor, feeMinor, refundMinor: baseMinor - feeMinor };
}

export function sumQuotes(quotes: TicketQuote[]) {
  return quotes.reduce((s, q) => ({ baseMinor: s.baseMinor + q.baseMinor, feeMinor: s.feeMinor + q.feeMinor, refundMinor: s.refundMinor + q.refundMinor }), { baseMinor: 0, feeMinor: 0, refundMinor: 0 });
}
