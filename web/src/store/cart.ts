/**
 * What the buyer is about to buy, as plain data: picked seats (each with the ticket type it sells as), GA
 * quantities, the hold requests they turn into (one hold per ticket type, docs/orders.md), the per-order limits,
 * and what the checkout needs from the holds (quote items, one attendee slot per ticket).
 */
import type { Schemas } from '../api/client';

export type TicketType = Schemas['PublicEvent']['ticketTypes'][number];
export type Hold = Schemas['Hold'];
export type CreateHold = Schemas['CreateHold'];
export type QuoteItem = Schemas['QuoteRequest']['items'][number];

export type SeatPick = { seatId: string; category: string; ticketTypeId: string };
export type GaQuantities = Record<string, number>;

/** The seated ticket types that sell seats of this category (the first is the default). */
export function seatedTypesFor(types: readonly TicketType[], category: string): TicketType[] {
  return types.filter((t) => t.kind === 'seated' && t.categories.includes(category));
}

/** Per category key: can any visible ticket type sell it? Seats of other categories are shown as unavailable. */
export function sellableCategories(categoryKeys: readonly string[], types: readonly TicketType[]): boolean[] {
  return categoryKeys.map((k) => seatedTypesFor(types, k).length > 0);
}

/** The cheapest price for a category, for the legend and the tooltip ("from R 350"). */
export function priceForCategory(types: readonly TicketType[], category: string): { minor: number; currency: string; several: boolean } | null {
  const ts = seatedTypesFor(types, category);
  if (!ts.length) return null;
  const cheapest = ts.reduce((a, b) => (b.priceMinor < a.priceMinor ? b : a));
  return { minor: cheapest.priceMinor, currency: cheapest.currency, several: new Set(ts.map((t) => t.priceMinor)).size > 1 };
}

/** How many of a GA type one order may take now: the per-order maximum, or fewer when fewer are left. */
export function gaLimit(t: TicketType): number {
  return Math.max(0, Math.min(t.maxPerOrder, t.available ?? t.maxPerOrder));
}

export function clampQuantity(n: number, t: TicketType): number {
  if (!Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(gaLimit(t), Math.floor(n)));
}

/** The next quantity after pressing + or −: the first + jumps to the per-order minimum, − below it goes to 0. */
export function stepQuantity(current: number, dir: 1 | -1, t: TicketType): number {
  const min = Math.max(1, t.minPerOrder);
  if (dir === 1) return clampQuantity(current < min ? min : current + 1, t);
  return current - 1 < min ? 0 : current - 1;
}

/** Toggles a seat in the picks; answers the new list (the default ticket type is the first that sells the seat). */
export function toggleSeat(picks: readonly SeatPick[], seatId: string, category: string, types: readonly TicketType[]): SeatPick[] {
  if (picks.some((p) => p.seatId === seatId)) return picks.filter((p) => p.seatId !== seatId);
  const type = seatedTypesFor(types, category)[0];
  if (!type) return [...picks];
  return [...picks, { seatId, category, ticketTypeId: type.id }];
}

/** One hold per seated ticket type (its seats, in the order picked) and one per GA type with a quantity. */
export function holdRequests(picks: readonly SeatPick[], ga: GaQuantities): CreateHold[] {
  const bySeatType = new Map<string, string[]>();
  for (const p of picks) {
    const list = bySeatType.get(p.ticketTypeId);
    if (list) list.push(p.seatId);
    else bySeatType.set(p.ticketTypeId, [p.seatId]);
  }
  const out: CreateHold[] = [...bySeatType].map(([ticketTypeId, seats]) => ({ ticketTypeId, seats }));
  for (const [ticketTypeId, quantity] of Object.entries(ga)) if (quantity > 0) out.push({ ticketTypeId, quantity });
  return out;
}

export type LimitIssue = { ticketTypeId: string; name: string; min: number; max: number; count: number };

/** Ticket types whose count in this selection is outside their per-order limits (the API would refuse the hold). */
export function limitIssues(picks: readonly SeatPick[], ga: GaQuantities, types: readonly TicketType[]): LimitIssue[] {
  const counts = new Map<string, number>();
  for (const p of picks) counts.set(p.ticketTypeId, (counts.get(p.ticketTypeId) ?? 0) + 1);
  for (const [id, q] of Object.entries(ga)) if (q > 0) counts.set(id, (counts.get(id) ?? 0) + q);
  const issues: LimitIssue[] = [];
  for (const [id, count] of counts) {
    const t = types.find((x) => x.id === id);
    if (t && (count < t.minPerOrder || count > t.maxPerOrder)) issues.push({ ticketTypeId: id, name: t.name, min: t.minPerOrder, max: t.maxPerOrder, count });
  }
  return issues;
}

/** The face value of the selection (before pricing rules, fees and coupons, which the quote adds). */
export function selectionTotal(picks: readonly SeatPick[], ga: GaQuantities, types: readonly TicketType[]): { minor: number; currency: string | null; count: number } {
  let minor = 0;
  let count = 0;
  let currency: string | null = null;
  const add = (id: string, n: number) => {
    const t = types.find((x) => x.id === id);
    if (!t || n <= 0) return;
    minor += t.priceMinor * n;
    count += n;
    currency ??= t.currency;
  };
  for (const p of picks) add(p.ticketTypeId, 1);
  for (const [id, q] of Object.entries(ga)) add(id, q);
  return { minor, currency, count };
}

/** The quote's items for these holds: seats for seated holds, a quantity for GA ones. */
export function quoteItems(holds: readonly Hold[]): QuoteItem[] {
  return holds.map((h) => (h.seats.length ? { ticketTypeId: h.ticketTypeId, seats: [...h.seats] } : { ticketTypeId: h.ticketTypeId, quantity: h.quantity }));
}

export type TicketSlot = { key: string; holdId: string; ticketTypeId: string; seatId?: string; index?: number };

/** One slot per ticket the holds become, in the order the checkout makes its lines (seats as held, GA by index). */
export function ticketSlots(holds: readonly Hold[]): TicketSlot[] {
  const out: TicketSlot[] = [];
  for (const h of holds) {
    if (h.seats.length) for (const seatId of h.seats) out.push({ key: `${h.id}/${seatId}`, holdId: h.id, ticketTypeId: h.ticketTypeId, seatId });
    else for (let index = 0; index < h.quantity; index++) out.push({ key: `${h.id}/${index}`, holdId: h.id, ticketTypeId: h.ticketTypeId, index });
  }
  return out;
}

/** The soonest expiry among active holds (epoch ms), or null when none is active. */
export function earliestExpiry(holds: readonly Hold[]): number | null {
  let min: number | null = null;
  for (const h of holds) {
    if (h.status !== 'active') continue;
    const t = Date.parse(h.expiresAt);
    if (Number.isFinite(t) && (min === null || t < min)) min = t;
  }
  return min;
}

/** The requested seats a 409 names (its field errors read "<seatId> is not available"). */
export function seatsNamedIn(errors: readonly { message: string }[] | undefined, requested: readonly string[]): string[] {
  if (!errors?.length) return [];
  return requested.filter((id) => errors.some((e) => e.message === id || e.message.startsWith(`${id} `) || e.message.startsWith(`${id}:`)));
}
