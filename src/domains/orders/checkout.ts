/**
 * Start checkout: the buyer's holds become a pending order with the quote locked in, the coupon
 * reserved, and a payment session at the provider. Nothing is sold yet: the PSP's webhook completes it.
 */
import { writeBatch, type Write } from '../../db/client';
import { holdClaims, orderLines, orders, payments } from '../../db/schema/orders';
import { organizationSettings } from '../../db/schema/tenancy';
import { and, eq, inArray, lt, notExists } from 'drizzle-orm';
import { auditEntry } from '../../platform/audit';
import { channelChoiceWrites, checkChannelChoice } from '../notifications/channel-consent';
import type { ServiceContext } from '../../platform/context';
import { ConflictError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { log } from '../../platform/logger';
import { platformMessageOf, readAfterCommit } from '../../platform/transient-errors';
import { mintOrderLink } from './access-token';
import { publicEvent } from '../events/holds';
import { inventory, loadTicketTypes } from '../events/inventory-client';
import { paymentProvider, platformPaymentProvider } from '../payments/provider';
import { buildQuote } from '../pricing/build-quote';
import { couponRedemptionWrites } from '../pricing/coupons';
import type { StartCheckout } from './schemas';
import { completeOrder } from './complete';
import { orderView, type OrderRow } from './views';

/** An unpaid order waits this long past its holds' expiry for a slow payment before it lapses. */
export const PAYMENT_GRACE_MS = 10 * 60_000;

type HoldInfo = NonNullable<Awaited<ReturnType<ReturnType<typeof inventory>['getHold']>>>;

async function activeHolds(ctx: ServiceContext, stub: ReturnType<typeof inventory>, ids: string[], now: number): Promise<HoldInfo[]> {
  if (new Set(ids).size !== ids.length) throw new ValidationError([{ path: 'body.holds', message: 'The same hold is listed twice' }]);
  const holds = await Promise.all(ids.map((id) => stub.getHold(id)));
  const gone = ids.filter((id, i) => !holds[i] || holds[i]!.status !== 'active' || holds[i]!.expiresAt <= now);
  if (gone.length) throw new ConflictError(`These holds are no longer active: ${gone.join(', ')}. Pick your tickets again.`, 'hold_not_active');
  return holds as HoldInfo[];
}

/** One line per ticket, in hold order (seats as held, GA places by index), with attendee names where given. */
function ticketLines(holds: HoldInfo[], attendees: StartCheckout['attendees']) {
  const lines: { holdId: string; ticketTypeId: string; seatId: string | null; attendeeName: string | null }[] = [];
  for (const h of holds) {
    const named = (attendees ?? []).filter((a) => a.holdId === h.id);
    if (h.seats.length) {
      for (const seatId of h.seats) lines.push({ holdId: h.id, ticketTypeId: h.ticketTypeId, seatId, attendeeName: named.find((a) => a.seatId === seatId)?.name ?? null });
    } else {
      for (let i = 0; i < h.quantity; i++) lines.push({ holdId: h.id, ticketTypeId: h.ticketTypeId, seatId: null, attendeeName: named.find((a) => a.index === i)?.name ?? null });
    }
  }
  const unknown = (attendees ?? []).filter((a) => !holds.some((h) => h.id === a.holdId));
  if (unknown.length) throw new ValidationError([{ path: 'body.attendees', message: `Not one of this checkout's holds: ${unknown.map((a) => a.holdId).join(', ')}` }]);
  return lines;
}

export async function startCheckout({ ctx, eventId, input, visitorId = null }: { ctx: ServiceContext; eventId: string; input: StartCheckout; visitorId?: string | null }) {
  const now = Date.now();
  // A refused SMS/WhatsApp choice (bad number, channel off) is a 422 before any hold is touched.
  if (input.notify) checkChannelChoice(ctx.env, input.notify, 'body.notify');
  const event = await publicEvent(ctx.db, eventId);
  const stub = inventory(ctx.env, event.organizationId, event.id);
  const holds = await activeHolds(ctx, stub, input.holds, now);

  // Per-order limits apply to the whole order, across holds of the same type.
  const types = await loadTicketTypes(ctx.db, event.organizationId, event.id);
  const perType = new Map<string, number>();
  for (const h of holds) perType.set(h.ticketTypeId, (perType.get(h.ticketTypeId) ?? 0) + h.quantity);
  for (const [typeId, n] of perType) {
    const t = types.find((x) => x.id === typeId);
    if (t && (n < t.minPerOrder || n > t.maxPerOrder)) {
      throw new ValidationError([{ path: 'body.holds', message: `${t.name}: between ${t.minPerOrder} and ${t.maxPerOrder} per order (you have ${n})` }]);
    }
  }

  const lines = ticketLines(holds, input.attendees);
  const quote = await buildQuote(
    ctx.db,
    ctx.env,
    event,
    {
      items: holds.map((h) => (h.seats.length ? { ticketTypeId: h.ticketTypeId, seats: h.seats } : { ticketTypeId: h.ticketTypeId, quantity: h.quantity })),
      ...(input.couponCode ? { couponCode: input.couponCode } : {}),
      ...(input.donationMinor ? { donationMinor: input.donationMinor } : {}),
    },
    now,
  );
  if (quote.items.length !== lines.length) throw new Error('quote lines do not match the held tickets');

  // One hold, one checkout: bind the holds to this order before anything else happens (no payment session,
  // no extension), so a second checkout of the same hold is refused here and never charged.
  const orderId = newId(ID_PREFIXES.order);
  try {
    // Inside the try: a claim batch that landed with its answer lost (D1's connection dropped) is let go too.
    await claimHolds(ctx, { organizationId: event.organizationId, eventId: event.id, orderId, holdIds: holds.map((h) => h.id) });
    return await startClaimedCheckout(ctx, { event, stub, holds, lines, quote, orderId, input, now, visitorId });
  } catch (error) {
    // Nothing was sold: the holds may be checked out again (the order batch is all or nothing).
    await releaseHoldClaims(ctx, event.organizationId, orderId);
    throw error;
  }
}

/**
 * A claim whose order was never written and that is older than any checkout takes: left behind by a checkout that
 * failed and could not let it go either (D1 overloaded twice over). The next checkout of the hold takes it over.
 */
export const ABANDONED_CLAIM_MS = 2 * 60_000;

async function dropAbandonedClaims(ctx: ServiceContext, organizationId: string, holdIds: string[]): Promise<number> {
  const before = new Date(Date.now() - ABANDONED_CLAIM_MS);
  const dropped = await ctx.db
    .delete(holdClaims)
    .where(
      and(
        eq(holdClaims.organizationId, organizationId),
        inArray(holdClaims.holdId, holdIds),
        lt(holdClaims.createdAt, before),
        notExists(ctx.db.select({ id: orders.id }).from(orders).where(eq(orders.id, holdClaims.orderId))),
      ),
    )
    .returning({ holdId: holdClaims.holdId });
  return dropped.length;
}

async function claimHolds(ctx: ServiceContext, claim: { organizationId: string; eventId: string; orderId: string; holdIds: string[] }, again = true): Promise<void> {
  const createdAt = new Date();
  try {
    await writeBatch(
      ctx.db,
      claim.holdIds.map((holdId) => ctx.db.insert(holdClaims).values({ holdId, organizationId: claim.organizationId, eventId: claim.eventId, orderId: claim.orderId, createdAt })),
      { 'hold_claims.hold_id': () => new ConflictError('These tickets are already being checked out. Pick your tickets again.', 'hold_already_checked_out') },
    );
  } catch (error) {
    if (again && error instanceof ConflictError && (await dropAbandonedClaims(ctx, claim.organizationId, claim.holdIds)) > 0) return claimHolds(ctx, claim, false);
    throw error;
  }
}

/** Best effort, never hiding the checkout's own error: a claim left behind is dropped by the next checkout after ABANDONED_CLAIM_MS. */
async function releaseHoldClaims(ctx: ServiceContext, organizationId: string, orderId: string) {
  try {
    const [order] = await ctx.db.select({ id: orders.id }).from(orders).where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId))).limit(1);
    if (order) return; // The order was written: its holds stay bound to it.
    await ctx.db.delete(holdClaims).where(and(eq(holdClaims.organizationId, organizationId), eq(holdClaims.orderId, orderId)));
  } catch (error) {
    log('warn', 'letting a failed checkout’s hold claims go failed; the next checkout takes them over once abandoned', { orderId, error: platformMessageOf(error) });
  }
}

type ClaimedCheckout = {
  event: Awaited<ReturnType<typeof publicEvent>>;
  stub: ReturnType<typeof inventory>;
  holds: HoldInfo[];
  lines: ReturnType<typeof ticketLines>;
  quote: Awaited<ReturnType<typeof buildQuote>>;
  orderId: string;
  input: StartCheckout;
  now: number;
  visitorId: string | null;
};

async function startClaimedCheckout(ctx: ServiceContext, { event, stub, holds, lines, quote, orderId, input, now, visitorId }: ClaimedCheckout) {
  // Give the buyer the rest of a hold period to pay: each hold may be extended once.
  const extended = await Promise.all(holds.map((h) => stub.extendHold(h.id)));
  const holdsExpire = Math.max(...extended.map((r, i) => (r.ok ? r.value.expiresAt : holds[i]!.expiresAt)));

  const [settings] = await ctx.db.select().from(organizationSettings).where(eq(organizationSettings.organizationId, event.organizationId)).limit(1);
  const link = await mintOrderLink(ctx.env, orderId);
  const accessToken = link.token;
  const createdAt = new Date(now);
  const t = quote.totals;
  const order: OrderRow = {
    id: orderId,
    organizationId: event.organizationId,
    eventId: event.id,
    status: 'pending',
    accessTokenHash: link.hash,
    accessTokenSealed: link.sealed,
    buyerName: input.buyer.name,
    buyerEmail: input.buyer.email,
    locale: input.locale ?? settings?.locale ?? 'en',
    currency: t.currency,
    subtotalMinor: t.subtotalMinor,
    discountMinor: t.discountMinor,
    buyerFeeMinor: t.buyerFeeMinor,
    organizerFeeMinor: t.organizerFeeMinor,
    vatMinor: t.vatMinor,
    donationMinor: t.donationMinor,
    totalMinor: t.totalMinor,
    refundedMinor: 0,
    refundReservedMinor: 0,
    couponId: quote.coupon?.id ?? null,
    quote: { ...quote, vatMode: settings?.vatMode ?? 'inclusive' } as unknown as Record<string, unknown>,
    holdIds: holds.map((h) => h.id),
    paymentProvider: platformPaymentProvider(ctx.env),
    expiresAt: new Date(holdsExpire + PAYMENT_GRACE_MS),
    paidAt: null,
    cancelledAt: null,
    journeyVisitorId: visitorId,
    createdAt,
    updatedAt: createdAt,
  };
  const lineRows = lines.map((l, i) => {
    const q = quote.items[i]!;
    return {
      id: newId(ID_PREFIXES.orderLine),
      organizationId: order.organizationId,
      orderId: order.id,
      ticketTypeId: l.ticketTypeId,
      holdId: l.holdId,
      seatId: l.seatId,
      attendeeName: l.attendeeName,
      unitPriceMinor: q.unitPriceMinor,
      discountMinor: q.discountMinor,
      buyerFeeMinor: q.buyerFeeMinor,
      organizerFeeMinor: q.organizerFeeMinor,
      vatMinor: q.vatMinor,
      totalMinor: q.totalMinor,
    };
  });

  const orderUrl = `${ctx.env.APP_URL}/orders/${accessToken}`;
  let payment: typeof payments.$inferInsert | null = null;
  if (order.totalMinor > 0) {
    const provider = paymentProvider(ctx.env, order.paymentProvider);
    const paymentId = newId(ID_PREFIXES.payment);
    const session = await provider.createSession({
      paymentId,
      orderId: order.id,
      organizationId: order.organizationId,
      amountMinor: order.totalMinor,
      currency: order.currency,
      description: `${event.name}: ${lines.length} ticket${lines.length === 1 ? '' : 's'}`,
      buyerEmail: order.buyerEmail,
      // The provider sees these: they name the order, never its link (the buyer's browser kept the link: web/src/store/order-return.ts).
      successUrl: `${ctx.env.APP_URL}/orders/return/${order.id}?paid=1`,
      cancelUrl: `${ctx.env.APP_URL}/orders/return/${order.id}?cancelled=1`,
    });
    payment = {
      id: paymentId,
      organizationId: order.organizationId,
      orderId: order.id,
      provider: provider.name,
      providerSessionId: session.sessionId,
      providerPaymentId: null,
      amountMinor: order.totalMinor,
      currency: order.currency,
      status: 'pending',
      redirectUrl: session.redirectUrl,
      createdAt,
      updatedAt: createdAt,
    };
  }

  const coupon = quote.coupon ? couponRedemptionWrites(ctx, { coupon: { id: quote.coupon.id, organizationId: order.organizationId }, orderId: order.id, buyerEmail: order.buyerEmail }) : null;
  const writes: Write[] = [
    ctx.db.insert(orders).values(order),
    ...lineRows.map((l) => ctx.db.insert(orderLines).values(l)),
    ...(coupon?.writes ?? []),
    ...(payment ? [ctx.db.insert(payments).values(payment)] : []),
    ...(input.notify ? channelChoiceWrites(ctx, order, input.notify, checkChannelChoice(ctx.env, input.notify, 'body.notify'), 'checkout', createdAt) : []),
    auditEntry(ctx, {
      organizationId: order.organizationId,
      actor: { type: 'anonymous', id: null },
      action: 'order.created',
      resourceType: 'order',
      resourceId: order.id,
      changes: { eventId: event.id, totalMinor: order.totalMinor, currency: order.currency, tickets: lines.length, holds: order.holdIds, couponId: order.couponId },
    }),
  ];
  await writeBatch(ctx.db, writes, coupon?.guards ?? {});

  // Nothing to pay (free tickets, or a 100 % coupon): the order completes now.
  const finalOrder = payment ? order : (await completeOrder(ctx, order, null)).order;
  return {
    // Committed: a busy D1 now must not answer 503 for an order the retry would then refuse as checked out.
    order: await readAfterCommit(() => orderView(ctx.db, finalOrder)),
    accessToken,
    orderUrl,
    payment: payment ? { provider: payment.provider, redirectUrl: payment.redirectUrl } : null,
  };
}
