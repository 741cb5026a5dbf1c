/**
 * A transfer recipient's own link: `APP_URL/tickets/{token}`, 256 random bits (base64url), stored as its SHA-256
 * (`ticket_transfers.link_hash`) and sealed under TICKET_KEY_SECRET bound to the transfer id, opened only to write the
 * recipient's email. It opens that one ticket, never the order it was bought in.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { ticketTransfers } from '../../db/schema/transfers';
import { sha256Hex } from '../../platform/crypto';
import { NotFoundError } from '../../platform/errors';
import { randomToken } from '../../platform/ids';
import { sealer } from '../../platform/sealed';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const sealed = sealer('voelgoed-events/ticket-link/v1');

export type TransferRow = typeof ticketTransfers.$inferSelect;

export async function mintTicketLink(env: { TICKET_KEY_SECRET: string }, transferId: string) {
  const token = randomToken(32);
  return { token, hash: await sha256Hex(token), sealed: await sealed.seal(env.TICKET_KEY_SECRET, transferId, `ticket-link:${transferId}`, encoder.encode(token)) };
}

export async function ticketUrl(env: { TICKET_KEY_SECRET: string; APP_URL: string }, transfer: Pick<TransferRow, 'id' | 'linkSealed'>): Promise<string> {
  const token = decoder.decode(await sealed.open(env.TICKET_KEY_SECRET, transfer.id, `ticket-link:${transfer.id}`, transfer.linkSealed));
  return `${env.APP_URL}/tickets/${token}`;
}

/** The transfer behind a recipient's link; 404 for anything else. */
export async function transferByLinkToken(db: Database, token: string): Promise<TransferRow> {
  const [row] = await db
    .select()
    .from(ticketTransfers)
    .where(eq(ticketTransfers.linkHash, await sha256Hex(token)))
    .limit(1);
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/** A ticket's newest transfer (its current holder), or null while it is still with the order's buyer. */
export async function latestTransfer(db: Database, organizationId: string, ticketId: string): Promise<TransferRow | null> {
  const [row] = await db
    .select()
    .from(ticketTransfers)
    .where(and(eq(ticketTransfers.organizationId, organizationId), eq(ticketTransfers.ticketId, ticketId)))
    .orderBy(desc(ticketTransfers.seq))
    .limit(1);
  return row ?? null;
}
