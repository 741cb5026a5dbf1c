import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/api/client';
import { RETRY_EVERY_MS, ScanDesk, SYNC_EVERY_MS } from '../../../web/src/scan/desk';
import { MemoryStore } from '../../../web/src/scan/store';
import { EVENT, eventKey, FakeServer, NORTH, page, SOUTH, ticket, VIP } from './fixtures';

type Key = Awaited<ReturnType<typeof eventKey>>;

describe('the scanner desk (sign-in, checks online and offline, queue and sync)', () => {
  let key: Key;
  let server: FakeServer;
  let store: MemoryStore;
  let browserOnline: boolean;
  let clock: number;

  const newDesk = () =>
    new ScanDesk({
      api: server,
      store,
      setToken: (t) => (server.token = t),
      networkUp: () => browserOnline,
      now: () => clock,
      timeoutMs: 1_000,
    });

  async function tickets(n: number, typeId?: string) {
    const out = [];
    for (let i = 0; i < n; i++) {
      const t = await ticket(key.signing, { typeId, now: clock });
      server.validTokens.set(t.token, { id: t.id, typeId: t.listed.ticketTypeId });
      out.push(t);
    }
    return out;
  }

  async function signedInAt(gateId: string | null) {
    const desk = newDesk();
    await desk.load();
    await desk.signIn('vgd_abcdefghijklmnop');
    await desk.startSession({ eventId: EVENT, gateId, operatorName: 'Sipho' });
    await desk.sync();
    return desk;
  }

  beforeEach(async () => {
    key ??= await eventKey();
    server = new FakeServer();
    store = new MemoryStore();
    browserOnline = true;
    clock = Date.parse('2026-12-01T15:00:00.000Z');
  });

  it('signs in with a token (bare or from a link), refuses text that is not a token, and reports an unknown token beside the field', async () => {
    const desk = newDesk();
    await desk.load();
    const notToken = await desk.signIn('hello').catch((e) => e);
    expect(notToken).toBeInstanceOf(ApiError);
    expect((notToken as ApiError).fieldErrors().token).toMatch(/vgd_/);

    server.revoked = true;
    const refused = await desk.signIn('vgd_abcdefghijklmnop').catch((e) => e);
    expect((refused as ApiError).fieldErrors().token).toMatch(/unknown|revoked/);
    expect(desk.getState().device).toBeNull();

    server.revoked = false;
    await desk.signIn('https://tickets.example/scan/#token=vgd_abcdefghijklmnop');
    expect(server.token).toBe('vgd_abcdefghijklmnop');
    expect(desk.getState().device?.name).toBe('Gate phone 1');
    // Kept for the next start.
    const again = newDesk();
    await again.load();
    expect(again.getState().device?.organization.name).toBe('Demo Events');
  });

  it('online: the server decides; a second check of the same ticket is a duplicate; counters follow', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = await signedInAt(SOUTH);
    expect(server.sessions[0]).toMatchObject({ eventId: EVENT, gateId: SOUTH, operatorName: 'Sipho' });

    const first = await desk.check(a!.token);
    expect(first).toMatchObject({ result: 'valid', mode: 'online', ticket: { attendeeName: 'Thandi' } });
    const second = await desk.check(a!.token);
    expect(second).toMatchObject({ result: 'duplicate', mode: 'online' });
    expect(second.first?.gateName).toBe('North Gate');
    expect((await desk.check('rubbish')).result).toBe('invalid_token');
    expect(desk.getState().session?.counts).toEqual({ valid: 1, duplicate: 1, invalid: 1, exit: 0 });
    expect(desk.getState().pending).toBe(0);
  });

  it('offline: decides from the manifest, queues, and uploads when the network returns', async () => {
    const [a, b] = await tickets(2);
    const [vip] = await tickets(1, VIP);
    server.pages = [page(key.publicKey, { tickets: [a!.listed, b!.listed, vip!.listed], cursor: '3.0' })];
    const desk = await signedInAt(SOUTH);
    expect(desk.getState().event).toMatchObject({ ready: true, tickets: 3 });

    browserOnline = false;
    server.offline = true;
    expect(await desk.check(a!.token)).toMatchObject({ result: 'valid', mode: 'offline' });
    const dup = await desk.check(a!.token);
    expect(dup.result).toBe('duplicate');
    expect(dup.first).toMatchObject({ gateName: 'South Gate', deviceId: 'dev_phone' });
    expect(await desk.check(vip!.token)).toMatchObject({ result: 'wrong_gate', allowedGates: ['North Gate'] });
    expect(server.calls.filter((c) => c === 'scan')).toHaveLength(0);
    expect(desk.getState()).toMatchObject({ online: false, pending: 3 });

    browserOnline = true;
    server.offline = false;
    desk.setNetwork(true);
    await desk.sync();
    expect(desk.getState().pending).toBe(0);
    expect(server.uploads).toHaveLength(1);
    expect(server.uploads[0]!.scans.map((s) => s.sessionId)).toEqual(['scs_1', 'scs_1', 'scs_1']);
    expect(server.checkedIn.has(a!.id)).toBe(true);
  });

  it('a ticket admitted online is a duplicate offline, and a failed online request is decided locally with the same nonce', async () => {
    const [a, b, c] = await tickets(3);
    server.pages = [page(key.publicKey, { tickets: [a!.listed, b!.listed, c!.listed], cursor: '3.0' })];
    const desk = await signedInAt(null);
    // A short outage first, so the phone's offline scanner is already running when the online answer arrives.
    browserOnline = false;
    expect((await desk.check(c!.token)).mode).toBe('offline');
    browserOnline = true;
    expect((await desk.check(a!.token)).mode).toBe('online');

    // The network dies without the browser noticing: the request fails, the phone decides.
    server.offline = true;
    const local = await desk.check(a!.token);
    expect(local).toMatchObject({ result: 'duplicate', mode: 'offline' });
    expect(desk.getState().online).toBe(false);
    const fresh = await desk.check(b!.token);
    expect(fresh).toMatchObject({ result: 'valid', mode: 'offline' });
    const scanCalls = server.calls.filter((c) => c === 'scan').length;
    // Once marked offline it does not keep waiting on the network for every ticket.
    await desk.check(b!.token);
    expect(server.calls.filter((c) => c === 'scan').length).toBe(scanCalls);

    // The upload reuses the nonce of the failed request: the same scan, not a second one.
    server.offline = false;
    await desk.sync();
    expect(desk.getState()).toMatchObject({ online: true, pending: 0 });
    const failedAttempt = server.scanAttempts[1]!; // a's second check, swallowed by the network
    expect(server.uploads.flatMap((u) => u.scans.map((s) => s.nonce))).toContain(failedAttempt);
  });

  it('a slow server does not hold up the gate: after the deadline the phone decides', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    await signedInAt(SOUTH);
    const desk = new ScanDesk({ api: server, store, setToken: (t) => (server.token = t), networkUp: () => browserOnline, now: () => clock, timeoutMs: 30 });
    await desk.load();
    server.scan = () => new Promise(() => undefined); // never answers
    const started = Date.now();
    const v = await desk.check(a!.token);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(v).toMatchObject({ result: 'valid', mode: 'offline' });
    expect(desk.getState()).toMatchObject({ online: false, pending: 1 });
  });

  it('survives a reload: session, queue, counters and who is inside come back from the store', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = await signedInAt(NORTH);
    browserOnline = false;
    server.offline = true;
    expect((await desk.check(a!.token)).result).toBe('valid');
    await desk.flush();

    const reloaded = newDesk();
    await reloaded.load();
    const s = reloaded.getState();
    expect(s.session).toMatchObject({ gateId: NORTH, operatorName: 'Sipho', counts: { valid: 1 } });
    expect(s.pending).toBe(1);
    expect(s.event).toMatchObject({ ready: true, tickets: 1, checkedIn: 1, checkedInAtGate: 1 });
    expect((await reloaded.check(a!.token)).result).toBe('duplicate');
  });

  it('a session started offline is created on the server when the network returns, and its scans carry its id', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = newDesk();
    await desk.load();
    await desk.signIn('vgd_abcdefghijklmnop');
    await desk.prepareEvent(EVENT);
    browserOnline = false;
    server.offline = true;
    const rec = await desk.startSession({ eventId: EVENT, gateId: SOUTH, operatorName: 'Lerato' });
    expect(rec.serverId).toBeNull();
    expect((await desk.check(a!.token)).result).toBe('valid');

    browserOnline = true;
    server.offline = false;
    await desk.sync();
    expect(server.sessions).toEqual([expect.objectContaining({ id: 'scs_1', gateId: SOUTH, operatorName: 'Lerato' })]);
    expect(server.uploads[0]!.scans[0]!.sessionId).toBe('scs_1');
    expect(desk.getState().session?.serverId).toBe('scs_1');
  });

  it('an upload naming a session the server does not accept goes again without it', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = await signedInAt(SOUTH);
    browserOnline = false;
    server.offline = true;
    await desk.check(a!.token);
    server.sessions = []; // the server no longer knows it (e.g. the device was re-registered)
    browserOnline = true;
    server.offline = false;
    await desk.sync();
    expect(desk.getState().pending).toBe(0);
    expect(server.uploads.at(-1)!.scans[0]!.sessionId).toBeUndefined();
  });

  it('scans for an event the device was taken off stay queued and are reported, without blocking the rest', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    await store.set('queue', [
      { eventId: 'evt_gone', sessionLocalId: null, nonce: 'old-1', token: 'VG1.x.y', scannedAt: new Date(clock - 3_600_000).toISOString(), direction: 'in', local: 'valid', ticketId: null },
    ]);
    const desk = await signedInAt(SOUTH);
    browserOnline = false;
    await desk.check(a!.token);
    browserOnline = true;
    await desk.sync();
    expect(server.uploads.map((u) => u.eventId)).toEqual([EVENT]);
    expect(desk.getState().pending).toBe(1);
    expect(desk.getState().syncError).toMatch(/1 scan for an event was not accepted: Event not found/);
    expect(desk.getState().event?.syncedAt).not.toBeNull();
  });

  it('tells staff when the server decides an offline admission differently (someone else got in first)', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = await signedInAt(SOUTH);
    server.checkedIn.set(a!.id, { nonce: 'other', at: new Date(clock - 60_000).toISOString() }); // another gate, not yet synced here
    browserOnline = false;
    server.offline = true;
    expect((await desk.check(a!.token)).result).toBe('valid');
    browserOnline = true;
    server.offline = false;
    await desk.sync();
    const alert = expect.objectContaining({ ticketId: a!.id, local: 'valid', server: 'duplicate', alert: true, acknowledgedAt: null, first: expect.objectContaining({ gateName: 'North Gate' }) });
    expect(desk.getState().corrections).toEqual([alert]);
    // Someone was let in on a used ticket: an alert until acknowledged, told to the server, and the counters now say so.
    expect(desk.getState().alerts).toEqual([alert]);
    expect(server.uploads.at(-1)!.scans[0]).toMatchObject({ shown: 'valid' });
    expect(desk.getState().session!.counts).toMatchObject({ valid: 0, duplicate: 1 });
    // Clearing the list does not clear an alert nobody acknowledged; a second upload of the same answers adds nothing.
    await desk.dismissCorrections();
    expect(desk.getState().alerts).toHaveLength(1);
    await desk.acknowledgeAlerts();
    expect(desk.getState().alerts).toEqual([]);
    expect(desk.getState().corrections).toEqual([expect.objectContaining({ alert: true, acknowledgedAt: expect.any(String) })]);
    await desk.dismissCorrections();
    expect(desk.getState().corrections).toEqual([]);
    expect(desk.getState().session!.counts).toMatchObject({ valid: 0, duplicate: 1 });
  });

  it('manifest check-ins from other gates make an offline check a duplicate; cancellations refuse', async () => {
    const [a, b] = await tickets(2);
    server.pages = [
      page(key.publicKey, { tickets: [a!.listed, b!.listed], cursor: '2.0', hasMore: true }),
      page(key.publicKey, {
        checkIns: [{ ticketId: a!.id, checkedIn: true, inside: true, first: { at: new Date(clock - 120_000).toISOString(), gateId: NORTH, gateName: 'North Gate', deviceId: 'dev_other', deviceName: 'Other phone', nonce: 'x' } }],
        revocations: [{ ticketId: b!.id, reason: 'cancelled' }],
        cursor: '3.1',
      }),
    ];
    const desk = await signedInAt(SOUTH);
    expect(server.calls.filter((c) => c === 'manifest').length).toBeGreaterThanOrEqual(2);
    browserOnline = false;
    const dup = await desk.check(a!.token);
    expect(dup).toMatchObject({ result: 'duplicate', first: { gateName: 'North Gate', deviceName: 'Other phone' } });
    expect((await desk.check(b!.token)).result).toBe('cancelled');
  });

  it('with no manifest on the phone, an offline check is "cannot check" and nothing is queued', async () => {
    const [a] = await tickets(1);
    const desk = newDesk();
    await desk.load();
    await desk.signIn('vgd_abcdefghijklmnop');
    browserOnline = false;
    await desk.startSession({ eventId: EVENT, gateId: null, operatorName: 'Sipho' });
    const v = await desk.check(a!.token);
    expect(v.result).toBe('unverifiable');
    expect(desk.getState().pending).toBe(0);
  });

  it('syncs every 30 s, retries every 10 s while scans wait, and not at all while the browser is offline', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = await signedInAt(null);
    const manifests = () => server.calls.filter((c) => c === 'manifest').length;
    const before = manifests();
    clock += SYNC_EVERY_MS - 1;
    desk.tick();
    expect(manifests()).toBe(before);
    clock += 1;
    desk.tick();
    await desk.sync();
    expect(manifests()).toBe(before + 1);

    browserOnline = false;
    await desk.check(a!.token);
    clock += SYNC_EVERY_MS * 3;
    desk.tick();
    expect(manifests()).toBe(before + 1);

    browserOnline = true;
    server.offline = true; // the browser says online but requests fail
    desk.tick();
    await desk.sync();
    expect(desk.getState().pending).toBe(1);
    server.offline = false;
    clock += RETRY_EVERY_MS;
    desk.tick();
    await desk.sync();
    expect(desk.getState().pending).toBe(0);
  });

  it('a revoked device is sent back to sign-in with the reason, keeping its unsent scans', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = await signedInAt(null);
    browserOnline = false;
    await desk.check(a!.token);
    server.revoked = true;
    browserOnline = true;
    await desk.sync();
    await new Promise((r) => setTimeout(r, 0));
    expect(desk.getState()).toMatchObject({ device: null, session: null, pending: 1 });
    expect(desk.getState().authError).toMatch(/revoked/);
  });

  it('signing out forgets the token, sessions, queue and manifests', async () => {
    const [a] = await tickets(1);
    server.pages = [page(key.publicKey, { tickets: [a!.listed], cursor: '1.0' })];
    const desk = await signedInAt(null);
    await desk.signOut();
    expect(server.sessions[0]!.ended).toBe(true);
    expect(await store.keys()).toEqual([]);
    expect(desk.getState()).toMatchObject({ device: null, session: null, pending: 0 });
  });
});
