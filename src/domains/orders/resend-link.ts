/**
 * "Send me my order link again": a buyer whose checkout answer was lost (the retry answers 409
 * `idempotency_secret_not_replayable`, because the answer carried the order link and links are never stored) asks
 * for the link by email. Proof of possession is the holds the checkout took (only the buyer's browser knows their
 * ids) and the email given at checkout; the answer is the same 202 whatever was found, so it reveals nothing. At most
 * one email per order per ten minutes (the outbox's dedupe key), and only while the order still waits for payment.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { holdClaims, orders } from '../../db/schema/orders';
import type { ServiceContext } from '../../platform/context';
import { publicEvent } from '../events/holds';
import { queueEmail } from '../notifications/port';
import { normalizedEmail } from '../shared-schemas';

/** One "finish paying" email per order per this window, however often it is asked for. */
export const RESEND_WINDOW_MS = 10 * 60_000;

export async function resendOrderLink({ ctx, eventId, input, now = Date.now() }: { ctx: ServiceContext; eventId: string; input: { holds: string[]; email: string }; now?: number }) {
  const event = await publicEvent(ctx.db, eventId);
  const claimed = await ctx.db
    .selectDistinct({ orderId: holdClaims.orderId })
    .from(holdClaims)
    .where(and(eq(holdClaims.organizationId, event.organizationId), eq(holdClaims.eventId, event.id), inArray(holdClaims.holdId, input.holds)));
  if (claimed.length !== 1) return { accepted: true as const };
  const [order] = await ctx.db
    .select({ id: orders.id, status: orders.status, buyerEmail: orders.buyerEmail, locale: orders.locale })
    .from(orders)
    .where(and(eq(orders.organizationId, event.organizationId), eq(orders.id, claimed[0]!.orderId)))
    .limit(1);
  if (!order || order.status !== 'pending' || order.buyerEmail.toLowerCase() !== normalizedEmail(input.email)) return { accepted: true as const };
  await writeBatch(ctx.db, [
    queueEmail(ctx, {
      organizationId: event.organizationId,
      to: order.buyerEmail,
      template: 'order_pending',
      locale: order.locale,
      payload: { orderId: order.id },
      dedupeKey: `order_pending:${order.id}:${Math.floor(now / RESEND_WINDOW_MS)}`,
    }),
  ]);
  return { accepted: true as const };
}
