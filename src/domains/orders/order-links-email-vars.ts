/**
 * The placeholders of the "your order links" email (template buyer_order_links, email-order-links.ts): the orders the
 * request found, re-read as the email is written (tenant-scoped, still for this address, still in a listed status),
 * one block per order with its event, date, order number, ticket count, status and link ({{organizationName}} comes
 * with the email's branding, compose.ts). The list's only links are
 * the order links the platform makes (orderUrl); the event names in it are defused like any organization text, so
 * the list can be left linkable as a whole (templates.ts PLATFORM_LINKS). Nothing left to list: the email is
 * suppressed instead of sent empty.
 */
import { and, count, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { orderLines, tickets } from '../../db/schema/orders';
import type { Locale } from '../../db/schema/tenancy';
import { SuppressEmail } from '../notifications/suppress';
import { defuseLinks } from '../notifications/templates';
import { orderUrl } from './access-token';
import { buyerOrders, type BuyerOrder } from './buyer-orders';

type Env = { TICKET_KEY_SECRET: string; JWT_SECRET: string; APP_URL: string };
type Formatters = { formatWhen: (at: Date, timezone: string, locale: Locale) => string; ticketWords: (count: number, locale: Locale) => string };

const STATUS_WORDS: Record<Locale, Record<BuyerOrder['status'], string>> = {
  en: { paid: 'Paid', partially_refunded: 'Partly refunded', pending: 'Waiting for payment' },
  af: { paid: 'Betaal', partially_refunded: 'Gedeeltelik terugbetaal', pending: 'Wag op betaling' },
};
const ORDER_WORD: Record<Locale, string> = { en: 'Order', af: 'Bestelling' };

export async function orderLinksEmailVars(db: Database, env: Env, row: { organizationId: string; recipient: string; payload: Record<string, unknown> }, locale: Locale, f: Formatters): Promise<Record<string, string>> {
  const ids = Array.isArray(row.payload.orderIds) ? row.payload.orderIds.filter((x): x is string => typeof x === 'string') : [];
  // The list as it stands now: an order cancelled or refunded since the request is left out.
  const list = await buyerOrders(db, { organizationId: row.organizationId, email: row.recipient, now: new Date(), orderIds: ids });
  if (!list.length) throw new SuppressEmail('none of the orders asked for is still open to its buyer');
  const listed = list.map((o) => o.id);
  // Paid orders count their valid tickets; a pending one has none yet, so its lines (one per ticket to be issued).
  const [valid, lines] = await Promise.all([
    db.select({ orderId: tickets.orderId, n: count() }).from(tickets).where(and(eq(tickets.organizationId, row.organizationId), inArray(tickets.orderId, listed), eq(tickets.status, 'valid'))).groupBy(tickets.orderId),
    db.select({ orderId: orderLines.orderId, n: count() }).from(orderLines).where(and(eq(orderLines.organizationId, row.organizationId), inArray(orderLines.orderId, listed))).groupBy(orderLines.orderId),
  ]);
  const countOf = (rows: { orderId: string; n: number }[], id: string) => rows.find((r) => r.orderId === id)?.n ?? 0;
  const blocks = await Promise.all(
    list.map(async (o) => {
      const n = o.status === 'pending' ? countOf(lines, o.id) : countOf(valid, o.id);
      return [
        `${defuseLinks(o.eventName)}, ${f.formatWhen(o.startsAt, o.timezone, locale)}`,
        `${ORDER_WORD[locale]} ${o.id} · ${f.ticketWords(n, locale)} · ${STATUS_WORDS[locale][o.status]}`,
        await orderUrl(env, o),
      ].join('\n');
    }),
  );
  return {
    buyerName: list[0]!.buyerName,
    orderCount: String(list.length),
    orderLinks: blocks.join('\n\n'),
  };
}
