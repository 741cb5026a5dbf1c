/**
 * Scanning, online and offline alike: each token's signature is checked against the event's public
 * keys (at the moment it was scanned), the ticket's current state (cancelled, re-issued) read from
 * D1, then the event's inventory DO decides valid / duplicate / wrong gate for all of them in one
 * transaction; every scan is recorded once per device nonce.
 *
 * A scan's id in the DO is `<device id>/<nonce>`: a device retrying an online scan, or uploading an
 * offline batch again, gets the same answers and records nothing twice.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { writeBatch, type Database, type Write } from '../../db/client';
import { ticketTypes } from '../../db/schema/events';
import { tickets } from '../../db/schema/orders';
import { devices, scans, type ScanResult } from '../../db/schema/scanning';
import { gates } from '../../db/schema/venues';
import type { Env } from '../../env';
import { ID_PREFIXES, newId } from '../../platform/ids';
import type { FirstScan, ScanInput } from '../../../durable-objects/inventory/checkins';
import { inventory } from '../events/inventory-client';
import { emitWebhookEvent } from '../webhooks/emit';
import { ticketCheckedInPayload } from '../webhooks/payloads';
import { eventPublicKeys } from '../tickets/keys';
import { readTicketTokenUnverified, verifyTicketToken, type TicketClaims, type TicketVerifyKey } from '../tickets/token';

/** Public keys change only on rotation: each isolate keeps an event's keys for a minute (and refetches on an unknown key). */
const KEY_CACHE_MS = 60_000;
const keyCache = new Map<string, { keys: TicketVerifyKey[]; until: number }>();

async function keysOf(db: Database, organizationId: string, eventId: string, fresh = false): Promise<TicketVerifyKey[]> {
  const cacheKey = `${organizationId}:${eventId}`;
  const hit = keyCache.get(cacheKey);
  if (!fresh && hit && hit.until > Date.now()) return hit.keys;
  const keys = (await eventPublicKeys(db, organizationId, eventId)).map((k) => ({ version: k.version, publicKey: k.publicKey }));
  if (keyCache.size > 1000) keyCache.clear();
  keyCache.set(cacheKey, { keys, until: Date.now() + KEY_CACHE_MS });
  return keys;
}

export type ScanOutcomeResult = ScanResult | 'reentry_not_allowed' | 'not_inside';

/** One scan as a device reports it. */
export type ScanItem = {
  /** Unique per device (letters, digits, `-`, `_`): the same nonce again is the same scan. */
  nonce: string;
  token: string;
  direction: 'in' | 'out';
  /** When the device scanned (epoch ms). */
  scannedAt: number;
  gateId: string | null;
  sessionId: string | null;
  /** What the gate showed, for a scan decided offline (when the device says). */
  shown?: ScanResult;
};

export type ScanBatch = { organizationId: string; eventId: string; deviceId: string; offline: boolean; items: readonly ScanItem[] };

export type ScanParty = { at: string; gateId: string | null; deviceId: string | null; nonce: string | null };
export type ScanOutcome = {
  nonce: string;
  result: ScanOutcomeResult;
  ticket: { id: string; ticketTypeId: string; ticketTypeName: string | null; seatId: string | null; attendeeName: string | null } | null;
  /** For a duplicate: the scan that holds the check-in. */
  first: ScanParty | null;
  /** For an offline scan earlier than the check-in the DO had: the scan that became the duplicate. */
  superseded: ScanParty | null;
};

/** The DO's scan id for a device's nonce, and back. */
export const scanKey = (deviceId: string, nonce: string) => `${deviceId}/${nonce}`;
export function partyOf(f: FirstScan): ScanParty {
  const slash = f.scanId.indexOf('/');
  return { at: new Date(f.at).toISOString(), gateId: f.gate, deviceId: f.deviceId, nonce: slash >= 0 ? f.scanId.slice(slash + 1) : null };
}

const D1_IN_CHUNK = 90;
const DO_CHUNK = 1_000;
const chunks = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

type Verified = { item: ScanItem; claims: TicketClaims | null; failure: ScanOutcomeResult | null };

export async function scanTickets(db: Database, env: Env, batch: ScanBatch, receivedAt = new Date()): Promise<ScanOutcome[]> {
  let keys = await keysOf(db, batch.organizationId, batch.eventId);
  const verify = (item: ScanItem) => verifyTicketToken(item.token, keys, { eventId: batch.eventId, now: item.scannedAt });
  const verified: Verified[] = [];
  for (const item of batch.items) {
    let v = await verify(item);
    if (!v.ok && v.reason === 'unknown_key') {
      keys = await keysOf(db, batch.organizationId, batch.eventId, true); // a key rotated since the cache filled
      v = await verify(item);
    }
    if (v.ok) verified.push({ item, claims: v.claims, failure: null });
    else verified.push({ item, claims: null, failure: v.reason === 'not_yet_valid' ? 'not_yet_valid' : v.reason === 'expired' ? 'expired' : 'invalid_token' });
  }

  // The tickets' current state, in as few reads as D1's parameter limit allows.
  const ticketIds = [...new Set(verified.flatMap((v) => (v.claims ? [v.claims.ticketId] : [])))];
  const rows = new Map<string, { ticket: typeof tickets.$inferSelect; typeName: string | null }>();
  for (const ids of chunks(ticketIds, D1_IN_CHUNK)) {
    const found = await db
      .select({ ticket: tickets, typeName: ticketTypes.name })
      .from(tickets)
      .leftJoin(ticketTypes, eq(ticketTypes.id, tickets.ticketTypeId))
      .where(and(eq(tickets.organizationId, batch.organizationId), eq(tickets.eventId, batch.eventId), inArray(tickets.id, ids)));
    for (const r of found) rows.set(r.ticket.id, r);
  }

  const outcomes: ScanOutcome[] = verified.map(({ item, claims, failure }) => {
    const row = claims ? rows.get(claims.ticketId) : undefined;
    const t = row?.ticket;
    const ticket = t ? { id: t.id, ticketTypeId: t.ticketTypeId, ticketTypeName: row.typeName, seatId: t.seatId, attendeeName: t.attendeeName } : null;
    let result: ScanOutcomeResult | null = failure;
    if (!result && !t) result = 'invalid_token';
    else if (!result && t!.status === 'cancelled') result = 'cancelled';
    // A re-issued ticket's old token carries an older secret version: it no longer admits.
    else if (!result && claims!.secretVersion !== t!.secretVersion) result = 'revoked';
    // Same version but not the token issued (signed by another of the event's keys, say a leaked one
    // after the tickets were re-issued under a new key): not ours.
    else if (!result && item.token !== t!.qrToken) result = 'invalid_token';
    return { nonce: item.nonce, result: (result ?? 'valid') as ScanOutcomeResult, ticket, first: null, superseded: null };
  });

  // Everything still standing goes to the inventory, in the order the device scanned.
  const pending = verified
    .map((v, i) => ({ v, i }))
    .filter(({ v, i }) => v.claims && !v.failure && outcomes[i]!.ticket && outcomes[i]!.result === 'valid')
    .sort((a, b) => a.v.item.scannedAt - b.v.item.scannedAt || a.i - b.i);
  const stub = inventory(env, batch.organizationId, batch.eventId);
  const checkInAt = new Map<number, number>();
  for (const part of chunks(pending, DO_CHUNK)) {
    const inputs: ScanInput[] = part.map(({ v, i }) => {
      const t = outcomes[i]!.ticket!;
      return {
        scanId: scanKey(batch.deviceId, v.item.nonce),
        ticketRef: t.id,
        ticketTypeId: t.ticketTypeId,
        ...(t.seatId ? { seatId: t.seatId } : {}),
        ...(v.item.gateId ? { gate: v.item.gateId } : {}),
        deviceId: batch.deviceId,
        direction: v.item.direction,
        at: v.item.scannedAt,
      };
    });
    const answers = await stub.checkInMany(inputs);
    answers.forEach((answer, k) => {
      const out = outcomes[part[k]!.i]!;
      if (!answer.ok) {
        out.result = answer.code === 'reentry_not_allowed' || answer.code === 'not_inside' ? answer.code : 'invalid_token';
        return;
      }
      out.result = answer.value.result;
      // The inventory's time for the check-in: the same when the same scan comes again (a retried online scan has a new scannedAt).
      if (answer.value.result === 'valid' && answer.value.first) checkInAt.set(part[k]!.i, answer.value.first.at);
      if (answer.value.result === 'duplicate' && answer.value.first) out.first = partyOf(answer.value.first);
      if (answer.value.superseded) out.superseded = partyOf(answer.value.superseded);
    });
  }

  // Every scan recorded once per (device, nonce): a re-upload inserts nothing.
  const records = outcomes.map((out, i) => {
    const item = batch.items[i]!;
    return db
      .insert(scans)
      .values({
        id: newId(ID_PREFIXES.scan),
        organizationId: batch.organizationId,
        eventId: batch.eventId,
        ticketId: out.ticket?.id ?? (out.result === 'invalid_token' ? null : (readTicketTokenUnverified(item.token)?.ticketId ?? null)),
        deviceId: batch.deviceId,
        gateId: item.gateId,
        sessionId: item.sessionId,
        result: out.result,
        direction: item.direction,
        scannedAt: new Date(item.scannedAt),
        receivedAt,
        offline: batch.offline,
        nonce: item.nonce,
        firstScanId: out.first ? scanKey(out.first.deviceId ?? '', out.first.nonce ?? '') : null,
        shownResult: item.shown ?? null,
        doubleAdmission: batch.offline && item.direction === 'in' && item.shown === 'valid' && out.result === 'duplicate',
      })
      .onConflictDoNothing();
  });
  // An earlier offline scan took a check-in over: the scan that held it let someone in on a ticket already used.
  const takenOver = outcomes.flatMap((out) => (out.superseded?.deviceId && out.superseded.nonce ? [out.superseded] : []));
  const doubleAdmissions = takenOver.map((p) =>
    db
      .update(scans)
      .set({ doubleAdmission: true })
      .where(and(eq(scans.organizationId, batch.organizationId), eq(scans.eventId, batch.eventId), eq(scans.deviceId, p.deviceId!), eq(scans.nonce, p.nonce!), eq(scans.doubleAdmission, false))),
  );
  // Check-ins announced to webhook endpoints, once per (device, nonce) like the scan records (a re-upload announces nothing new).
  const announced: Write[] = [];
  for (const [i, out] of outcomes.entries()) {
    const item = batch.items[i]!;
    if (out.result !== 'valid' || item.direction !== 'in' || !out.ticket) continue;
    const written = await emitWebhookEvent(db, {
      organizationId: batch.organizationId,
      type: 'ticket.checked_in',
      payload: ticketCheckedInPayload({
        ticketId: out.ticket.id,
        ticketTypeId: out.ticket.ticketTypeId,
        eventId: batch.eventId,
        deviceId: batch.deviceId,
        gateId: item.gateId,
        scannedAt: new Date(item.scannedAt),
        offline: batch.offline,
      }),
      once: { key: scanKey(batch.deviceId, item.nonce), at: new Date(checkInAt.get(i) ?? item.scannedAt) },
    });
    if (!written.length) break; // nobody listens: no need to ask for every scan
    announced.push(...written);
  }
  for (const part of chunks([...records, ...doubleAdmissions, ...announced] as Write[], 100)) await writeBatch(db, part);
  return outcomes;
}

/** Device and gate names change rarely: each isolate keeps them for a minute (a gate queue scans many duplicates). */
const NAME_CACHE_MS = 60_000;
const nameCache = new Map<string, { name: string; until: number }>();

/** Names for the devices and gates in scan answers, so a gate screen can say who scanned first, and where. */
export async function scanPartyNames(db: Database, organizationId: string, parties: readonly (Pick<ScanParty, 'gateId' | 'deviceId'> | null)[]) {
  const names = new Map<string, string>();
  const now = Date.now();
  const missing = (ids: (string | null | undefined)[]) =>
    [...new Set(ids.filter((id): id is string => !!id))].filter((id) => {
      const hit = nameCache.get(`${organizationId}:${id}`);
      if (hit && hit.until > now) names.set(id, hit.name);
      return !(hit && hit.until > now);
    });
  const deviceIds = missing(parties.map((p) => p?.deviceId));
  const gateIds = missing(parties.map((p) => p?.gateId));
  const found = await Promise.all([
    ...chunks(deviceIds, D1_IN_CHUNK).map((ids) => db.select({ id: devices.id, name: devices.name }).from(devices).where(and(eq(devices.organizationId, organizationId), inArray(devices.id, ids)))),
    ...chunks(gateIds, D1_IN_CHUNK).map((ids) => db.select({ id: gates.id, name: gates.name }).from(gates).where(and(eq(gates.organizationId, organizationId), inArray(gates.id, ids)))),
  ]);
  if (nameCache.size > 5_000) nameCache.clear();
  for (const r of found.flat()) {
    names.set(r.id, r.name);
    nameCache.set(`${organizationId}:${r.id}`, { name: r.name, until: now + NAME_CACHE_MS });
  }
  return names;
}

export type NamedParty = ScanParty & { gateName: string | null; deviceName: string | null };
/** A scan party with the names `scanPartyNames` found. */
export const nameParty = (names: Map<string, string>, p: ScanParty | null): NamedParty | null =>
  p ? { ...p, gateName: p.gateId ? (names.get(p.gateId) ?? null) : null, deviceName: p.deviceId ? (names.get(p.deviceId) ?? null) : null } : null;
