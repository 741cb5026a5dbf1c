/**
 * The device's side of scanning: one online scan, an offline upload, and the manifest an offline
 * device decides from. A device only ever reaches its own events (404 otherwise) and its own sessions.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { ticketTypes } from '../../db/schema/events';
import { tickets } from '../../db/schema/orders';
import { devices, scanSessions } from '../../db/schema/scanning';
import { gates } from '../../db/schema/venues';
import { auditEntry } from '../../platform/audit';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../platform/errors';
import type { DeviceContext } from '../devices/scan-sessions';
import { loadEvent } from '../events/events';
import { inventory } from '../events/inventory-client';
import { ensureEventKey, eventPublicKeys } from '../tickets/keys';
import { readTicketTokenUnverified } from '../tickets/token';
import { nameParty, partyOf, scanPartyNames, scanTickets, type ScanItem, type ScanOutcome } from './scan';
import { MAX_CLOCK_LAG_MS, MAX_CLOCK_SKEW_MS, type Manifest, type ScanRefusal, type ScanRequest, type ScanUpload } from './schemas';

async function deviceEvent(ctx: DeviceContext, eventId: string) {
  if (!ctx.device.eventIds.includes(eventId)) throw new NotFoundError('Event');
  return loadEvent(ctx, eventId);
}

/** The device's own sessions among `ids`, for this event. */
async function ownSessions(ctx: DeviceContext, eventId: string, ids: readonly string[]) {
  if (!ids.length) return new Map<string, typeof scanSessions.$inferSelect>();
  const rows = await ctx.db
    .select()
    .from(scanSessions)
    .where(
      and(
        eq(scanSessions.organizationId, ctx.organizationId),
        eq(scanSessions.deviceId, ctx.device.id),
        eq(scanSessions.eventId, eventId),
        inArray(scanSessions.id, [...new Set(ids)]),
      ),
    );
  return new Map(rows.map((r) => [r.id, r]));
}


async function withNames(ctx: DeviceContext, outcomes: ScanOutcome[]) {
  const names = await scanPartyNames(ctx.db, ctx.organizationId, outcomes.flatMap((o) => [o.first, o.superseded]));
  return outcomes.map((o) => ({ ...o, first: nameParty(names, o.first), superseded: nameParty(names, o.superseded) }));
}

/** One scan at the gate, answered now. The gate is the session's (which must be open), else the device's pinned gate. */
export async function scanOnline({ ctx, input }: { ctx: DeviceContext; input: ScanRequest }) {
  // The hot path: the device's own event list (checked against the organization when it was
  // registered) is enough; the ticket read below is scoped to organization and event.
  if (!ctx.device.eventIds.includes(input.eventId)) throw new NotFoundError('Event');
  let gateId = ctx.device.gateId;
  if (input.sessionId) {
    const session = (await ownSessions(ctx, input.eventId, [input.sessionId])).get(input.sessionId);
    if (!session) throw new NotFoundError('Scan session');
    if (session.endedAt) throw new ConflictError('This scan session has ended: start a new one.', 'session_ended');
    gateId = session.gateId ?? gateId;
  }
  const item: ScanItem = { nonce: input.nonce, token: input.token, direction: input.direction, scannedAt: Date.now(), gateId, sessionId: input.sessionId ?? null };
  const outcomes = await scanTickets(ctx.db, ctx.env, { organizationId: ctx.organizationId, eventId: input.eventId, deviceId: ctx.device.id, offline: false, items: [item] });
  return (await withNames(ctx, outcomes))[0]!;
}

/**
 * Scans made offline, uploaded later (again, if the device is unsure the first upload arrived): each
 * is decided at the time it was scanned, earliest first; the same nonce again answers the same and
 * records nothing twice. Sessions may have ended since; they must be this device's, for this event.
 */
export async function uploadScans({ ctx, input }: { ctx: DeviceContext; input: ScanUpload }) {
  await deviceEvent(ctx, input.eventId);
  const now = Date.now();
  const sessions = await ownSessions(ctx, input.eventId, input.scans.flatMap((s) => (s.sessionId ? [s.sessionId] : [])));
  const registeredAt = await deviceRegisteredAt(ctx);
  const errors: FieldError[] = [];
  const refused = new Map<string, ScanRefusal>();
  const items: ScanItem[] = [];
  input.scans.forEach((s, i) => {
    const session = s.sessionId ? sessions.get(s.sessionId) : undefined;
    if (s.sessionId && !session) errors.push({ path: `body.scans.${i}.sessionId`, message: "Not one of this device's scan sessions for this event" });
    const refusal = refusalOf(Date.parse(s.scannedAt), now, session?.startedAt.getTime() ?? null, registeredAt);
    if (refusal) refused.set(s.nonce, refusal);
    else items.push({ nonce: s.nonce, token: s.token, direction: s.direction, scannedAt: Date.parse(s.scannedAt), gateId: session?.gateId ?? ctx.device.gateId, sessionId: s.sessionId ?? null, ...(s.shown ? { shown: s.shown } : {}) });
  });
  if (errors.length) throw new ValidationError(errors, 'Some scans in the upload are not acceptable; nothing was recorded.');
  const outcomes = items.length ? await scanTickets(ctx.db, ctx.env, { organizationId: ctx.organizationId, eventId: input.eventId, deviceId: ctx.device.id, offline: true, items }) : [];
  const tally: Record<string, number> = {};
  for (const o of outcomes) tally[o.result] = (tally[o.result] ?? 0) + 1;
  if (refused.size) tally.refused = refused.size;
  await writeBatch(ctx.db, [
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'scans.uploaded', resourceType: 'event', resourceId: input.eventId, changes: { scans: input.scans.length, results: tally } }),
  ]);
  const decided = new Map((await withNames(ctx, outcomes)).map((o) => [o.nonce, o]));
  // In the order sent: a refused scan answers on its own, the others as decided.
  return {
    results: input.scans.map((s) => {
      const refusal = refused.get(s.nonce);
      return refusal ? { nonce: s.nonce, result: 'refused' as const, refusal, ticket: null, first: null, superseded: null } : decided.get(s.nonce)!;
    }),
  };
}

async function deviceRegisteredAt(ctx: DeviceContext): Promise<number> {
  const [row] = await ctx.db
    .select({ createdAt: devices.createdAt })
    .from(devices)
    .where(and(eq(devices.organizationId, ctx.organizationId), eq(devices.id, ctx.device.id)))
    .limit(1);
  if (!row) throw new NotFoundError('Device');
  return row.createdAt.getTime();
}

/**
 * An offline scan's time is the device's word: it may not lie ahead of the server (beyond a fast clock), nor before
 * the session it was made in started (or, without a session, before the device existed), beyond a slow clock.
 */
function refusalOf(scannedAt: number, now: number, sessionStartedAt: number | null, registeredAt: number): ScanRefusal | null {
  if (scannedAt > now + MAX_CLOCK_SKEW_MS) return 'in_future';
  if (sessionStartedAt !== null && scannedAt < sessionStartedAt - MAX_CLOCK_LAG_MS) return 'before_session_start';
  if (sessionStartedAt === null && scannedAt < registeredAt - MAX_CLOCK_LAG_MS) return 'before_device_registered';
  return null;
}

const parseCursor = (since: string | undefined) => {
  const [t, c] = (since ?? '0.0').split('.').map(Number);
  return { tickets: t ?? 0, checkIns: c ?? 0 };
};

/**
 * What an offline device needs to decide at the gate, from a cursor: the event's public keys, gates
 * and gate rules (always, they are small), then tickets (id, type, seat, secret version — no buyer
 * details), cancellations, check-in states and the duplicates this device was involved in that
 * changed since the cursor. Page until `hasMore` is false.
 */
export async function deviceManifest({ ctx, eventId, query }: { ctx: DeviceContext; eventId: string; query: { cursor?: string; limit: number } }): Promise<Manifest> {
  const event = await deviceEvent(ctx, eventId);
  const since = parseCursor(query.cursor);
  // A device synced before the first sale must still be able to verify the tickets sold after it:
  // the event's first key is made now if no sale has made it yet (race-safe, see keys.ts).
  await ensureEventKey(ctx, ctx.organizationId, eventId);
  const [keys, types, venueGates, ticketRows, sync] = await Promise.all([
    eventPublicKeys(ctx.db, ctx.organizationId, eventId),
    ctx.db
      .select({ id: ticketTypes.id, name: ticketTypes.name, gateIds: ticketTypes.gateIds })
      .from(ticketTypes)
      .where(and(eq(ticketTypes.organizationId, ctx.organizationId), eq(ticketTypes.eventId, eventId)))
      .orderBy(asc(ticketTypes.id)),
    ctx.db
      .select({ id: gates.id, name: gates.name })
      .from(gates)
      .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.venueId, event.venueId)))
      .orderBy(asc(gates.id)),
    ctx.db
      .select({ id: tickets.id, ticketTypeId: tickets.ticketTypeId, seatId: tickets.seatId, secretVersion: tickets.secretVersion, qrToken: tickets.qrToken, status: tickets.status, changeSeq: tickets.changeSeq })
      .from(tickets)
      .where(and(eq(tickets.organizationId, ctx.organizationId), eq(tickets.eventId, eventId), gt(tickets.changeSeq, since.tickets)))
      .orderBy(asc(tickets.changeSeq))
      .limit(query.limit + 1),
    inventory(ctx.env, ctx.organizationId, eventId).syncCheckIns(ctx.device.id, since.checkIns, query.limit),
  ]);
  const ticketsMore = ticketRows.length > query.limit;
  const ticketPage = ticketRows.slice(0, query.limit);
  const ticketCursor = ticketPage.length ? ticketPage[ticketPage.length - 1]!.changeSeq : since.tickets;
  const names = await scanPartyNames(ctx.db, ctx.organizationId, [...sync.checkIns.map((c) => (c.first ? partyOf(c.first) : null)), ...sync.duplicates.flatMap((d) => [partyOf(d.scan), partyOf(d.winner)])]);
  return {
    event: {
      id: event.id,
      name: event.name,
      status: event.status,
      timezone: event.timezone,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      doorsAt: event.doorsAt ? event.doorsAt.toISOString() : null,
      reentryAllowed: event.reentryAllowed,
    },
    keys: keys.map((k) => ({ version: k.version, algorithm: 'Ed25519' as const, publicKey: k.publicKey, retired: k.retiredAt !== null })),
    gates: venueGates,
    ticketTypes: types,
    device: { id: ctx.device.id, gateId: ctx.device.gateId },
    tickets: ticketPage
      .filter((t) => t.status === 'valid')
      .map(({ id, ticketTypeId, seatId, secretVersion, qrToken }) => ({ id, ticketTypeId, seatId, secretVersion, keyVersion: readTicketTokenUnverified(qrToken)?.keyVersion ?? 0 })),
    revocations: ticketPage.filter((t) => t.status !== 'valid').map((t) => ({ ticketId: t.id, reason: 'cancelled' as const })),
    checkIns: sync.checkIns.map((c) => ({ ticketId: c.ticketRef, checkedIn: c.checkedIn, inside: c.inside, first: nameParty(names, c.first ? partyOf(c.first) : null) })),
    duplicates: sync.duplicates.map((d) => ({ ticketId: d.ticketRef, scan: nameParty(names, partyOf(d.scan))!, winner: nameParty(names, partyOf(d.winner))! })),
    cursor: `${ticketCursor}.${sync.cursor}`,
    hasMore: ticketsMore || sync.hasMore,
  };
}
