/**
 * The replication queue's consumer (docs/postgres.md, "Replication"): for one organization's rows, reads each as it
 * is now in D1 together with the highest outbox seq of its changes — one D1 batch, so the copy and its version agree —
 * upserts them into Postgres by (id, version) in one transaction for that organization, then marks those outbox rows
 * done. Exactly once in effect: a redelivered, reordered or replayed message finds the copy as new or newer and
 * changes nothing; a message whose Postgres write failed is retried (and its rows sent again by the pump's reclaim),
 * and the outbox keeps every change until the copy holds it.
 */
import { z } from 'zod';
import { postgres } from '../../db/postgres-client';
import { upsertByVersion } from '../../db/postgres/upsert';
import { REPLICATED_TABLES, type ReplicatedTable } from '../../db/schema/replication';
import { TABLE_COPIES } from './tables';

export const ReplicateMessageSchema = z.object({
  kind: z.literal('replicate'),
  organizationId: z.string().min(1),
  rows: z.array(z.object({ table: z.enum(REPLICATED_TABLES), rowId: z.string().min(1) })).min(1).max(500),
});
export type ReplicateMessage = z.infer<typeof ReplicateMessageSchema>;

type Env = Pick<Cloudflare.Env, 'DB' | 'HYPERDRIVE'>;

/**
 * What one message did: rows written (inserted or moved to a newer version), rows with pending changes already as new
 * in Postgres, and rows with nothing pending (already replicated) or gone from D1.
 */
export type Applied = { written: number; unchanged: number; missing: number };

export async function applyReplication(env: Env, message: ReplicateMessage, now = Date.now()): Promise<Applied> {
  const { organizationId } = message;
  const byTable = new Map<ReplicatedTable, string[]>();
  for (const { table, rowId } of message.rows) byTable.set(table, [...(byTable.get(table) ?? []), rowId]);
  // Tables in one fixed order (and rows in key order, upsertByVersion): concurrent messages lock rows alike, no deadlock.
  const tables = [...byTable.keys()].sort((a, b) => REPLICATED_TABLES.indexOf(a) - REPLICATED_TABLES.indexOf(b));
  const reads = tables.flatMap((table) => {
    const ids = JSON.stringify(byTable.get(table));
    return [
      env.DB.prepare(`${TABLE_COPIES[table].select} WHERE t.organization_id = ?1 AND t.id IN (SELECT value FROM json_each(?2))`).bind(organizationId, ids),
      // Only changes not done yet: a row whose changes are all done is in the copy at its latest version already (a
      // redelivered or duplicate message then costs one D1 read and no Postgres connection).
      env.DB.prepare('SELECT row_id, max(seq) AS seq FROM replication_outbox WHERE organization_id = ?1 AND table_name = ?2 AND done_at IS NULL AND row_id IN (SELECT value FROM json_each(?3)) GROUP BY row_id').bind(
        organizationId,
        table,
        ids,
      ),
    ];
  });
  const answers = await env.DB.batch<Record<string, unknown>>(reads);
  const copies = tables.map((table, i) => {
    const versions = new Map((answers[2 * i + 1]!.results as { row_id: string; seq: number }[]).map((r) => [r.row_id, Number(r.seq)]));
    const rows = answers[2 * i]!.results.filter((r) => versions.has(String(r.id))).map((r) => TABLE_COPIES[table].map(r, versions.get(String(r.id))!));
    return { table, rows, versions };
  });

  const found = copies.reduce((n, c) => n + c.rows.length, 0);
  // Nothing pending for any of them: already in the copy at their latest versions (or gone from D1).
  if (found === 0) return { written: 0, unchanged: message.rows.length, missing: 0 };
  let written = 0;
  const pg = postgres(env);
  try {
    await pg.forOrganization(organizationId, async (tx) => {
      for (const { table, rows } of copies) if (rows.length) written += await upsertByVersion(tx, TABLE_COPIES[table].pg, rows as never);
    });
  } finally {
    await pg.close();
  }

  // The copy holds every change up to each row's version: those outbox rows are done (later changes stay pending).
  // One statement per table (D1 counts queries per invocation; a message may carry 500 rows).
  const done = copies
    .filter(({ versions }) => versions.size > 0)
    .map(({ table, versions }) =>
      env.DB.prepare(
        `UPDATE replication_outbox SET done_at = ?1
          WHERE organization_id = ?2 AND table_name = ?3 AND done_at IS NULL
            AND seq <= (SELECT json_extract(v.value, '$[1]') FROM json_each(?4) v WHERE json_extract(v.value, '$[0]') = replication_outbox.row_id)`,
      ).bind(now, organizationId, table, JSON.stringify([...versions])),
    );
  if (done.length) await env.DB.batch(done);
  return { written, unchanged: found - written, missing: message.rows.length - found };
}
