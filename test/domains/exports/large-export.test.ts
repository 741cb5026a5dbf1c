/** A 100,000-row export streams from the Postgres copy to R2 with a bounded buffer, through the queue and measured directly. */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { withOrganization } from '../../../src/db/postgres-client';
import { runExport } from '../../../src/domains/exports/run';
import { PART_SIZE } from '../../../src/domains/exports/writer';
import { signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { completed, download, insertJob, MiB, requestExport } from '../../support/exports';
import { replicated } from '../../support/replication';
import { insertOrder } from '../tickets/fixtures';

describe('a 100,000-row export', () => {
  it('streams 100,000 attendees to R2 in 5 MiB parts with under 6 MiB buffered, through the queue and measured directly', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    const orderId = await insertOrder(owner.orgId, f.eventId);
    await replicated(owner.orgId);
    const now = new Date();
    const started = Date.now();
    // Straight into the Postgres copy the export reads (100,000 tickets through replication would be its own bench).
    await withOrganization(env, owner.orgId, (tx) =>
      tx.execute(sql`
        insert into tickets (id, organization_id, event_id, order_id, order_line_id, ticket_type_id, seat_id, attendee_name, status, secret_version, issued_at, version)
        select 'tkt_' || lpad(i::text, 26, '0'), ${owner.orgId}, ${f.eventId}, ${orderId}, ${orderId} || '_line_' || i, ${f.gaTypeId}, null,
               case when i % 1000 = 0 then '=cmd|'' /C calc''!A0' else 'Attendee Number ' || i end,
               'valid', 1, ${now.toISOString()}::timestamptz, 1
          from generate_series(1, 100000) as i`),
    );
    const inserted = Date.now() - started;

    // Through the route and the queue.
    const routeStart = Date.now();
    const job = await completed(owner, (await requestExport(owner, { kind: 'attendees', eventId: f.eventId })).id, 240_000);
    const routeMs = Date.now() - routeStart;
    expect(job).toMatchObject({ rowsWritten: 100_000, rowsTotal: 100_000 });
    expect(job.sizeBytes!).toBeGreaterThan(6 * MiB);
    const { text } = await download(job.downloadUrl!);
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(100_001);
    expect(lines[1]!.startsWith('tkt_00000000000000000000000001,valid,')).toBe(true);
    // Every thousandth attendee typed a DDE payload: it arrives as text.
    expect(lines[1000]).toContain(`,'=cmd|' /C calc'!A0,`);

    // Directly, for the writer's figures.
    const directStart = Date.now();
    const result = await runExport(env, createDb(env.DB), await insertJob(owner.orgId, 'attendees', f.eventId));
    const directMs = Date.now() - directStart;
    if (result.outcome !== 'completed') throw new Error('not completed');
    expect(result.rowsWritten).toBe(100_000);
    expect(result.sizeBytes).toBe(job.sizeBytes);
    expect(result.sizeBytes).toBeGreaterThan(6 * MiB);
    expect(result.stats.parts).toBe(Math.ceil(result.sizeBytes / PART_SIZE));
    expect(result.stats.maxBufferedBytes).toBeLessThan(6 * MiB);
    console.log(
      `100k export: insert ${inserted} ms; route+queue ${routeMs} ms; direct ${directMs} ms; size ${result.sizeBytes} bytes in ${result.stats.parts} parts; ` +
        `maxBufferedBytes ${result.stats.maxBufferedBytes} (largest page ${result.stats.largestChunkBytes} bytes)`,
    );
  }, 300_000);
});
