/** Loads everything a quote needs (ticket types, rules, coupon, fee policy, VAT, seat categories) and prices it; the public quote and the checkout share it. */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { organizationSettings } from '../../db/schema/tenancy';
import type { Env } from '../../env';
import { ValidationError, type FieldError } from '../../platform/errors';
import type { EventRow } from '../events/events';
import { inventory, loadTicketTypes } from '../events/inventory-client';
import { findCoupon, type CouponRow } from './coupons';
import { effectiveFeePolicy } from './fees';
import { activeRulesQuery } from './pricing-rules';
import { priceOrder, type Quote, type QuoteItemInput } from './quote';
import type { QuoteRequest } from './schemas';

type TicketTypeRow = Awaited<ReturnType<typeof loadTicketTypes>>[number];

/**
 * A seat's category never changes once the event has snapshot its layout, so each isolate keeps the
 * seat → category map of an event for a minute instead of asking the inventory for the whole seat map
 * on every quote of a flash sale.
 */
const SEAT_CATEGORY_CACHE_MS = 60_000;
const seatCategoryCache = new Map<string, { categories: Map<string, string>; until: number }>();

async function seatCategories(env: Env, event: EventRow): Promise<Map<string, string>> {
  const key = `${event.id}:${event.layoutVersion ?? 0}`;
  const hit = seatCategoryCache.get(key);
  if (hit && hit.until > Date.now()) return hit.categories;
  const map = await inventory(env, event.organizationId, event.id).seatMap();
  const categories = new Map(map.seats.map((s) => [String(s[0]), String(s[3])]));
  if (seatCategoryCache.size > 200) seatCategoryCache.clear();
  seatCategoryCache.set(key, { categories, until: Date.now() + SEAT_CATEGORY_CACHE_MS });
  return categories;
}

/** Hidden ticket types can be bought only with a coupon that unlocks them. */
function purchasable(t: TicketTypeRow, coupon: CouponRow | null) {
  if (t.visibility === 'visible') return true;
  return !!coupon?.unlocksHidden && (coupon.ticketTypeIds.length === 0 || coupon.ticketTypeIds.includes(t.id));
}

function fail(errors: FieldError[]): never {
  throw new ValidationError(errors, errors[0]!.message.endsWith('.') ? errors[0]!.message : `${errors[0]!.message}.`);
}

/** One quote item per ticket, in the order asked; every problem with the request as a field error. */
async function ticketsOf(env: Env, event: EventRow, types: TicketTypeRow[], coupon: CouponRow | null, request: QuoteRequest['items']): Promise<QuoteItemInput[]> {
  const errors: FieldError[] = [];
  const items: QuoteItemInput[] = [];
  const count = new Map<string, { n: number; at: number }>();
  const seen = new Set<string>();
  const needsSeats = request.some((r) => r.seats);
  const categories = needsSeats ? await seatCategories(env, event) : new Map<string, string>();
  for (const [i, r] of request.entries()) {
    const at = `body.items.${i}`;
    const type = types.find((t) => t.id === r.ticketTypeId);
    const refusal: FieldError | null =
      !type || !purchasable(type, coupon)
        ? { path: `${at}.ticketTypeId`, message: 'No such ticket type for this event', code: 'unknown_ticket_type' }
        : type.kind === 'seated' && !r.seats
          ? { path: `${at}.seats`, message: `Choose seats for ${type.name}`, code: 'seats_required' }
          : type.kind === 'ga' && r.seats
            ? { path: `${at}.quantity`, message: `${type.name} is general admission: send a quantity, not seats`, code: 'quantity_required' }
            : null;
    if (!type || refusal) {
      if (refusal) errors.push(refusal);
      continue;
    }
    const base = { ticketTypeId: type.id, ticketTypeName: type.name, basePriceMinor: type.priceMinor };
    for (const seatId of r.seats ?? []) {
      const category = categories.get(seatId);
      if (category === undefined) errors.push({ path: `${at}.seats`, message: `${seatId}: no such seat`, code: 'seat_unknown' });
      else if (!type.categories.includes(category)) errors.push({ path: `${at}.seats`, message: `${seatId}: ${type.name} does not sell category '${category}'`, code: 'wrong_category' });
      else if (seen.has(seatId)) errors.push({ path: `${at}.seats`, message: `${seatId}: named twice`, code: 'duplicate_seats' });
      else items.push({ ...base, category, seatId });
      seen.add(seatId);
    }
    for (let k = 0; k < (r.quantity ?? 0); k++) items.push({ ...base, category: null, seatId: null });
    const c = count.get(type.id) ?? { n: 0, at: i };
    count.set(type.id, { n: c.n + (r.seats?.length ?? r.quantity ?? 0), at: c.at });
  }
  for (const [typeId, { n, at }] of count) {
    const type = types.find((t) => t.id === typeId)!;
    const field = `body.items.${at}.${type.kind === 'seated' ? 'seats' : 'quantity'}`;
    if (n < type.minPerOrder) errors.push({ path: field, message: `${type.name}: at least ${type.minPerOrder} per order`, code: 'quantity_out_of_range' });
    if (n > type.maxPerOrder) errors.push({ path: field, message: `${type.name}: at most ${type.maxPerOrder} per order`, code: 'quantity_out_of_range' });
  }
  if (errors.length) fail(errors);
  return items;
}

/**
 * The quote for `request` at `now`: the public quote endpoint shows it, and the checkout calls this
 * very function and locks the result into the order. No holds are needed; seats are priced, not held.
 */
export async function buildQuote(db: Database, env: Env, event: EventRow, request: QuoteRequest, now: number): Promise<Quote> {
  const org = event.organizationId;
  const [types, rules, [settings], coupon] = await Promise.all([
    loadTicketTypes(db, org, event.id),
    activeRulesQuery(db, org, event.id),
    db.select().from(organizationSettings).where(eq(organizationSettings.organizationId, org)).limit(1),
    request.couponCode ? findCoupon(db, org, event.id, request.couponCode, now) : Promise.resolve(null),
  ]);
  const currency = types[0]?.currency ?? settings!.currency;
  const items = await ticketsOf(env, event, types, coupon, request.items);
  if (coupon?.kind === 'fixed' && coupon.currency !== currency) {
    fail([{ path: 'body.couponCode', message: `The coupon '${coupon.code}' is in ${coupon.currency}; this event sells in ${currency}`, code: 'coupon_currency' }]);
  }
  if (coupon && coupon.ticketTypeIds.length > 0 && !items.some((item) => coupon.ticketTypeIds.includes(item.ticketTypeId))) {
    fail([{ path: 'body.couponCode', message: `The coupon '${coupon.code}' does not apply to these tickets`, code: 'coupon_not_applicable' }]);
  }
  const fee = await effectiveFeePolicy(db, org, currency);
  return priceOrder({
    currency,
    vat: { mode: settings!.vatMode, rateBps: settings!.vatRateBps },
    fee: { percentBps: fee.percentBps, fixedMinor: fee.fixedMinor, capMinor: fee.capMinor, payer: fee.payer },
    now,
    items,
    rules,
    coupon,
    donationMinor: request.donationMinor ?? 0,
  });
}
