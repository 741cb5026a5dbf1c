/**
 * Turns an outbox row into the email to send: the organization's wording (or the default) in the
 * message's locale, filled from current data (read by id, tenant-scoped), with attachments — the
 * order confirmation carries the tickets as a PDF (one page per ticket) and an .ics calendar file.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import { notificationTemplates } from '../../db/schema/messaging';
import type { notificationOutbox } from '../../db/schema/notifications';
import { orders, tickets } from '../../db/schema/orders';
import { LOCALES, organizations, type Locale } from '../../db/schema/tenancy';
import { venues } from '../../db/schema/venues';
import { formatMoney } from '../../platform/money';
import { orderUrl } from '../orders/access-token';
import { eventIcs } from './ics';
import { DEFAULT_TEMPLATES, EMAIL_TEMPLATES, renderEmail, UNBRANDED_TEMPLATES, type EmailBranding, type EmailTemplate, type RenderedEmail } from './templates';
import { contactLine, documentBranding, type DocumentBranding } from '../organizations/branding';
import { renderTicketsPdf } from './ticket-pdf';
import { composeScheduledReport } from '../report-schedules/compose-scheduled-report';
import { waitlistEmailVars } from '../waitlist/email-vars';
import { ticketUrl, type TransferRow } from '../tickets/ticket-link';
import { heldTicket, orderTransfers } from '../tickets/held-ticket';
import { ticketTransfers } from '../../db/schema/transfers';
import { orderLinksEmailVars } from '../orders/order-links-email-vars';

type OutboxRow = typeof notificationOutbox.$inferSelect;
export type Attachment = { filename: string; contentType: string; content: Uint8Array };
export type ComposedEmail = RenderedEmail & { to: string; attachments: Attachment[] };

const encoder = new TextEncoder();

const localeOf = (l: string): Locale => ((LOCALES as readonly string[]).includes(l) ? (l as Locale) : 'en');

/** "2027-03-14 19:30" style, in the venue's timezone, in the reader's language. */
export function formatWhen(at: Date, timezone: string, locale: Locale, part: 'datetime' | 'time' = 'datetime'): string {
  const tag = locale === 'af' ? 'af-ZA' : 'en-ZA';
  const opts: Intl.DateTimeFormatOptions =
    part === 'time' ? { timeZone: timezone, hour: '2-digit', minute: '2-digit' } : { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(tag, opts).format(at);
}

/** A seat id `A:12:7` as people read it. */
export function seatLabel(seatId: string | null, locale: Locale): string | null {
  if (!seatId) return null;
  const [section, row, seat] = seatId.split(':');
  return locale === 'af' ? `Seksie ${section} · Ry ${row} · Sitplek ${seat}` : `Section ${section} · Row ${row} · Seat ${seat}`;
}

async function sourceFor(db: Database, organizationId: string | null, template: EmailTemplate, locale: Locale) {
  if (organizationId) {
    const [own] = await db
      .select({ subject: notificationTemplates.subject, body: notificationTemplates.body })
      .from(notificationTemplates)
      .where(and(eq(notificationTemplates.organizationId, organizationId), eq(notificationTemplates.template, template), eq(notificationTemplates.locale, locale)))
      .limit(1);
    if (own) return own;
  }
  return DEFAULT_TEMPLATES[template][locale];
}

async function orderContext(db: Database, env: Cloudflare.Env, organizationId: string, orderId: string, locale: Locale) {
  const [row] = await db
    .select({ order: orders, event: events, venue: venues, orgName: organizations.name })
    .from(orders)
    .innerJoin(events, eq(events.id, orders.eventId))
    .innerJoin(venues, eq(venues.id, events.venueId))
    .innerJoin(organizations, eq(organizations.id, orders.organizationId))
    .where(and(eq(orders.organizationId, organizationId), eq(orders.id, orderId)))
    .limit(1);
  if (!row) throw new Error(`Order ${orderId} not found for ${organizationId}`);
  const { order, event, venue } = row;
  const ticketRows = await db
    .select({ ticket: tickets, typeName: ticketTypes.name })
    .from(tickets)
    .leftJoin(ticketTypes, eq(ticketTypes.id, tickets.ticketTypeId))
    .where(and(eq(tickets.organizationId, organizationId), eq(tickets.orderId, orderId)))
    .orderBy(asc(tickets.id));
  // A ticket the buyer transferred is the recipient's now: its QR goes only to them (composeTransferred).
  const transferred = await orderTransfers(db, organizationId, orderId);
  const valid = ticketRows.filter((t) => t.ticket.status === 'valid' && !transferred.has(t.ticket.id));
  const address = [venue.addressLine1, venue.addressLine2, venue.city, venue.postalCode, venue.country].filter(Boolean).join(', ');
  const vars = {
    buyerName: order.buyerName,
    eventName: event.name,
    eventDate: formatWhen(event.startsAt, event.timezone, locale),
    doorsTime: formatWhen(event.doorsAt ?? event.startsAt, event.timezone, locale, 'time'),
    venueName: venue.name,
    venueAddress: address,
    ticketCount: String(valid.length),
    total: formatMoney(order.totalMinor, order.currency, locale),
    orderId: order.id,
    orderUrl: await orderUrl(env, order),
    organizationName: row.orgName,
  };
  return { order, event, venue, address, orgName: row.orgName, tickets: valid, vars };
}

type OrderContext = Awaited<ReturnType<typeof orderContext>>;

function ticketsPdfOf(ctx: OrderContext, locale: Locale, brand: DocumentBranding): Promise<Uint8Array> {
  return renderTicketsPdf({
    branding: { logo: brand.logo, primaryColor: brand.branding.primaryColor, contactLine: contactLine(brand.branding) },
    locale,
    event: { name: ctx.event.name, venueName: ctx.venue.name, venueAddress: ctx.address, startsAt: ctx.event.startsAt, endsAt: ctx.event.endsAt, doorsAt: ctx.event.doorsAt, timezone: ctx.event.timezone },
    order: { id: ctx.order.id, buyerName: ctx.order.buyerName },
    organizationName: ctx.orgName,
    tickets: ctx.tickets.map((t) => ({ id: t.ticket.id, ticketTypeName: t.typeName ?? '', seatLabel: seatLabel(t.ticket.seatId, locale), attendeeName: t.ticket.attendeeName, qrToken: t.ticket.qrToken })),
  });
}

/** The order's valid tickets as one PDF (the confirmation email's attachment; the order page's download), or null when it has none. */
export async function orderTicketsPdf(db: Database, env: Cloudflare.Env, organizationId: string, orderId: string, locale: string): Promise<Uint8Array | null> {
  const ctx = await orderContext(db, env, organizationId, orderId, localeOf(locale));
  return ctx.tickets.length ? ticketsPdfOf(ctx, localeOf(locale), await documentBranding(db, env, organizationId)) : null;
}

export async function composeEmail(db: Database, env: Cloudflare.Env, row: OutboxRow): Promise<ComposedEmail> {
  if (!(EMAIL_TEMPLATES as readonly string[]).includes(row.template)) throw new Error(`Unknown email template ${row.template}`);
  const template = row.template as EmailTemplate;
  const locale = localeOf(row.locale);
  const p = row.payload as Record<string, unknown>;
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  let vars: Record<string, string> = {};
  const attachments: Attachment[] = [];
  // Buyer emails wear the organization's branding; the logo's bytes are read only for the PDF tickets.
  const brand = row.organizationId && !UNBRANDED_TEMPLATES.has(template) ? await documentBranding(db, env, row.organizationId, template === 'order_confirmation') : null;

  if (template.startsWith('order_') || template === 'event_cancelled' || template === 'event_reminder') {
    const ctx = await orderContext(db, env, row.organizationId!, str(p.orderId), locale);
    vars = { ...ctx.vars };
    if (template === 'order_refunded' || template === 'order_auto_refunded') {
      vars.amount = formatMoney(Number(p.amountMinor ?? 0), str(p.currency) || ctx.order.currency, locale);
      vars.ticketCount = str(p.tickets ?? ctx.tickets.length);
      vars.reason = str(p.reason);
    }
    if (template === 'order_refund_requested' || template === 'order_refund_declined') {
      const currency = str(p.currency) || ctx.order.currency;
      vars.amount = formatMoney(Number(p.amountMinor ?? 0), currency, locale);
      vars.fee = formatMoney(Number(p.feeMinor ?? 0), currency, locale);
      vars.ticketCount = str(p.tickets);
      vars.reason = str(p.reason);
    }
    if (template === 'order_confirmation' && ctx.tickets.length) {
      const pdf = await ticketsPdfOf(ctx, locale, brand ?? (await documentBranding(db, env, row.organizationId!)));
      attachments.push({ filename: `tickets-${ctx.order.id}.pdf`, contentType: 'application/pdf', content: pdf });
      const ics = eventIcs({
        uid: `${ctx.order.id}@voelgoed.events`,
        name: ctx.event.name,
        description: `${ticketWords(ctx.tickets.length, 'en')}, order ${ctx.order.id}: ${vars.orderUrl}`,
        location: `${ctx.venue.name}, ${ctx.address}`,
        startsAt: ctx.event.startsAt,
        endsAt: ctx.event.endsAt,
        url: vars.orderUrl!,
        organizerName: ctx.orgName,
      });
      attachments.push({ filename: 'event.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: encoder.encode(ics) });
    }
  } else if (template === 'waitlist_joined' || template === 'waitlist_offer') {
    vars = await waitlistEmailVars(db, env, row.organizationId!, p, locale, formatWhen);
  } else if (template === 'ticket_transferred' || template === 'ticket_reissued') {
    // Both go to a ticket's current holder by its newest transfer: its link and, while they hold it, its PDF.
    const composed = await composeTransferred(db, env, row.organizationId!, str(p.transferId), locale);
    vars = composed.vars;
    attachments.push(...composed.attachments);
  } else if (template === 'buyer_order_links') {
    vars = { ...(await orderLinksEmailVars(db, env, { organizationId: row.organizationId!, recipient: row.recipient, payload: p }, locale, { formatWhen, ticketWords })), organizationName: brand?.organizationName ?? '' };
  } else if (template === 'scheduled_report') {
    const report = await composeScheduledReport(db, env, row.organizationId!, p, locale);
    vars = report.vars;
    attachments.push(...report.attachments);
  } else if (template === 'invitation') {
    vars = { organizationName: str(p.organizationName), role: str(p.role), acceptUrl: str(p.acceptUrl) };
  } else if (template === 'password_reset') {
    vars = { name: str(p.name), resetUrl: str(p.resetUrl) };
  } else if (template === 'email_verification') {
    vars = { name: str(p.name), verifyUrl: str(p.verifyUrl) };
  } else {
    const [org] = row.organizationId ? await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, row.organizationId)).limit(1) : [];
    vars = { organizationName: org?.name ?? '', reportDate: str(p.reportDate), report: str(p.report), endpointUrl: str(p.url ?? p.endpointUrl), reason: str(p.reason) };
  }
  const emailBrand: EmailBranding | undefined = brand
    ? {
        name: brand.branding.legalName ?? brand.organizationName,
        logoUrl: brand.branding.logo?.url ?? null,
        primaryColor: brand.branding.primaryColor,
        primaryTextColor: brand.branding.primaryTextColor,
        accentColor: brand.branding.accentColor,
        contactLine: contactLine(brand.branding),
      }
    : undefined;
  // "2 tickets" / "1 kaartjie": the count with its noun in the right number (templates may still use the bare {{ticketCount}}).
  if (vars.ticketCount !== undefined) vars.tickets = ticketWords(Number(vars.ticketCount), locale);
  const rendered = renderEmail(await sourceFor(db, row.organizationId, template, locale), vars, locale, emailBrand);
  return { ...rendered, to: row.recipient, attachments };
}

async function transferContext(db: Database, env: Cloudflare.Env, transfer: TransferRow, locale: Locale) {
  const held = await heldTicket(db, transfer);
  const [row] = await db
    .select({ event: events, venue: venues, orgName: organizations.name, buyerName: orders.buyerName })
    .from(events)
    .innerJoin(venues, eq(venues.id, events.venueId))
    .innerJoin(organizations, eq(organizations.id, events.organizationId))
    .innerJoin(orders, and(eq(orders.organizationId, events.organizationId), eq(orders.id, transfer.orderId)))
    .where(and(eq(events.organizationId, transfer.organizationId), eq(events.id, transfer.eventId)))
    .limit(1);
  if (!row) throw new Error(`Transfer ${transfer.id} has no event`);
  const address = [row.venue.addressLine1, row.venue.addressLine2, row.venue.city, row.venue.postalCode, row.venue.country].filter(Boolean).join(', ');
  const pdf = () =>
    renderTicketsPdf({
      locale,
      event: { name: row.event.name, venueName: row.venue.name, venueAddress: address, startsAt: row.event.startsAt, endsAt: row.event.endsAt, doorsAt: row.event.doorsAt, timezone: row.event.timezone },
      order: { id: transfer.orderId, buyerName: transfer.recipientName },
      organizationName: row.orgName,
      tickets: [{ id: held.ticket.id, ticketTypeName: held.typeName ?? '', seatLabel: seatLabel(held.ticket.seatId, locale), attendeeName: held.ticket.attendeeName, qrToken: held.ticket.qrToken }],
    });
  return { ...row, held, pdf };
}

async function transferById(db: Database, organizationId: string, transferId: string): Promise<TransferRow> {
  const [transfer] = await db
    .select()
    .from(ticketTransfers)
    .where(and(eq(ticketTransfers.organizationId, organizationId), eq(ticketTransfers.id, transferId)))
    .limit(1);
  if (!transfer) throw new Error(`Transfer ${transferId} not found for ${organizationId}`);
  return transfer;
}

/** The recipient's email: who sent the ticket, their own link, and the ticket as a PDF (while they still hold it). */
async function composeTransferred(db: Database, env: Cloudflare.Env, organizationId: string, transferId: string, locale: Locale) {
  const transfer = await transferById(db, organizationId, transferId);
  const ctx = await transferContext(db, env, transfer, locale);
  const sender = transfer.seq === 1 ? ctx.buyerName : (await db.select({ name: ticketTransfers.recipientName }).from(ticketTransfers).where(and(eq(ticketTransfers.organizationId, organizationId), eq(ticketTransfers.ticketId, transfer.ticketId), eq(ticketTransfers.seq, transfer.seq - 1))).limit(1))[0]?.name;
  const vars = {
    recipientName: transfer.recipientName,
    senderName: sender ?? ctx.buyerName,
    eventName: ctx.event.name,
    eventDate: formatWhen(ctx.event.startsAt, ctx.event.timezone, locale),
    venueName: ctx.venue.name,
    ticketUrl: await ticketUrl(env, transfer),
    organizationName: ctx.orgName,
  };
  const attachments: Attachment[] = ctx.held.current ? [{ filename: `ticket-${transfer.ticketId}.pdf`, contentType: 'application/pdf', content: await ctx.pdf() }] : [];
  return { vars, attachments };
}

/** The ticket behind a recipient's link as a PDF, or null once they passed it on or it was cancelled. */
export async function transferredTicketPdf(db: Database, env: Cloudflare.Env, transfer: TransferRow, locale: string): Promise<Uint8Array | null> {
  const ctx = await transferContext(db, env, transfer, localeOf(locale));
  return ctx.held.current ? ctx.pdf() : null;
}

/** A ticket count in words: "1 ticket", "3 tickets"; in Afrikaans "1 kaartjie", "3 kaartjies". */
export function ticketWords(count: number, locale: Locale): string {
  const one = count === 1;
  return locale === 'af' ? `${count} ${one ? 'kaartjie' : 'kaartjies'}` : `${count} ${one ? 'ticket' : 'tickets'}`;
}
