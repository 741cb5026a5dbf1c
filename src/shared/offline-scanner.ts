/**
 * The scanner's offline brain, shared by the scanner app (web/) and the tests: it applies manifests
 * (docs/scanning.md), decides at the gate with nothing but the event's public keys and what the
 * manifest said, queues every scan with a nonce for upload, and keeps the duplicates the server
 * reported. Pure TypeScript over WebCrypto: runs in a browser, a Worker or Node.
 *
 * The local decision is provisional: the server decides again on upload (earliest scan wins), and a
 * scan this device admitted can come back as a duplicate on a later sync.
 */
import { verifyTicketToken, type TicketVerifyKey } from '../domains/tickets/token';

/** What a manifest page carries (the route's response; kept structural so the app needs no server types). */
export type ManifestPage = {
  event: { id: string; reentryAllowed: boolean };
  keys: { version: number; publicKey: string }[];
  ticketTypes: { id: string; name: string; gateIds: string[] }[];
  device: { id: string; gateId: string | null };
  tickets: { id: string; ticketTypeId: string; seatId: string | null; secretVersion: number; keyVersion: number }[];
  revocations: { ticketId: string; reason: string }[];
  checkIns: { ticketId: string; checkedIn: boolean; inside: boolean }[];
  duplicates: { ticketId: string; scan: DuplicateParty; winner: DuplicateParty }[];
  cursor: string;
  hasMore: boolean;
};
export type DuplicateParty = { at: string; gateId: string | null; deviceId: string | null; nonce: string | null };

export type LocalResult = 'valid' | 'duplicate' | 'invalid_token' | 'wrong_gate' | 'cancelled' | 'revoked' | 'not_yet_valid' | 'expired' | 'exit' | 'reentry_not_allowed' | 'not_inside';

export type LocalDecision = {
  result: LocalResult;
  ticketId: string | null;
  ticketTypeName: string | null;
  seatId: string | null;
  /** Admitted on the signature alone: the ticket is newer than this device's last sync. */
  unlisted: boolean;
};

export type QueuedScan = { nonce: string; token: string; scannedAt: string; direction: 'in' | 'out'; sessionId?: string };

type TicketState = { ticketTypeId: string; seatId: string | null; secretVersion: number; keyVersion: number | null; cancelled: boolean; checkedIn: boolean; inside: boolean };

let counter = 0;
const randomNonce = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  counter = (counter + 1) % 1_000_000;
  return `${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_')}-${counter}`;
};

export class OfflineScanner {
  cursor: string | undefined;
  eventId: string | null = null;
  private reentryAllowed = false;
  private keys: TicketVerifyKey[] = [];
  private readonly types = new Map<string, { name: string; gateIds: string[] }>();
  private readonly tickets = new Map<string, TicketState>();
  private readonly queue: QueuedScan[] = [];
  private lastAt = 0;
  /** Duplicates the server reported to this device, newest last (keyed by the losing scan). */
  readonly duplicates = new Map<string, ManifestPage['duplicates'][number]>();

  constructor(private readonly opts: { gateId: string | null; sessionId?: string; now?: () => number; nonce?: () => string }) {}

  /** Applies one manifest page (pages must be applied in order; keep going while `hasMore`). */
  apply(page: ManifestPage) {
    this.eventId = page.event.id;
    this.reentryAllowed = page.event.reentryAllowed;
    this.keys = page.keys.map((k) => ({ version: k.version, publicKey: k.publicKey }));
    this.types.clear();
    for (const t of page.ticketTypes) this.types.set(t.id, { name: t.name, gateIds: t.gateIds });
    for (const t of page.tickets) {
      const prev = this.tickets.get(t.id);
      this.tickets.set(t.id, {
        ticketTypeId: t.ticketTypeId,
        seatId: t.seatId,
        secretVersion: t.secretVersion,
        keyVersion: t.keyVersion,
        cancelled: false,
        checkedIn: prev?.checkedIn ?? false,
        inside: prev?.inside ?? false,
      });
    }
    for (const r of page.revocations) {
      const prev = this.tickets.get(r.ticketId);
      if (prev) prev.cancelled = true;
      else this.tickets.set(r.ticketId, { ticketTypeId: '', seatId: null, secretVersion: 0, keyVersion: null, cancelled: true, checkedIn: false, inside: false });
    }
    for (const c of page.checkIns) {
      const state = this.tickets.get(c.ticketId);
      if (state) Object.assign(state, { checkedIn: c.checkedIn, inside: c.inside });
    }
    for (const d of page.duplicates) this.duplicates.set(`${d.scan.deviceId}/${d.scan.nonce}`, d);
    this.cursor = page.cursor;
  }

  get ticketCount() {
    return this.tickets.size;
  }

  /** Decides one scan at the gate now, and queues it for upload. */
  async scan(token: string, direction: 'in' | 'out' = 'in'): Promise<LocalDecision> {
    if (!this.eventId) throw new Error('Apply a manifest before scanning');
    // Strictly increasing per device: two scans in one millisecond keep the order they were made in
    // (the server breaks ties between equal times by scan id, not by order).
    const now = Math.max(this.opts.now?.() ?? Date.now(), this.lastAt + 1);
    this.lastAt = now;
    const decision = await this.decide(token, direction, now);
    this.queue.push({
      nonce: this.opts.nonce?.() ?? randomNonce(),
      token,
      scannedAt: new Date(now).toISOString(),
      direction,
      ...(this.opts.sessionId ? { sessionId: this.opts.sessionId } : {}),
    });
    return decision;
  }

  private async decide(token: string, direction: 'in' | 'out', now: number): Promise<LocalDecision> {
    const none = (result: LocalResult): LocalDecision => ({ result, ticketId: null, ticketTypeName: null, seatId: null, unlisted: false });
    const verified = await verifyTicketToken(token, this.keys, { eventId: this.eventId!, now });
    if (!verified.ok) return none(verified.reason === 'not_yet_valid' ? 'not_yet_valid' : verified.reason === 'expired' ? 'expired' : 'invalid_token');
    const claims = verified.claims;
    let state = this.tickets.get(claims.ticketId);
    const unlisted = !state;
    const of = (result: LocalResult): LocalDecision => ({
      result,
      ticketId: claims.ticketId,
      ticketTypeName: this.types.get(claims.ticketTypeId)?.name ?? null,
      seatId: claims.seatId,
      unlisted,
    });
    if (state?.cancelled) return of('cancelled');
    if (state && claims.secretVersion < state.secretVersion) return of('revoked');
    // The ticket's token is signed by one key: the same version under another key is a forgery (a leaked key).
    if (state && state.keyVersion !== null && (claims.secretVersion !== state.secretVersion || claims.keyVersion !== state.keyVersion)) return none('invalid_token');
    if (!state) {
      // Signed by the event's key but sold after the last sync: admit it; the upload confirms.
      state = { ticketTypeId: claims.ticketTypeId, seatId: claims.seatId, secretVersion: claims.secretVersion, keyVersion: claims.keyVersion, cancelled: false, checkedIn: false, inside: false };
      this.tickets.set(claims.ticketId, state);
    }
    if (direction === 'out') {
      if (!this.reentryAllowed) return of('reentry_not_allowed');
      if (!state.inside) return of('not_inside');
      state.inside = false;
      return of('exit');
    }
    const gates = this.types.get(claims.ticketTypeId)?.gateIds ?? [];
    if (this.opts.gateId && gates.length > 0 && !gates.includes(this.opts.gateId)) return of('wrong_gate');
    if (state.checkedIn && (state.inside || !this.reentryAllowed)) return of('duplicate');
    state.checkedIn = true;
    state.inside = true;
    return of('valid');
  }

  /** Scans waiting for upload, oldest first (at most `max`: one upload's worth). */
  pending(max = 500): QueuedScan[] {
    return this.queue.slice(0, max);
  }

  /** Forgets scans the server has answered (by nonce): an upload that failed midway is simply sent again. */
  acknowledge(nonces: Iterable<string>) {
    const done = new Set(nonces);
    for (let i = this.queue.length - 1; i >= 0; i--) if (done.has(this.queue[i]!.nonce)) this.queue.splice(i, 1);
  }

  get queued() {
    return this.queue.length;
  }
}
