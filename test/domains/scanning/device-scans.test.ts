import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ensureEventKey, rotateEventKey } from '../../../src/domains/tickets/keys';
import { readTicketTokenUnverified, signTicketToken } from '../../../src/domains/tickets/token';
import { OfflineScanner } from '../../../src/shared/offline-scanner';
import { addMember, api } from '../../support/api';
import { keyContext } from '../tickets/fixtures';
import { openOrganizerLive } from '../../support/live';
import { buyTickets, deviceScan, eventToday, manifest, registerDevice, startSession, type Ticket } from '../../support/scanning';

const scanRows = async (ticketId: string) =>
  (await env.DB.prepare('select result, device_id, offline, nonce from scans where ticket_id = ? order by scanned_at, id').bind(ticketId).all<{ result: string; device_id: string; offline: number; nonce: string }>()).results;

describe('scanning online (POST /device/scan)', () => {
  it('admits a ticket once, names the first scan on a duplicate, and answers a retry the same', async () => {
    const { owner, f, north, south } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const gateA = await registerDevice(owner, [f.eventId], north, 'North phone');
    const gateB = await registerDevice(owner, [f.eventId], undefined, 'Roaming phone');
    const session = await startSession(gateB.token, f.eventId, south);
    const token = order.tickets[0]!.qrToken;

    const first = await deviceScan(gateA.token, { eventId: f.eventId, token, nonce: 'a-1' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ nonce: 'a-1', result: 'valid', ticket: { id: order.tickets[0]!.id, ticketTypeName: 'Standing' }, first: null });
    expect((await deviceScan(gateA.token, { eventId: f.eventId, token, nonce: 'a-1' })).body.result).toBe('valid');

    const dup = await deviceScan(gateB.token, { eventId: f.eventId, token, sessionId: session });
    expect(dup.body).toMatchObject({ result: 'duplicate', first: { gateId: north, gateName: 'North', deviceId: gateA.id, deviceName: 'North phone', nonce: 'a-1' } });
    // The retry recorded nothing twice; the duplicate is recorded with its session's gate.
    expect((await scanRows(order.tickets[0]!.id)).map((r) => [r.result, r.device_id])).toEqual([
      ['valid', gateA.id],
      ['duplicate', gateB.id],
    ]);
    const listed = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/scans?result=duplicate`, { token: owner.token });
    expect(listed.body.items).toMatchObject([{ ticketId: order.tickets[0]!.id, deviceId: gateB.id, gateId: south, sessionId: session, offline: false }]);
  });

  it('says invalid_token, wrong_gate and cancelled, and refuses a revoked device on its next request', async () => {
    const { owner, f, north, south } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const restricted = await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/ticket-types/${f.gaTypeId}`, { token: owner.token, body: { gateIds: [north] } });
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    const southPhone = await registerDevice(owner, [f.eventId], south);
    const token = order.tickets[0]!.qrToken;
    expect((await deviceScan(southPhone.token, { eventId: f.eventId, token: token.slice(0, -4) })).body.result).toBe('invalid_token');
    expect((await deviceScan(southPhone.token, { eventId: f.eventId, token: 'not a ticket at all' })).body.result).toBe('invalid_token');
    expect((await deviceScan(southPhone.token, { eventId: f.eventId, token })).body.result).toBe('wrong_gate');

    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/refunds`, { token: owner.token, body: { reason: 'Cannot come' } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect((await deviceScan(southPhone.token, { eventId: f.eventId, token: order.tickets[1]!.qrToken })).body.result).toBe('cancelled');

    expect((await api('DELETE', `/orgs/${owner.orgId}/devices/${southPhone.id}`, { token: owner.token })).status).toBe(200);
    const refused = await deviceScan(southPhone.token, { eventId: f.eventId, token });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('device_revoked');
  });

  it("keeps a device to its own events and open sessions", async () => {
    const { owner, f } = await eventToday();
    const other = await eventToday({ owner });
    const order = await buyTickets(f.eventId, f.gaTypeId, 1);
    const phone = await registerDevice(owner, [f.eventId]);
    const otherPhone = await registerDevice(owner, [f.eventId]);
    expect((await deviceScan(phone.token, { eventId: other.f.eventId, token: order.tickets[0]!.qrToken })).status).toBe(404);
    const foreign = await startSession(otherPhone.token, f.eventId);
    expect((await deviceScan(phone.token, { eventId: f.eventId, token: order.tickets[0]!.qrToken, sessionId: foreign })).status).toBe(404);
    const own = await startSession(phone.token, f.eventId);
    await api('POST', `/device/scan-sessions/${own}/end`, { token: phone.token });
    const ended = await deviceScan(phone.token, { eventId: f.eventId, token: order.tickets[0]!.qrToken, sessionId: own });
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('session_ended');
    expect(await scanRows(order.tickets[0]!.id)).toEqual([]);
  });

  it('counts check-ins per gate live on the event channel', async () => {
    const { owner, f, north } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const phone = await registerDevice(owner, [f.eventId], north);
    const live = await openOrganizerLive(owner.orgId, f.eventId, owner.token);
    await live.next((m) => m.type === 'snapshot');
    await deviceScan(phone.token, { eventId: f.eventId, token: order.tickets[0]!.qrToken });
    const delta = await live.next((m) => m.type === 'delta' && m.counts.checkedIn === 1);
    expect(delta).toMatchObject({ reason: 'checked_in' });
    expect(delta.type === 'delta' && delta.counts).toMatchObject({ checkedIn: 1, inside: 1, gates: { [north]: 1 } });
    expect(delta.type === 'delta' && delta.counts.checkInsPerMinute.at(-1)!.count).toBe(1);
    live.ws.close();
  });
});

describe('a supervisor undoes a mistaken check-in', () => {
  it('lets the ticket in again, tells scanners on their next sync, and audits who and why', async () => {
    const { owner, f, north } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 1);
    const phone = await registerDevice(owner, [f.eventId], north);
    const ticket = order.tickets[0]!;
    await deviceScan(phone.token, { eventId: f.eventId, token: ticket.qrToken });
    const before = await manifest(phone.token, f.eventId);
    const supervisor = await addMember(owner, 'supervisor');
    const url = `/orgs/${owner.orgId}/events/${f.eventId}/tickets/${ticket.id}/undo-check-in`;
    const undone = await api('POST', url, { token: supervisor.token, body: { reason: 'Scanned the wrong ticket' } });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body).toMatchObject({ ticketId: ticket.id, undone: true, previous: { gateId: north, deviceId: phone.id } });
    expect((await api('POST', url, { token: supervisor.token, body: { reason: 'again' } })).body.code).toBe('not_checked_in');

    const after = await manifest(phone.token, f.eventId, before.body.cursor);
    expect(after.body.checkIns).toEqual([{ ticketId: ticket.id, checkedIn: false, inside: false, first: null }]);
    expect((await deviceScan(phone.token, { eventId: f.eventId, token: ticket.qrToken })).body.result).toBe('valid');
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=ticket.check_in_undone`, { token: owner.token });
    expect(audit.body.items[0]).toMatchObject({ resourceId: ticket.id, actorId: supervisor.userId, changes: { reason: 'Scanned the wrong ticket' } });
  });
});

describe('offline: the manifest and uploads', () => {
  it('gives keys, gate rules and tickets without buyer details, then only what changed', async () => {
    const { owner, f, north } = await eventToday();
    const first = await buyTickets(f.eventId, f.gaTypeId, 2);
    const phone = await registerDevice(owner, [f.eventId], north);
    const full = await manifest(phone.token, f.eventId);
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body).toMatchObject({ event: { id: f.eventId, reentryAllowed: false }, device: { id: phone.id, gateId: north }, hasMore: false, revocations: [] });
    expect(full.body.keys).toMatchObject([{ version: 1, algorithm: 'Ed25519', retired: false }]);
    expect(full.body.gates.map((g: { name: string }) => g.name).sort()).toEqual(['North', 'South']);
    expect(full.body.ticketTypes).toMatchObject([{ id: f.gaTypeId, gateIds: [] }]);
    expect(full.body.tickets.map((t: { id: string }) => t.id).sort()).toEqual(first.tickets.map((t) => t.id).sort());
    const text = JSON.stringify(full.body);
    for (const pii of ['Buyer', '@example', 'buyer']) expect(text).not.toContain(pii);

    // Nothing new: an empty delta with the same cursor.
    const same = await manifest(phone.token, f.eventId, full.body.cursor);
    expect(same.body).toMatchObject({ tickets: [], revocations: [], checkIns: [], duplicates: [], cursor: full.body.cursor });

    // A new sale, a refund and a scan by another device come through as a delta.
    const second = await buyTickets(f.eventId, f.gaTypeId, 1);
    await api('POST', `/orgs/${owner.orgId}/orders/${first.orderId}/refunds`, { token: owner.token, body: { reason: 'Changed plans', ticketIds: [first.tickets[0]!.id] } });
    const other = await registerDevice(owner, [f.eventId], north);
    await deviceScan(other.token, { eventId: f.eventId, token: first.tickets[1]!.qrToken });
    const delta = await manifest(phone.token, f.eventId, full.body.cursor);
    expect(delta.body.tickets.map((t: { id: string }) => t.id)).toEqual([second.tickets[0]!.id]);
    expect(delta.body.revocations).toEqual([{ ticketId: first.tickets[0]!.id, reason: 'cancelled' }]);
    expect(delta.body.checkIns).toMatchObject([{ ticketId: first.tickets[1]!.id, checkedIn: true, first: { deviceId: other.id, gateName: 'North' } }]);
  });

  it('pages a large manifest with a cursor', async () => {
    const { owner, f } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 5);
    const phone = await registerDevice(owner, [f.eventId]);
    const seen: string[] = [];
    let since: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await manifest(phone.token, f.eventId, since, 2);
      expect(page.body.tickets.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.tickets.map((t: { id: string }) => t.id));
      since = page.body.cursor;
      if (!page.body.hasMore) break;
    }
    expect(seen.sort()).toEqual(order.tickets.map((t) => t.id).sort());
    expect((await manifest(phone.token, f.eventId, 'yesterday')).status).toBe(422);
  });

  it('takes offline scans, answers a re-upload the same, and lets the earliest scan win', async () => {
    const { owner, f, north, south } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 3);
    const online = await registerDevice(owner, [f.eventId], north, 'Online phone');
    const offline = await registerDevice(owner, [f.eventId], south, 'Offline phone');
    // The offline phone was registered this morning (a scan cannot precede its registration).
    await env.DB.prepare('update devices set created_at = ? where id = ?').bind(Date.now() - 3_600_000, offline.id).run();
    const [t1, t2, t3] = order.tickets as [typeof order.tickets[0], typeof order.tickets[0], typeof order.tickets[0]];
    const base = await manifest(online.token, f.eventId);

    // Online: t1 now. Offline (uploaded later): t1 ten minutes ago, t2 twice.
    expect((await deviceScan(online.token, { eventId: f.eventId, token: t1.qrToken, nonce: 'on-1' })).body.result).toBe('valid');
    const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const upload = {
      eventId: f.eventId,
      scans: [
        { nonce: 'off-1', token: t1.qrToken, scannedAt: ago(10) },
        { nonce: 'off-2', token: t2.qrToken, scannedAt: ago(9) },
        { nonce: 'off-3', token: t2.qrToken, scannedAt: ago(8) },
        { nonce: 'off-4', token: t3.qrToken.slice(0, -3) + 'AAA', scannedAt: ago(7) },
      ],
    };
    const sent = await api('POST', '/device/scans/batch', { token: offline.token, body: upload });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.results.map((r: { result: string }) => r.result)).toEqual(['valid', 'valid', 'duplicate', 'invalid_token']);
    expect(sent.body.results[0]).toMatchObject({ superseded: { deviceId: online.id, deviceName: 'Online phone', nonce: 'on-1' } });

    const again = await api('POST', '/device/scans/batch', { token: offline.token, body: upload });
    expect(again.body.results.map((r: { result: string }) => r.result)).toEqual(['valid', 'valid', 'duplicate', 'invalid_token']);
    expect(await scanRows(t2.id)).toHaveLength(2);
    expect((await scanRows(t1.id)).map((r) => [r.result, r.offline])).toEqual([
      ['valid', 1],
      ['valid', 0],
    ]);

    // Both devices hear of t1's duplicate on their next sync; the offline one also of t2's.
    const onSync = await manifest(online.token, f.eventId, base.body.cursor);
    expect(onSync.body.duplicates).toMatchObject([{ ticketId: t1.id, scan: { deviceId: online.id, nonce: 'on-1' }, winner: { deviceId: offline.id, nonce: 'off-1', gateName: 'South' } }]);
    const offSync = await manifest(offline.token, f.eventId);
    expect(offSync.body.duplicates.map((d: { ticketId: string }) => d.ticketId).sort()).toEqual([t1.id, t2.id].sort());
    // The online device asking about its scan again now hears it is the duplicate.
    expect((await deviceScan(online.token, { eventId: f.eventId, token: t1.qrToken, nonce: 'on-1' })).body).toMatchObject({ result: 'duplicate', first: { nonce: 'off-1' } });
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=scans.uploaded`, { token: owner.token });
    expect(audit.body.items[0]).toMatchObject({ actorType: 'device', actorId: offline.id, changes: { scans: 4 } });
  });

  it('refuses, per scan, one from the future or from before its session started: the rest of the upload counts, and a backdated scan cannot take a check-in over', async () => {
    const { owner, f, north } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 3);
    const [t1, t2, t3] = order.tickets as [Ticket, Ticket, Ticket];
    const gatePhone = await registerDevice(owner, [f.eventId], north, 'Gate phone');
    const rogue = await registerDevice(owner, [f.eventId], undefined, 'Rogue phone');
    // An hour ago the rogue phone was registered; its session starts now.
    await env.DB.prepare('update devices set created_at = ? where id = ?').bind(Date.now() - 3_600_000, rogue.id).run();
    expect((await deviceScan(gatePhone.token, { eventId: f.eventId, token: t1.qrToken, nonce: 'gate-1' })).body.result).toBe('valid');
    const session = await startSession(rogue.token, f.eventId, north);
    const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

    const upload = {
      eventId: f.eventId,
      scans: [
        { nonce: 'back-1', token: t1.qrToken, scannedAt: minutes(-30), sessionId: session },
        { nonce: 'fut-1', token: t2.qrToken, scannedAt: minutes(60), sessionId: session },
        { nonce: 'ok-1', token: t3.qrToken, scannedAt: minutes(0), sessionId: session },
      ],
    };
    const sent = await api('POST', '/device/scans/batch', { token: rogue.token, body: upload });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.results.map((r: { nonce: string; result: string; refusal?: string }) => [r.nonce, r.result, r.refusal ?? null])).toEqual([
      ['back-1', 'refused', 'before_session_start'],
      ['fut-1', 'refused', 'in_future'],
      ['ok-1', 'valid', null],
    ]);
    // The gate phone's check-in stands; the refused scans left no record.
    expect((await deviceScan(gatePhone.token, { eventId: f.eventId, token: t1.qrToken, nonce: 'gate-1' })).body.result).toBe('valid');
    expect((await scanRows(t1.id)).map((r) => r.result)).toEqual(['valid']);
    expect(await scanRows(t2.id)).toEqual([]);
    // Re-uploading answers the same.
    const again = await api('POST', '/device/scans/batch', { token: rogue.token, body: upload });
    expect(again.body.results.map((r: { result: string }) => r.result)).toEqual(['refused', 'refused', 'valid']);

    // Without a session, a scan cannot precede the device's registration.
    const sessionless = await api('POST', '/device/scans/batch', {
      token: rogue.token,
      body: { eventId: f.eventId, scans: [{ nonce: 'back-2', token: t2.qrToken, scannedAt: minutes(-120) }] },
    });
    expect(sessionless.body.results[0]).toMatchObject({ result: 'refused', refusal: 'before_device_registered' });
    expect(await scanRows(t2.id)).toEqual([]);
  });

  it('refuses an upload with repeated nonces, recording nothing', async () => {
    const { owner, f } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 1);
    const phone = await registerDevice(owner, [f.eventId]);
    const token = order.tickets[0]!.qrToken;
    const repeated = await api('POST', '/device/scans/batch', {
      token: phone.token,
      body: { eventId: f.eventId, scans: [{ nonce: 'x', token, scannedAt: new Date().toISOString() }, { nonce: 'x', token, scannedAt: new Date().toISOString() }] },
    });
    expect(repeated.status).toBe(422);
    expect(await scanRows(order.tickets[0]!.id)).toEqual([]);
  });
});

describe('a re-issued ticket', () => {
  it("revokes the old token at once online, and for offline devices on their next sync", async () => {
    const { owner, f } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 1);
    const phone = await registerDevice(owner, [f.eventId]);
    const before = await manifest(phone.token, f.eventId);
    const old = order.tickets[0]!;
    const res = await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/tickets/${old.id}/reissue`, { token: owner.token, body: { reason: 'Lost phone' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: old.id, secretVersion: 2, status: 'valid' });
    expect(res.body.qrToken).not.toBe(old.qrToken);
    expect((await deviceScan(phone.token, { eventId: f.eventId, token: old.qrToken })).body.result).toBe('revoked');
    const delta = await manifest(phone.token, f.eventId, before.body.cursor);
    expect(delta.body.tickets).toEqual([{ id: old.id, ticketTypeId: f.gaTypeId, seatId: null, secretVersion: 2, keyVersion: 1 }]);
    expect((await deviceScan(phone.token, { eventId: f.eventId, token: res.body.qrToken })).body.result).toBe('valid');
    const audit = await api('GET', `/orgs/${owner.orgId}/audit-logs?action=ticket.reissued`, { token: owner.token });
    expect(audit.body.items[0]).toMatchObject({ resourceId: old.id, changes: { reason: 'Lost phone', secretVersion: { from: 1, to: 2 } } });
    // Refunded tickets are not re-issued.
    await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/refunds`, { token: owner.token, body: { reason: 'x' } });
    const refused = await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/tickets/${old.id}/reissue`, { token: owner.token, body: { reason: 'again' } });
    expect(refused.status).toBe(409);
  });
});

describe('a leaked event key', () => {
  it('is shut out by rotating and re-issuing: a token forged with the old key is refused online and offline', async () => {
    const { owner, f } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 1);
    const ticket = order.tickets[0]!;
    const leaked = await ensureEventKey(keyContext(), owner.orgId, f.eventId);
    await rotateEventKey(keyContext(), owner.orgId, f.eventId);
    const reissued = await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/tickets/${ticket.id}/reissue`, { token: owner.token, body: { reason: 'Key leaked' } });
    expect(reissued.status).toBe(200);
    const claims = readTicketTokenUnverified(reissued.body.qrToken)!;
    expect(claims).toMatchObject({ secretVersion: 2, keyVersion: 2 });
    // The thief signs the new secret version with the old key: genuine signature, wrong key for this ticket.
    const forged = await signTicketToken(leaked, { ...claims });
    const phone = await registerDevice(owner, [f.eventId]);
    expect((await deviceScan(phone.token, { eventId: f.eventId, token: forged })).body.result).toBe('invalid_token');
    const scanner = new OfflineScanner({ gateId: null });
    scanner.apply((await manifest(phone.token, f.eventId)).body);
    expect((await scanner.scan(forged)).result).toBe('invalid_token');
    expect((await scanner.scan(reissued.body.qrToken)).result).toBe('valid');
  });
});
