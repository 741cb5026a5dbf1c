/**
 * An online scan: the token's signature is checked against the event's public keys, the ticket's
 * current state (cancelled, re-issued) read from D1, then the event's inventory DO decides valid /
 * duplicate / wrong gate in one step; every scan is recorded.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { scans, type ScanResult } from '../../db/schema/scanning';
import { tickets } from '../../db/schema/orders';
import { ticketTypes } from '../../db/schema/events';
import type { Env } from '../../env';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { inventory } from '../events/inventory-client';
import { eventPublicKeys } from '../tickets/keys';
import { readTicketTokenUnverified, verifyTicketToken, type TicketVerifyKey } from '../tickets/token';

/** Public keys change only on rotation: each isolate keeps an event's keys for a minute. */
const KEY_CACHE_MS = 60_000;
const keyCache = new Map<string, { keys: TicketVerifyKey[]; until: number }>();

async function keysOf(db: Database, organizationId: string, eventId: string): Promise<TicketVerifyKey[]> {
  const hit = keyCache.get(eventId);
  if (hit && hit.until > Date.now()) return hit.keys;
  const keys = (await eventPublicKeys(db, organizationId, eventId)).map((k) => ({ version: k.version, publicKey: k.publicKey }));
  if (keyCache.size > 1000) keyCache.clear();
  keyCache.set(eventId, { keys, until: Date.now() + KEY_CACHE_MS });
  return keys;
}

export type ScanRequest = {
  organizationId: string;
  eventId: string;
  token: string;
  deviceId: string;
  gateId: string | null;
  sessionId: string | null;
  /** The device's id for this scan: a retry answers the same. */
  scanId: string;
  direction: 'in' | 'out';
};

export type ScanOutcome = {
  result: ScanResult | 'reentry_not_allowed' | 'not_inside';
  ticket: { id: string; ticketTypeId: string; ticketTypeName: string | null; seatId: string | null; attendeeName: string | null } | null;
  first: { at: string; gateId: string | null; deviceId: string | null } | null;
};

export async function scanTicket(db: Database, env: Env, req: ScanRequest, now = Date.now()): Promise<ScanOutcome> {
  const record = async (result: ScanResult, ticketId: string | null, firstScanId: string | null = null) => {
    await db.insert(scans).values({
      id: newId(ID_PREFIXES.scan),
      organizationId: req.organizationId,
      eventId: req.eventId,
      ticketId,
      deviceId: req.deviceId,
      gateId: req.gateId,
      sessionId: req.sessionId,
      result,
      direction: req.direction,
      scannedAt: new Date(now),
      receivedAt: new Date(),
      offline: false,
      nonce: `online:${req.scanId}`,
      firstScanId,
    }).onConflictDoNothing();
  };

  const verified = await verifyTicketToken(req.token, await keysOf(db, req.organizationId, req.eventId), { eventId: req.eventId, now });
  if (!verified.ok) {
    const result: ScanResult = verified.reason === 'not_yet_valid' ? 'not_yet_valid' : verified.reason === 'expired' ? 'expired' : 'invalid_token';
    await record(result, result === 'invalid_token' ? null : (readTicketTokenUnverified(req.token)?.ticketId ?? null));
    return { result, ticket: null, first: null };
  }
  const claims = verified.claims;
  const [row] = await db
    .select({ ticket: tickets, typeName: ticketTypes.name })
    .from(tickets)
    .leftJoin(ticketTypes, eq(ticketTypes.id, tickets.ticketTypeId))
    .where(and(eq(tickets.organizationId, req.organizationId), eq(tickets.eventId, req.eventId), eq(tickets.id, claims.ticketId)))
    .limit(1);
  if (!row) {
    await record('invalid_token', null);
    return { result: 'invalid_token', ticket: null, first: null };
  }
  const t = row.ticket;
  const ticket = { id: t.id, ticketTypeId: t.ticketTypeId, ticketTypeName: row.typeName, seatId: t.seatId, attendeeName: t.attendeeName };
  if (t.status === 'cancelled') {
    await record('cancelled', t.id);
    return { result: 'cancelled', ticket, first: null };
  }
  // A re-issued ticket's old token carries an older secret version: it no longer admits.
  if (claims.secretVersion !== t.secretVersion) {
    await record('revoked', t.id);
    return { result: 'revoked', ticket, first: null };
  }
  const answer = await inventory(env, req.organizationId, req.eventId).checkIn({
    scanId: req.scanId,
    ticketRef: t.id,
    ticketTypeId: t.ticketTypeId,
    ...(t.seatId ? { seatId: t.seatId } : {}),
    ...(req.gateId ? { gate: req.gateId } : {}),
    deviceId: req.deviceId,
    direction: req.direction,
  });
  if (!answer.ok) {
    const result = answer.code === 'reentry_not_allowed' || answer.code === 'not_inside' ? answer.code : 'invalid_token';
    if (result === 'invalid_token') await record('invalid_token', t.id);
    return { result, ticket, first: null };
  }
  const { result, first } = answer.value;
  await record(result, t.id, result === 'duplicate' ? (first?.scanId ?? null) : null);
  return {
    result,
    ticket,
    first: result === 'duplicate' && first ? { at: new Date(first.at).toISOString(), gateId: first.gate, deviceId: first.deviceId } : null,
  };
}
