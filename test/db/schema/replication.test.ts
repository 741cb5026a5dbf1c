/**
 * The replication outbox (src/db/schema/replication.ts, migrations/0020_replication_outbox.sql): every durable fact a
 * buyer, organizer or gate creates or changes leaves an outbox row in the same transaction — whichever code path wrote
 * it — and a batch that fails leaves none.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { REPLICATED_TABLES } from '../../../src/db/schema/replication';
import { api } from '../../support/api';
import { buyTickets, deviceScan, eventToday, registerDevice, startSession } from '../../support/scanning';

type OutboxRow = { seq: number; table_name: string; row_id: string; organization_id: string; changed_at: number };
const outboxOf = async (orgId: string) => (await env.DB.prepare('SELECT * FROM replication_outbox WHERE organization_id = ? ORDER BY seq').bind(orgId).all<OutboxRow>()).results;

describe('the replication outbox', () => {
  it('holds a row for every insert and update of every durable fact of a sale, a refund and a scan', async () => {
    const before = Date.now();
    const { owner, f, north } = await eventToday();
    const bought = await buyTickets(f.eventId, f.gaTypeId, 2);
    const refunded = await api('POST', `/orgs/${owner.orgId}/orders/${bought.orderId}/refunds`, { token: owner.token, body: { reason: 'One ticket', ticketIds: [bought.tickets[0]!.id] } });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    const device = await registerDevice(owner, [f.eventId], north);
    await startSession(device.token, f.eventId, north);
    expect((await deviceScan(device.token, { eventId: f.eventId, token: bought.tickets[1]!.qrToken })).status).toBe(200);
    await env.DB.prepare('INSERT INTO occupancy_snapshots (id, organization_id, event_id, taken_at, sold, held, checked_in, capacity) VALUES (?, ?, ?, ?, 2, 0, 1, 100)')
      .bind(`occ_${crypto.randomUUID()}`, owner.orgId, f.eventId, Date.now())
      .run();

    const outbox = await outboxOf(owner.orgId);
    const seen = new Set(outbox.map((r) => `${r.table_name}/${r.row_id}`));
    for (const table of REPLICATED_TABLES) {
      const rows = (await env.DB.prepare(`SELECT id FROM ${table} WHERE organization_id = ?`).bind(owner.orgId).all<{ id: string }>()).results;
      expect(rows.length, `${table} has rows in this sale`).toBeGreaterThan(0);
      for (const { id } of rows) expect(seen.has(`${table}/${id}`), `${table}/${id} in the outbox`).toBe(true);
    }
    for (const r of outbox) {
      expect(r.changed_at).toBeGreaterThanOrEqual(before - 1_000);
      expect(r.changed_at).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    // A change after the insert is a later entry of the same row: the order went pending → paid → refunded.
    const orderEntries = outbox.filter((r) => r.table_name === 'orders' && r.row_id === bought.orderId);
    expect(orderEntries.length).toBeGreaterThan(1);
    expect(orderEntries.map((r) => r.seq)).toEqual([...orderEntries.map((r) => r.seq)].sort((a, b) => a - b));
    // Another tenant's changes are not this tenant's.
    const other = await eventToday();
    expect((await outboxOf(other.owner.orgId)).some((r) => seen.has(`${r.table_name}/${r.row_id}`))).toBe(false);
  });

  it('is written in the same transaction as the change: a batch that fails leaves neither', async () => {
    const { owner } = await eventToday();
    const id = `aud_${crypto.randomUUID()}`;
    const insert = env.DB.prepare("INSERT INTO audit_logs (id, organization_id, actor_type, action, resource_type, created_at) VALUES (?, ?, 'system', 'test.fact', 'test', ?)").bind(id, owner.orgId, Date.now());
    // The second statement breaks the batch (the same primary key again): D1 rolls the whole batch back.
    await expect(env.DB.batch([insert, insert])).rejects.toThrow();
    expect(await env.DB.prepare('SELECT id FROM audit_logs WHERE id = ?').bind(id).first()).toBeNull();
    expect((await outboxOf(owner.orgId)).some((r) => r.row_id === id)).toBe(false);
    await env.DB.batch([insert]);
    expect((await outboxOf(owner.orgId)).filter((r) => r.row_id === id)).toHaveLength(1);
  });
});
