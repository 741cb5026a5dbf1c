import { describe, expect, it } from 'vitest';
import { OfflineScanner, type ManifestPage } from '../../src/shared/offline-scanner';
import { api } from '../support/api';
import { buyTickets, eventToday, manifest, registerDevice } from '../support/scanning';

async function offlineAt(gateId: string | null, deviceToken: string, eventId: string) {
  const scanner = new OfflineScanner({ gateId });
  let cursor: string | undefined;
  do {
    const page = (await manifest(deviceToken, eventId, cursor)).body as ManifestPage;
    scanner.apply(page);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  return scanner;
}

describe('the offline scanner (decides from the manifest alone)', () => {
  it('admits once, and refuses forged, cancelled, re-issued and wrong-gate tickets without the network', async () => {
    const { owner, f, north, south } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 4);
    const [a, b, c, d] = order.tickets as [(typeof order.tickets)[0], (typeof order.tickets)[0], (typeof order.tickets)[0], (typeof order.tickets)[0]];
    await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/refunds`, { token: owner.token, body: { reason: 'x', ticketIds: [b.id] } });
    const reissued = await api('POST', `/orgs/${owner.orgId}/orders/${order.orderId}/tickets/${c.id}/reissue`, { token: owner.token, body: { reason: 'Leaked online' } });
    expect(reissued.status, JSON.stringify(reissued.body)).toBe(200);
    expect(reissued.body.secretVersion).toBe(2);
    const phone = await registerDevice(owner, [f.eventId], south);
    const scanner = await offlineAt(south, phone.token, f.eventId);

    expect((await scanner.scan(a.qrToken)).result).toBe('valid');
    expect((await scanner.scan(a.qrToken)).result).toBe('duplicate');
    expect((await scanner.scan(b.qrToken)).result).toBe('cancelled');
    expect((await scanner.scan(c.qrToken)).result).toBe('revoked');
    expect((await scanner.scan(reissued.body.qrToken)).result).toBe('valid');
    expect((await scanner.scan(d.qrToken.slice(0, 20) + 'x' + d.qrToken.slice(21))).result).toBe('invalid_token');
    expect(scanner.queued).toBe(6);

    // Uploading: the server agrees with every local decision.
    const upload = async () => {
      const batch = scanner.pending();
      const sent = await api('POST', '/device/scans/batch', { token: phone.token, body: { eventId: f.eventId, scans: batch } });
      scanner.acknowledge(batch.map((s) => s.nonce));
      return sent.body.results.map((r: { result: string }) => r.result);
    };
    expect(await upload()).toEqual(['valid', 'duplicate', 'cancelled', 'revoked', 'valid', 'invalid_token']);
    expect(scanner.queued).toBe(0);

    // A gate rule that arrives with the next sync applies offline too.
    await api('PATCH', `/orgs/${owner.orgId}/events/${f.eventId}/ticket-types/${f.gaTypeId}`, { token: owner.token, body: { gateIds: [north] } });
    scanner.apply((await manifest(phone.token, f.eventId, scanner.cursor)).body);
    expect((await scanner.scan(d.qrToken)).result).toBe('wrong_gate');
    expect(await upload()).toEqual(['wrong_gate']);
  });

  it('admits a genuine ticket sold after its last sync, flagged as unlisted', async () => {
    const { owner, f } = await eventToday();
    const phone = await registerDevice(owner, [f.eventId]);
    const scanner = await offlineAt(null, phone.token, f.eventId);
    expect(scanner.ticketCount).toBe(0);
    const order = await buyTickets(f.eventId, f.gaTypeId, 1);
    expect(await scanner.scan(order.tickets[0]!.qrToken)).toMatchObject({ result: 'valid', unlisted: true, ticketId: order.tickets[0]!.id, ticketTypeName: 'Standing' });
  });
});
