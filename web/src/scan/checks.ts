/**
 * One check, decided: what the server answered (learnOnline notes it in the mirror and the offline scanners, so the
 * phone still knows if the network drops), or what the phone decides alone from the manifest (checkOffline, which
 * queues the scan for upload). The desk passes in what they need.
 */
import { readTicketTokenUnverified } from '../../../src/domains/tickets/token';
import type { QueuedItem, SessionRecord } from './desk-types';
import type { ManifestShelf } from './manifests';
import type { ManifestMirror } from './mirror';
import { withTimeout } from './timeouts';
import type { DeviceApi, DeviceMe, Direction, Party, ScanOutcome, Verdict } from './types';

export type CheckContext = {
  shelf: ManifestShelf;
  /** The signed-in device, read when a check names who scanned. */
  device: () => DeviceMe | null;
  /** The time now, as the desk sees it (ISO 8601). */
  iso: () => string;
  /** Queues an offline scan for upload and saves the queue. */
  enqueue: (item: QueuedItem) => Promise<void>;
  /** Tells the screens the state changed. */
  emit: () => void;
};

/**
 * Asks the server to decide (POST /device/scan) under one deadline for the whole answer, creating a session started
 * offline included: the gate waits for no one.
 */
export function askServer(api: DeviceApi, session: SessionRecord, serverSessionId: () => Promise<string | null>, scan: { token: string; nonce: string; direction: Direction }, timeoutMs: number): Promise<ScanOutcome> {
  return withTimeout(
    (async () => {
      const sessionId = await serverSessionId();
      return api.scan({ eventId: session.eventId, ...scan, ...(sessionId ? { sessionId } : {}) });
    })(),
    timeoutMs,
  );
}

function party(ctx: CheckContext, session: SessionRecord, at: string, nonce: string, mirror: ManifestMirror): Party {
  return { at, gateId: session.gateId, gateName: mirror.gateName(session.gateId), deviceId: ctx.device()?.id ?? null, deviceName: ctx.device()?.name ?? null, nonce };
}

/** Notes what the server said in the mirror and the offline scanners, so the phone still knows if the network drops. */
export async function learnOnline(ctx: CheckContext, session: SessionRecord, token: string, out: ScanOutcome): Promise<Verdict> {
  const mirror = await ctx.shelf.mirrorOf(session.eventId);
  const at = ctx.iso();
  const ticketId = out.ticket?.id ?? null;
  if (ticketId && (out.result === 'valid' || out.result === 'duplicate' || out.result === 'exit')) {
    const claims = readTicketTokenUnverified(token);
    const listed = mirror.hasTicket(ticketId);
    const newTicket =
      !listed && claims && claims.ticketId === ticketId
        ? { id: ticketId, ticketTypeId: claims.ticketTypeId, seatId: claims.seatId, secretVersion: claims.secretVersion, keyVersion: claims.keyVersion }
        : null;
    if (newTicket) mirror.noteTicket(newTicket);
    if (out.result === 'valid') mirror.noteCheckIn(ticketId, { checkedIn: true, inside: true, first: party(ctx, session, at, out.nonce, mirror) });
    else if (out.result === 'duplicate') mirror.setCheckIn({ ticketId, checkedIn: true, inside: true, first: out.first });
    else mirror.noteCheckIn(ticketId, { checkedIn: true, inside: false, first: null });
    const delta = mirror.deltaPage({ tickets: newTicket ? [newTicket] : [], checkIns: [mirror.checkInOf(ticketId)!] });
    if (delta) for (const s of ctx.shelf.scannersOf(session.eventId)) s.apply(delta);
    ctx.shelf.saveSoon(session.eventId);
  }
  return {
    result: out.result,
    mode: 'online',
    token,
    at,
    ticket: out.ticket ? { id: out.ticket.id, typeName: out.ticket.ticketTypeName, seatId: out.ticket.seatId, attendeeName: out.ticket.attendeeName } : null,
    first: out.first,
    unlisted: false,
    allowedGates: out.result === 'wrong_gate' ? mirror.gatesFor(out.ticket?.ticketTypeId) : [],
  };
}

export async function checkOffline(ctx: CheckContext, session: SessionRecord, token: string, direction: Direction, nonce: string): Promise<Verdict> {
  const at = ctx.iso();
  const unverifiable = (reason: string): Verdict => ({ result: 'unverifiable', mode: 'offline', token, at, ticket: null, first: null, unlisted: false, allowedGates: [], reason });
  const scanner = await ctx.shelf.scannerFor(session.eventId, session.gateId);
  if (!scanner) return unverifiable("Offline, and this event's ticket list has not downloaded to this device yet.");
  const mirror = await ctx.shelf.mirrorOf(session.eventId);
  ctx.shelf.nextNonce = nonce;
  let decision;
  try {
    decision = await scanner.scan(token, direction);
  } catch {
    return unverifiable('This browser cannot verify ticket signatures offline.');
  } finally {
    ctx.shelf.nextNonce = undefined;
  }
  const queued = scanner.pending(1)[0]!;
  scanner.acknowledge([queued.nonce]);
  await ctx.enqueue({
    eventId: session.eventId,
    sessionLocalId: session.localId,
    nonce: queued.nonce,
    token,
    scannedAt: queued.scannedAt,
    direction,
    local: decision.result,
    ticketId: decision.ticketId,
  });

  const claims = decision.ticketId ? readTicketTokenUnverified(token) : null;
  if (decision.ticketId && claims && decision.unlisted) {
    mirror.noteTicket({ id: decision.ticketId, ticketTypeId: claims.ticketTypeId, seatId: claims.seatId, secretVersion: claims.secretVersion, keyVersion: claims.keyVersion });
  }
  let first: Party | null = null;
  if (decision.ticketId) {
    if (decision.result === 'valid') mirror.noteCheckIn(decision.ticketId, { checkedIn: true, inside: true, first: party(ctx, session, queued.scannedAt, queued.nonce, mirror) });
    else if (decision.result === 'exit') mirror.noteCheckIn(decision.ticketId, { checkedIn: true, inside: false, first: null });
    else if (decision.result === 'duplicate') first = mirror.checkInOf(decision.ticketId)?.first ?? null;
    ctx.shelf.saveSoon(session.eventId);
  }
  ctx.emit();
  return {
    result: decision.result,
    mode: 'offline',
    token,
    at: queued.scannedAt,
    ticket: decision.ticketId ? { id: decision.ticketId, typeName: decision.ticketTypeName, seatId: decision.seatId, attendeeName: null } : null,
    first,
    unlisted: decision.unlisted,
    allowedGates: decision.result === 'wrong_gate' ? mirror.gatesFor(claims?.ticketTypeId) : [],
  };
}
