/**
 * Double admissions: someone let in on a ticket already used, found when an offline gate's scans are uploaded. The
 * scan that admitted second is flagged (the offline scan shown valid that the server finds a duplicate, or the scan
 * whose check-in an earlier offline scan took over), counted per gate and listed for the organizer.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { records } from '../../support/csv';
import { completed, download, requestExport } from '../../support/exports';
import { buyTickets, deviceScan, eventToday, registerDevice } from '../../support/scanning';

const flagged = async (ticketId: string) =>
  (await env.DB.prepare('select nonce, double_admission as d, shown_result as shown from scans where ticket_id = ? order by scanned_at').bind(ticketId).all<{ nonce: string; d: number; shown: string | null }>()).results;

describe('double admissions (GET /orgs/{orgId}/events/{eventId}/double-admissions)', () => {
  it('counts, per gate, the scans that let someone in on a ticket already used — once, however often the upload comes', async () => {
    const { owner, f, north, south } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 4);
    const [t1, t2, t3, t4] = order.tickets as [(typeof order.tickets)[0], (typeof order.tickets)[0], (typeof order.tickets)[0], (typeof order.tickets)[0]];
    const online = await registerDevice(owner, [f.eventId], north, 'North phone');
    const offline = await registerDevice(owner, [f.eventId], south, 'South phone');
    await env.DB.prepare('update devices set created_at = ? where id = ?').bind(Date.now() - 3_600_000, offline.id).run();

    const none = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/double-admissions`, { token: owner.token });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ total: 0, gates: [], recent: [] });

    // North (online) admits t1 and t2 now.
    for (const [t, nonce] of [[t1, 'n-1'], [t2, 'n-2']] as const) expect((await deviceScan(online.token, { eventId: f.eventId, token: t.qrToken, nonce })).body.result).toBe('valid');
    await new Promise((r) => setTimeout(r, 5));
    const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const upload = {
      eventId: f.eventId,
      scans: [
        // South, offline, admitted t1 ten minutes ago: North's admission came second.
        { nonce: 's-1', token: t1.qrToken, scannedAt: ago(10), shown: 'valid' },
        // South admitted t2 just now, after North: South's came second.
        { nonce: 's-2', token: t2.qrToken, scannedAt: new Date().toISOString(), shown: 'valid' },
        // South twice on t3: the second was shown as already checked in (nobody let in).
        { nonce: 's-3', token: t3.qrToken, scannedAt: ago(3), shown: 'valid' },
        { nonce: 's-4', token: t3.qrToken, scannedAt: ago(2), shown: 'duplicate' },
        // An older scanner that does not say what it showed: nothing is assumed.
        { nonce: 's-5', token: t4.qrToken, scannedAt: ago(1) },
      ],
    };
    for (let i = 0; i < 2; i++) {
      const sent = await api('POST', '/device/scans/batch', { token: offline.token, body: upload });
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body.results.map((r: { result: string }) => r.result)).toEqual(['valid', 'duplicate', 'valid', 'duplicate', 'valid']);
    }

    expect(await flagged(t1.id)).toEqual([
      { nonce: 's-1', d: 0, shown: 'valid' },
      { nonce: 'n-1', d: 1, shown: null },
    ]);
    expect(await flagged(t2.id)).toEqual([
      { nonce: 'n-2', d: 0, shown: null },
      { nonce: 's-2', d: 1, shown: 'valid' },
    ]);
    expect((await flagged(t3.id)).map((r) => r.d)).toEqual([0, 0]);

    const got = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/double-admissions`, { token: owner.token });
    expect(got.status).toBe(200);
    expect(got.body.total).toBe(2);
    expect(got.body.gates).toEqual([
      { gateId: north, gateName: 'North', count: 1 },
      { gateId: south, gateName: 'South', count: 1 },
    ]);
    expect(got.body.recent.map((r: { ticketId: string; deviceName: string; offline: boolean }) => [r.ticketId, r.deviceName, r.offline])).toEqual([
      [t2.id, 'South phone', true],
      [t1.id, 'North phone', false],
    ]);

    // The scans list filters to them, and says what each gate showed.
    const list = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/scans?doubleAdmission=true`, { token: owner.token });
    expect(list.body.items.map((s: { nonce: string }) => s.nonce).sort()).toEqual(['n-1', 's-2']);
    expect(list.body.items.find((s: { nonce: string }) => s.nonce === 's-2')).toMatchObject({ shownResult: 'valid', doubleAdmission: true, result: 'duplicate' });

    // The check-ins export (from the Postgres copy, which outlives the event's archival) carries both.
    const exported = await completed(owner, (await requestExport(owner, { kind: 'check_ins', eventId: f.eventId })).id);
    const rows = records((await download(exported.downloadUrl!)).text).rows;
    const row = (nonce: string) => rows.find((r) => r.scan_id === list.body.items.find((s: { nonce: string }) => s.nonce === nonce)?.id);
    expect(row('s-2')).toMatchObject({ shown_on_gate: 'valid', result: 'duplicate', double_admission: 'true' });
    expect(row('n-1')).toMatchObject({ shown_on_gate: '', result: 'valid', double_admission: 'true' });
    expect(rows.filter((r) => r.double_admission === 'true')).toHaveLength(2);

    // Another organization's owner sees no such event.
    const other = await signup();
    expect((await api('GET', `/orgs/${other.orgId}/events/${f.eventId}/double-admissions`, { token: other.token })).status).toBe(404);
  });

  it('refuses a shown result that is not a scan result', async () => {
    const { owner, f, south } = await eventToday();
    const device = await registerDevice(owner, [f.eventId], south);
    const res = await api('POST', '/device/scans/batch', { token: device.token, body: { eventId: f.eventId, scans: [{ nonce: 'x-1', token: 'VG1.x', scannedAt: new Date().toISOString(), shown: 'let_in' }] } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('body.scans.0.shown');
  });
});
