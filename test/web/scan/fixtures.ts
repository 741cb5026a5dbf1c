/** Test fixtures for the scanner app's logic: a signing key, signed tickets, manifest pages and a fake device API. */
import { signTicketToken, type TicketSigningKey } from '../../../src/domains/tickets/token';
import { base64url } from '../../../src/platform/ids';
import { ApiError } from '../../../web/src/api/client';
import type { DeviceApi, DeviceMe, Manifest, ManifestTicket, ScanOutcome, ScanRequest, ScanResult, UploadScan } from '../../../web/src/scan/types';

export const EVENT = 'evt_01jx00000000000000000000ev';
export const NORTH = 'gat_north';
export const SOUTH = 'gat_south';
export const GA = 'tty_01jx00000000000000000000ga';
export const VIP = 'tty_01jx0000000000000000000vip';

export async function eventKey(): Promise<{ signing: TicketSigningKey; publicKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { signing: { version: 1, privateKey: pair.privateKey }, publicKey: base64url(raw) };
}

let seq = 0;
/** A ticket id in the platform's format (tkt_ + 26 Crockford characters). */
export function ticketId() {
  seq++;
  return `tkt_01jx${String(seq).padStart(22, '0')}`;
}

export async function ticket(key: TicketSigningKey, opts: { typeId?: string; seatId?: string | null; now?: number } = {}) {
  const id = ticketId();
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const token = await signTicketToken(key, {
    ticketId: id,
    eventId: EVENT,
    ticketTypeId: opts.typeId ?? GA,
    seatId: opts.seatId ?? null,
    secretVersion: 1,
    notBefore: now - 3_600,
    notAfter: now + 86_400,
  });
  const listed: ManifestTicket = { id, ticketTypeId: opts.typeId ?? GA, seatId: opts.seatId ?? null, secretVersion: 1, keyVersion: 1 };
  return { id, token, listed };
}

export function page(publicKey: string, changes: Partial<Pick<Manifest, 'tickets' | 'revocations' | 'checkIns' | 'duplicates'>> & { cursor: string; hasMore?: boolean }): Manifest {
  return {
    event: { id: EVENT, name: 'Summer Concert', status: 'on_sale', timezone: 'Africa/Johannesburg', startsAt: '2026-12-01T16:00:00.000Z', endsAt: '2026-12-01T20:00:00.000Z', doorsAt: null, reentryAllowed: false },
    keys: [{ version: 1, algorithm: 'Ed25519', publicKey, retired: false }],
    gates: [
      { id: NORTH, name: 'North Gate' },
      { id: SOUTH, name: 'South Gate' },
    ],
    ticketTypes: [
      { id: GA, name: 'Standing', gateIds: [] },
      { id: VIP, name: 'VIP', gateIds: [NORTH] },
    ],
    device: { id: 'dev_phone', gateId: null },
    tickets: changes.tickets ?? [],
    revocations: changes.revocations ?? [],
    checkIns: changes.checkIns ?? [],
    duplicates: changes.duplicates ?? [],
    cursor: changes.cursor,
    hasMore: changes.hasMore ?? false,
  };
}

export const ME: DeviceMe = {
  id: 'dev_phone',
  name: 'Gate phone 1',
  organization: { id: 'org_demo', name: 'Demo Events' },
  events: [{ id: EVENT, name: 'Summer Concert', status: 'on_sale', timezone: 'Africa/Johannesburg', startsAt: '2026-12-01T16:00:00.000Z', endsAt: '2026-12-01T20:00:00.000Z', doorsAt: null }],
  gate: null,
};

export const networkDown = () => new ApiError({ title: 'Network error', status: 0, code: 'network' });

/**
 * A fake of the device routes: a ticket is valid once, then a duplicate; scans are recorded by nonce (a retry answers
 * the same); the manifest serves the given pages. `offline = true` makes every call fail like a dead network.
 */
export class FakeServer implements DeviceApi {
  offline = false;
  token: string | undefined;
  validTokens = new Map<string, { id: string; typeId: string }>();
  /** Ticket id → the first scan's nonce and time. */
  checkedIn = new Map<string, { nonce: string; at: string }>();
  byNonce = new Map<string, ScanOutcome>();
  pages: Manifest[] = [];
  sessions: { id: string; eventId: string; gateId?: string; operatorName: string; ended: boolean }[] = [];
  calls: string[] = [];
  uploads: { eventId: string; scans: UploadScan[] }[] = [];
  revoked = false;
  refuseSessions = new Set<string>();

  private guard(name: string) {
    this.calls.push(name);
    if (this.offline) throw networkDown();
    if (this.revoked || !this.token) throw new ApiError({ title: 'Unauthorized', status: 401, code: 'device_revoked' });
  }

  private decide(nonce: string, token: string, at: string): ScanOutcome {
    const seen = this.byNonce.get(nonce);
    if (seen) return seen;
    const t = this.validTokens.get(token);
    let result: ScanResult;
    let first = null;
    if (!t) result = 'invalid_token';
    else if (this.checkedIn.has(t.id)) {
      result = 'duplicate';
      const f = this.checkedIn.get(t.id)!;
      first = { at: f.at, gateId: NORTH, gateName: 'North Gate', deviceId: 'dev_other', deviceName: 'Other phone', nonce: f.nonce };
    } else {
      result = 'valid';
      this.checkedIn.set(t.id, { nonce, at });
    }
    const out: ScanOutcome = { nonce, result, ticket: t ? { id: t.id, ticketTypeId: t.typeId, ticketTypeName: 'Standing', seatId: null, attendeeName: 'Thandi' } : null, first, superseded: null };
    this.byNonce.set(nonce, out);
    return out;
  }

  async me() {
    this.guard('me');
    return ME;
  }
  async startSession(body: { eventId: string; gateId?: string; operatorName: string }) {
    this.guard('startSession');
    if (body.gateId && this.refuseSessions.has(body.gateId)) throw new ApiError({ title: 'Invalid', status: 422, errors: [{ path: 'body.gateId', message: 'Not this device’s gate' }] });
    const s = { id: `scs_${this.sessions.length + 1}`, ...body, ended: false };
    this.sessions.push(s);
    return { id: s.id, deviceId: ME.id, eventId: body.eventId, gateId: body.gateId ?? null, operatorName: body.operatorName, startedAt: new Date().toISOString(), endedAt: null };
  }
  async endSession(id: string) {
    this.guard('endSession');
    const s = this.sessions.find((x) => x.id === id)!;
    s.ended = true;
    return { id, deviceId: ME.id, eventId: s.eventId, gateId: s.gateId ?? null, operatorName: s.operatorName, startedAt: new Date().toISOString(), endedAt: new Date().toISOString() };
  }
  /** Nonces of every online scan attempted, including those the dead network swallowed. */
  scanAttempts: string[] = [];
  async scan(body: ScanRequest) {
    this.scanAttempts.push(body.nonce);
    this.guard('scan');
    return this.decide(body.nonce, body.token, new Date().toISOString());
  }
  async upload(body: { eventId: string; scans: UploadScan[] }) {
    this.guard('upload');
    if (body.eventId !== EVENT) throw new ApiError({ title: 'Not found', status: 404, detail: 'Event not found' });
    const errors = body.scans.flatMap((s, i) => (s.sessionId && !this.sessions.some((x) => x.id === s.sessionId) ? [{ path: `body.scans.${i}.sessionId`, message: 'Not one of this device’s sessions' }] : []));
    if (errors.length) throw new ApiError({ title: 'Invalid upload', status: 422, errors });
    this.uploads.push(structuredClone(body));
    return { results: body.scans.map((s) => this.decide(s.nonce, s.token, s.scannedAt)) };
  }
  async manifest(_eventId: string, cursor: string | undefined) {
    this.guard('manifest');
    const at = cursor === undefined ? 0 : this.pages.findIndex((p) => p.cursor === cursor) + 1;
    const p = this.pages[at] ?? this.pages[this.pages.length - 1]!;
    return structuredClone({ ...p, tickets: at < this.pages.length ? p.tickets : [], revocations: at < this.pages.length ? p.revocations : [], checkIns: at < this.pages.length ? p.checkIns : [], duplicates: [] });
  }
}
