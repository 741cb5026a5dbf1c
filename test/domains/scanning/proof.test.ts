/**
 * The gate on a big night: 10,000 tickets; four devices scanning online at once (with overlap, so
 * some tickets are scanned twice online); two devices offline, scanning from their manifests and
 * uploading in batches while the online scanning goes on — overlapping each other and the online
 * devices, some of their scans earlier than the online ones and some later.
 *
 * At the end every ticket is checked in exactly once, by its earliest scan; every other scan is a
 * duplicate; and every device involved in a duplicate — the one whose scan lost and the one whose
 * scan won — hears of it on its next sync.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { OfflineScanner, type ManifestPage } from '../../../src/shared/offline-scanner';
import { api } from '../../support/api';
import { eventToday, issueBulkTickets, manifest, registerDevice, type Ticket } from '../../support/scanning';

const TICKETS = 10_000;

async function syncAll(token: string, eventId: string, cursor?: string) {
  const pages: ManifestPage[] = [];
  for (;;) {
    const res = await manifest(token, eventId, cursor);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    pages.push(res.body);
    cursor = res.body.cursor;
    if (!res.body.hasMore) return { pages, cursor: cursor! };
  }
}

async function uploadAll(device: { token: string }, scanner: OfflineScanner, eventId: string) {
  let results = 0;
  while (scanner.queued > 0) {
    const batch = scanner.pending(500);
    const res = await api('POST', '/device/scans/batch', { token: device.token, body: { eventId, scans: batch } });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    results += res.body.results.length;
    scanner.acknowledge(batch.map((s) => s.nonce));
  }
  return results;
}

describe('10,000 tickets, 4 online and 2 offline devices', () => {
  it('ends with every ticket checked in exactly once and every duplicate reported to the devices involved', async () => {
    const { owner, f, north, south } = await eventToday();
    const tickets: Ticket[] = await issueBulkTickets(owner.orgId, f.eventId, f.gaTypeId, TICKETS);
    const online = await Promise.all([0, 1, 2, 3].map((k) => registerDevice(owner, [f.eventId], k % 2 ? south : north, `Online ${k}`)));
    const offline = await Promise.all([0, 1].map((k) => registerDevice(owner, [f.eventId], k ? south : north, `Offline ${k}`)));
    const devices = [...online, ...offline];
    // The offline phones were registered this morning: a scan may not precede its device's registration.
    for (const d of offline) await env.DB.prepare('update devices set created_at = ? where id = ?').bind(Date.now() - 3_600_000, d.id).run();
    // Every device syncs before the doors open: that cursor is where it hears of duplicates from.
    const before = new Map<string, string>();
    const scanners: OfflineScanner[] = [];
    for (const [k, d] of offline.entries()) {
      let clock = 0;
      const scanner = new OfflineScanner({ gateId: k ? south : north, now: () => clock, nonce: () => `off${k}-${clock}-${Math.random().toString(36).slice(2, 8)}` });
      const synced = await syncAll(d.token, f.eventId);
      for (const page of synced.pages) scanner.apply(page);
      expect(scanner.ticketCount).toBe(TICKETS);
      before.set(d.id, synced.cursor);
      scanners.push(Object.assign(scanner, { setClock: (t: number) => (clock = t) }));
    }
    for (const d of online) before.set(d.id, (await manifest(d.token, f.eventId)).body.cursor);

    // Offline scanning happens first in scan time (T0 = 20 minutes ago), at 100 ms per ticket.
    const t0 = Date.now() - 20 * 60_000;
    const [offA, offB] = scanners as [OfflineScanner & { setClock(t: number): void }, OfflineScanner & { setClock(t: number): void }];
    let localDuplicates = 0;
    for (let i = 600; i < 6_500; i++) {
      offA.setClock(t0 + (i - 600) * 100);
      expect((await offA.scan(tickets[i]!.qrToken)).result).toBe('valid');
    }
    for (let i = 6_000; i < 10_000; i++) {
      // Where A and B overlap, A scanned even tickets first and B odd ones.
      offB.setClock(t0 + (i - 600) * 100 + (i % 2 === 0 ? 50 : -50));
      expect((await offB.scan(tickets[i]!.qrToken)).result).toBe('valid');
    }
    // B scans a ticket twice itself: the local decision is already a duplicate.
    offB.setClock(t0 + 900_000);
    if ((await offB.scan(tickets[9_999]!.qrToken)).result === 'duplicate') localDuplicates++;
    expect(localDuplicates).toBe(1);

    // Online: device k scans tickets i ≡ k (mod 4) below 1,200, then re-scans 30 of its neighbour's;
    // meanwhile both offline devices upload.
    const onlineScan = async (k: number) => {
      const mine = [...Array(1_200).keys()].filter((i) => i % 4 === k);
      const neighbours = [...Array(120).keys()].filter((i) => i % 4 === (k + 1) % 4);
      const answers: string[] = [];
      for (const i of [...mine, ...neighbours]) {
        const res = await api('POST', '/device/scan', { token: online[k]!.token, body: { eventId: f.eventId, token: tickets[i]!.qrToken, nonce: `on${k}-${i}` } });
        expect(res.status).toBe(200);
        answers.push(res.body.result);
      }
      return answers;
    };
    const [onlineAnswers, uploaded] = await Promise.all([
      Promise.all([0, 1, 2, 3].map(onlineScan)),
      Promise.all([uploadAll(offline[0]!, offA, f.eventId), uploadAll(offline[1]!, offB, f.eventId)]),
    ]);
    expect(uploaded).toEqual([5_900, 4_001]);
    expect(onlineAnswers.flat().filter((r) => r !== 'valid' && r !== 'duplicate')).toEqual([]);

    // Later, B (offline again) scans 300 tickets the online devices had already let in.
    for (let i = 0; i < 300; i++) {
      offB.setClock(Date.now());
      await offB.scan(tickets[i]!.qrToken);
    }
    expect(await uploadAll(offline[1]!, offB, f.eventId)).toBe(300);

    // Every ticket checked in exactly once.
    const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${owner.orgId}:${f.eventId}`));
    expect((await stub.availability()).counts.checkedIn).toBe(TICKETS);
    const state = new Map<string, { at: string; deviceId: string | null; nonce: string | null }>();
    for (const page of (await syncAll(online[0]!.token, f.eventId)).pages) {
      for (const c of page.checkIns) {
        expect(c.checkedIn).toBe(true);
        state.set(c.ticketId, (c as unknown as { first: { at: string; deviceId: string; nonce: string } }).first);
      }
    }
    expect(state.size).toBe(TICKETS);

    // The winner is each ticket's earliest admitting scan (ties by scan id), from the record of every scan.
    const rows = (
      await env.DB.prepare("select ticket_id, device_id, nonce, scanned_at from scans where event_id = ? and direction = 'in' and result in ('valid', 'duplicate')")
        .bind(f.eventId)
        .all<{ ticket_id: string; device_id: string; nonce: string; scanned_at: number }>()
    ).results;
    expect(rows).toHaveLength(1_200 + 120 + 5_900 + 4_001 + 300);
    const byTicket = new Map<string, typeof rows>();
    for (const r of rows) byTicket.set(r.ticket_id, [...(byTicket.get(r.ticket_id) ?? []), r]);
    expect(byTicket.size).toBe(TICKETS);
    const lost: { ticketId: string; loser: string; winner: string; key: string }[] = [];
    for (const [ticketId, scans] of byTicket) {
      const key = (r: (typeof rows)[number]) => `${r.device_id}/${r.nonce}`;
      const [winner, ...rest] = [...scans].sort((a, b) => a.scanned_at - b.scanned_at || (key(a) < key(b) ? -1 : 1));
      const held = state.get(ticketId)!;
      expect(`${held.deviceId}/${held.nonce}`, ticketId).toBe(key(winner!));
      for (const r of rest) lost.push({ ticketId, loser: r.device_id, winner: winner!.device_id, key: key(r) });
    }
    expect(lost).toHaveLength(rows.length - TICKETS);
    // Offline A's earlier scans took 600 tickets over from the online devices; of the 500 A and B
    // both scanned, A was first for the even ones.
    const aWins = [...state.values()].filter((s) => s.deviceId === offline[0]!.id).length;
    expect(aWins).toBe(600 + 4_800 + 250);

    // Every device hears of every duplicate it was involved in, on its next sync, exactly once.
    for (const d of devices) {
      const heard = (await syncAll(d.token, f.eventId, before.get(d.id))).pages.flatMap((p) => p.duplicates);
      const keys = heard.map((h) => `${h.scan.deviceId}/${h.scan.nonce}`).sort();
      const expected = lost.filter((l) => l.loser === d.id || l.winner === d.id).map((l) => l.key).sort();
      expect(keys.length, `duplicates heard by ${d.id}`).toBe(expected.length);
      expect(keys).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
    }
  }, 600_000);
});
