/**
 * Issuing tickets: one ticket per order line, each with a signed QR token, as statements for the
 * caller's batch. The unique index on tickets.order_line_id plus ON CONFLICT DO NOTHING makes a
 * repeated completion a no-op, so a payment can never issue a second ticket for one line.
 */
import { and, eq } from 'drizzle-orm';
import type { Write } from '../../db/client';
import { tickets } from '../../db/schema/orders';
import { ConflictError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { ensureEventKey, type TicketKeyContext } from './keys';
import { readTicketTokenUnverified, signTicketToken } from './token';

export type TicketRow = typeof tickets.$inferSelect;

export type TicketLine = { orderLineId: string; ticketTypeId: string; seatId: string | null; attendeeName: string | null };
/** When a ticket scans, in epoch seconds, both ends inclusive. */
export type TicketValidity = { notBefore: number; notAfter: number };

/** How far before doors (or the start, without doors) and after the end a ticket scans. */
export const VALIDITY_MARGIN_SECONDS = 6 * 3600;

/** The usual window: doors (or start) − 6 h … end + 6 h. */
export function ticketValidity(event: { doorsAt?: Date | null; startsAt: Date; endsAt: Date }): TicketValidity {
  const opens = (event.doorsAt ?? event.startsAt).getTime();
  return {
    notBefore: Math.max(0, Math.floor(opens / 1000) - VALIDITY_MARGIN_SECONDS),
    notAfter: Math.ceil(event.endsAt.getTime() / 1000) + VALIDITY_MARGIN_SECONDS,
  };
}

/**
 * The tickets for an order's lines (secret version 1, token signed with the event's current key)
 * and their INSERT … ON CONFLICT (order_line_id) DO NOTHING statements. The returned rows are what
 * WOULD be inserted: after the batch, read the order's tickets back, because on a retry the rows
 * already there (with their own ids and tokens) are the real ones.
 */
export async function buildTicketRows(
  ctx: TicketKeyContext,
  input: { organizationId: string; eventId: string; orderId: string; lines: readonly TicketLine[]; validity: TicketValidity; now?: Date },
): Promise<{ tickets: TicketRow[]; writes: Write[] }> {
  if (input.lines.length === 0) return { tickets: [], writes: [] };
  const key = await ensureEventKey(ctx, input.organizationId, input.eventId);
  const issuedAt = input.now ?? new Date();
  const rows = await Promise.all(
    input.lines.map(async (line): Promise<TicketRow> => {
      const id = newId(ID_PREFIXES.ticket, issuedAt.getTime());
      const qrToken = await signTicketToken(key, {
        ticketId: id,
        eventId: input.eventId,
        ticketTypeId: line.ticketTypeId,
        seatId: line.seatId,
        secretVersion: 1,
        ...input.validity,
      });
      return {
        id,
        organizationId: input.organizationId,
        eventId: input.eventId,
        orderId: input.orderId,
        orderLineId: line.orderLineId,
        ticketTypeId: line.ticketTypeId,
        seatId: line.seatId,
        attendeeName: line.attendeeName,
        status: 'valid',
        qrToken,
        secretVersion: 1,
        issuedAt,
        cancelledAt: null,
        changeSeq: 0, // the insert trigger gives it the event's next change number
      };
    }),
  );
  const writes: Write[] = rows.map((row) => ctx.db.insert(tickets).values(row).onConflictDoNothing({ target: tickets.orderLineId }));
  return { tickets: rows, writes };
}

/**
 * A new token for a ticket (secret version + 1, signed with the event's current key, same window
 * unless one is given), revoking the old one once scanners learn the new version from the manifest.
 * The UPDATE only applies while the ticket is still valid and at the version read, so two racing
 * re-issues can't both win; the caller reads the ticket back (or checks the batch's changes).
 * `attendeeName` names a new holder in the same UPDATE (a transfer).
 */
export async function reissueTicketWrites(
  ctx: TicketKeyContext,
  ticket: TicketRow,
  opts: { validity?: TicketValidity; attendeeName?: string } = {},
): Promise<{ ticket: TicketRow; writes: Write[] }> {
  if (ticket.status !== 'valid') throw new ConflictError('A cancelled ticket cannot be re-issued.', 'ticket_cancelled');
  const old = readTicketTokenUnverified(ticket.qrToken);
  const validity = opts.validity ?? (old ? { notBefore: old.notBefore, notAfter: old.notAfter } : undefined);
  if (!validity) throw new Error(`Ticket ${ticket.id} has an unreadable token; pass the validity window to re-issue it`);
  const key = await ensureEventKey(ctx, ticket.organizationId, ticket.eventId);
  const secretVersion = ticket.secretVersion + 1;
  const qrToken = await signTicketToken(key, {
    ticketId: ticket.id,
    eventId: ticket.eventId,
    ticketTypeId: ticket.ticketTypeId,
    seatId: ticket.seatId,
    secretVersion,
    ...validity,
  });
  const write = ctx.db
    .update(tickets)
    .set({ qrToken, secretVersion, ...(opts.attendeeName !== undefined ? { attendeeName: opts.attendeeName } : {}) })
    .where(
      and(
        eq(tickets.organizationId, ticket.organizationId),
        eq(tickets.id, ticket.id),
        eq(tickets.secretVersion, ticket.secretVersion),
        eq(tickets.status, 'valid'),
      ),
    );
  const attendeeName = opts.attendeeName !== undefined ? opts.attendeeName : ticket.attendeeName;
  return { ticket: { ...ticket, qrToken, secretVersion, attendeeName }, writes: [write] };
}
