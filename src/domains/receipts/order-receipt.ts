/**
 * An order's receipt, from current data read within its organization: the paid order's lines (price, discount, fee
 * and VAT as locked at checkout; docs/pricing.md), its succeeded refunds, and the organization's branding. With a VAT
 * number the receipt is a tax invoice and the order takes its sequential invoice number on first issue.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import { orderLines, orders, refunds } from '../../db/schema/orders';
import { organizationSettings, type Locale } from '../../db/schema/tenancy';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { formatMoney } from '../../platform/money';
import { seatLabel } from '../notifications/compose';
import { documentBranding } from '../organizations/branding';
import { formatInvoiceNumber, issueInvoiceNumber } from './issue-invoice-number';
import { renderReceiptPdf, type ReceiptInput } from './receipt-pdf';

const RECEIPTED = new Set(['paid', 'partially_refunded', 'refunded']);

export async function receiptInput(db: Database, env: Cloudflare.Env, organizationId: string, orderId: string, locale: Locale): Promise<ReceiptInput> {
  const [row] = await db
    .select({ order: orders, event: events, vatRateBps: organizationSettings.vatRateBps })
    .from(orders)
    .innerJoin(events, and(eq(events.id, orders.eventId), eq(events.organizationId, orders.organizationId)))
    .leftJoin(organizationSettings, eq(organizationSettings.organizationId, orders.organizationId))
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId)))
    .limit(1);
  if (!row) throw new NotFoundError('Order');
  const { order, event } = row;
  if (!RECEIPTED.has(order.status) || !order.paidAt) throw new ConflictError('A receipt is issued once the order is paid.', 'order_not_paid');
  const [lines, refundRows, brand] = await Promise.all([
    db
      .select({ line: orderLines, typeName: ticketTypes.name })
      .from(orderLines)
      .leftJoin(ticketTypes, and(eq(ticketTypes.id, orderLines.ticketTypeId), eq(ticketTypes.organizationId, orderLines.organizationId)))
      .where(and(eq(orderLines.organizationId, organizationId), eq(orderLines.orderId, orderId)))
      .orderBy(asc(orderLines.id)),
    db
      .select()
      .from(refunds)
      .where(and(eq(refunds.organizationId, organizationId), eq(refunds.orderId, orderId), eq(refunds.status, 'succeeded')))
      .orderBy(asc(refunds.createdAt)),
    documentBranding(db, env, organizationId),
  ]);
  const b = brand.branding;
  const taxInvoice = Boolean(b.vatNumber);
  const invoice = taxInvoice ? await issueInvoiceNumber(db, organizationId, orderId) : null;
  const quoteVat = (order.quote as { vat?: { rateBps?: number } }).vat?.rateBps;
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  return {
    locale,
    taxInvoice,
    number: invoice ? formatInvoiceNumber(invoice.number) : order.id,
    issuedAt: invoice?.issuedAt ?? order.paidAt,
    timezone: event.timezone,
    currency: order.currency,
    vatRateBps: typeof quoteVat === 'number' ? quoteVat : (row.vatRateBps ?? 0),
    supplier: {
      name: b.legalName ?? brand.organizationName,
      tradingName: b.legalName && b.legalName !== brand.organizationName ? brand.organizationName : null,
      address: b.address,
      vatNumber: b.vatNumber,
      contactLine: [b.contactEmail, b.contactPhone, b.website].filter(Boolean).join(' · '),
    },
    buyer: { name: order.buyerName, email: order.buyerEmail },
    orderId: order.id,
    eventLine: `${event.name} — ${new Intl.DateTimeFormat(locale === 'af' ? 'af-ZA' : 'en-ZA', { timeZone: event.timezone, day: 'numeric', month: 'long', year: 'numeric' }).format(event.startsAt)}`,
    lines: lines.map(({ line, typeName }) => {
      const seat = seatLabel(line.seatId, locale);
      const discount = line.discountMinor ? `${locale === 'af' ? 'Afslag' : 'Discount'} ${money(line.discountMinor)}` : null;
      return {
        description: [typeName ?? line.ticketTypeId, seat].filter(Boolean).join(' — '),
        detail: discount,
        // Whatever the VAT mode, a line's total is the ticket's price with VAT plus the (VAT-free) booking fee.
        exclVatMinor: line.totalMinor - line.buyerFeeMinor - line.vatMinor,
        vatMinor: line.vatMinor,
        feeMinor: line.buyerFeeMinor,
        totalMinor: line.totalMinor,
      };
    }),
    donationMinor: order.donationMinor,
    totalMinor: order.totalMinor,
    refunds: refundRows.map((r) => ({ at: r.updatedAt, amountMinor: r.amountMinor })),
    logo: brand.logo,
    primaryColor: b.primaryColor,
  };
}

export async function orderReceiptPdf(db: Database, env: Cloudflare.Env, organizationId: string, orderId: string, locale: Locale): Promise<{ pdf: Uint8Array; number: string }> {
  const input = await receiptInput(db, env, organizationId, orderId, locale);
  return { pdf: await renderReceiptPdf(input), number: input.number };
}

