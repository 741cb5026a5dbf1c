/**
 * "Email me my orders": a buyer who lost their confirmation email (or the order link in it) asks, from an event's
 * page, for the links to their orders with that event's organization. The answer is the same 202 whatever was found,
 * so it reveals nothing about who bought what. When the organization has orders for that address (buyer-orders.ts:
 * paid, partially refunded, still-payable pending; all of its events), ONE email goes to that address listing each
 * order with its link, and the organization's audit log records which orders' links went out. At most one such email
 * per organization and address per ten minutes (the outbox's dedupe key, which carries a hash of the address, never
 * the address). Nothing is written when nothing is found. Only the address's own inbox ever sees a link.
 */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { notificationOutbox } from '../../db/schema/notifications';
import type { Locale } from '../../db/schema/tenancy';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { sha256Hex } from '../../platform/crypto';
import { publicEvent } from '../events/holds';
import { queueEmail } from '../notifications/port';
import { normalizedEmail } from '../shared-schemas';
import { buyerOrders } from './buyer-orders';

/** One "your order links" email per organization and address per this window, however often it is asked for. */
export const ORDER_LINKS_WINDOW_MS = 10 * 60_000;
export const ORDER_LINKS_TEMPLATE = 'buyer_order_links' as const;

const ANON = { type: 'anonymous' as const, id: null };

/** The outbox dedupe key: organization, a SHA-256 of (organization, address) and the ten-minute window. */
export async function orderLinksDedupeKey(organizationId: string, email: string, now: number): Promise<string> {
  const who = await sha256Hex(`order-links\u0000${organizationId}\u0000${normalizedEmail(email)}`);
  return `${ORDER_LINKS_TEMPLATE}:${organizationId}:${who}:${Math.floor(now / ORDER_LINKS_WINDOW_MS)}`;
}

export async function emailOrderLinks({ ctx, eventId, input, now = Date.now() }: { ctx: ServiceContext; eventId: string; input: { email: string; locale?: Locale }; now?: number }) {
  const accepted = { accepted: true as const };
  const event = await publicEvent(ctx.db, eventId);
  const organizationId = event.organizationId;
  const found = await buyerOrders(ctx.db, { organizationId, email: input.email, now: new Date(now) });
  if (!found.length) return accepted;
  const dedupeKey = await orderLinksDedupeKey(organizationId, input.email, now);
  // Asked again within the window: the email already queued is the answer (and the audit log has its entry).
  const [already] = await ctx.db.select({ id: notificationOutbox.id }).from(notificationOutbox).where(and(eq(notificationOutbox.organizationId, organizationId), eq(notificationOutbox.dedupeKey, dedupeKey))).limit(1);
  if (already) return accepted;
  const orderIds = found.map((o) => o.id);
  await writeBatch(ctx.db, [
    queueEmail(ctx, {
      organizationId,
      to: normalizedEmail(input.email),
      template: ORDER_LINKS_TEMPLATE,
      // The language the storefront was in, else the one of the buyer's newest order.
      locale: input.locale ?? [...found].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!.locale,
      payload: { orderIds },
      dedupeKey,
    }),
    auditEntry(ctx, { organizationId, actor: ANON, action: 'order.links_emailed', resourceType: 'organization', resourceId: organizationId, changes: { eventId: event.id, orderIds } }),
  ]);
  return accepted;
}
