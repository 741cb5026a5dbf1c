/**
 * One event's figures in D1 and in Postgres, computed the same way on both sides (docs/postgres.md,
 * "Reconciliation"): tickets by status, paid orders and their total, refunds by status, check-ins (scans), and the
 * ledger's debits and credits per account code. Every query is scoped by organization_id (and Postgres's by RLS too).
 */
import { sql } from 'drizzle-orm';
import type { PostgresClient } from '../../db/postgres-client';

export type Figures = Record<string, number>;
export type Differences = Record<string, { d1: number; pg: number }>;

/** One statement per figure group (D1 caps the terms of a compound SELECT, so no UNION ALL of them all). */
const D1_FIGURES = [
  `SELECT 'tickets.' || status AS k, count(*) AS v FROM tickets WHERE organization_id = ?1 AND event_id = ?2 GROUP BY status`,
  `SELECT 'orders.paid' AS k, count(*) AS v FROM orders WHERE organization_id = ?1 AND event_id = ?2 AND paid_at IS NOT NULL
   UNION ALL SELECT 'revenue.paid_minor', coalesce(sum(total_minor), 0) FROM orders WHERE organization_id = ?1 AND event_id = ?2 AND paid_at IS NOT NULL`,
  `SELECT 'refunds.' || r.status || '.minor' AS k, sum(r.amount_minor) AS v FROM refunds r JOIN orders o ON o.id = r.order_id AND o.organization_id = r.organization_id
    WHERE r.organization_id = ?1 AND o.event_id = ?2 GROUP BY r.status`,
  `SELECT 'checkins' AS k, count(*) AS v FROM scans WHERE organization_id = ?1 AND event_id = ?2`,
  `SELECT 'ledger.' || a.code || '.debit' AS k, sum(l.debit_minor) AS v FROM journal_lines l
    JOIN journal_entries e ON e.id = l.entry_id AND e.organization_id = l.organization_id
    JOIN ledger_accounts a ON a.id = l.account_id AND a.organization_id = l.organization_id
    WHERE l.organization_id = ?1 AND e.event_id = ?2 GROUP BY a.code
   UNION ALL SELECT 'ledger.' || a.code || '.credit', sum(l.credit_minor) FROM journal_lines l
    JOIN journal_entries e ON e.id = l.entry_id AND e.organization_id = l.organization_id
    JOIN ledger_accounts a ON a.id = l.account_id AND a.organization_id = l.organization_id
    WHERE l.organization_id = ?1 AND e.event_id = ?2 GROUP BY a.code`,
];

const toFigures = (rows: readonly { k: unknown; v: unknown }[]): Figures => Object.fromEntries(rows.map((r) => [String(r.k), Number(r.v ?? 0)]));

export async function d1Figures(db: D1Database, organizationId: string, eventId: string): Promise<Figures> {
  // One batch: one transaction, so the figures are of one moment.
  const answers = await db.batch<{ k: string; v: number }>(D1_FIGURES.map((q) => db.prepare(q).bind(organizationId, eventId)));
  return toFigures(answers.flatMap((a) => a.results));
}

export async function pgFigures(pg: PostgresClient, organizationId: string, eventId: string): Promise<Figures> {
  return pg.forOrganization(organizationId, async (tx) => {
    const o = organizationId;
    const e = eventId;
    const result = await tx.execute<{ k: string; v: string }>(sql`
      SELECT 'tickets.' || status AS k, count(*) AS v FROM tickets WHERE organization_id = ${o} AND event_id = ${e} GROUP BY status
      UNION ALL SELECT 'orders.paid', count(*) FROM orders WHERE organization_id = ${o} AND event_id = ${e} AND paid_at IS NOT NULL
      UNION ALL SELECT 'revenue.paid_minor', coalesce(sum(total_minor), 0) FROM orders WHERE organization_id = ${o} AND event_id = ${e} AND paid_at IS NOT NULL
      UNION ALL SELECT 'refunds.' || r.status || '.minor', sum(r.amount_minor) FROM refunds r JOIN orders od ON od.id = r.order_id AND od.organization_id = r.organization_id
        WHERE r.organization_id = ${o} AND od.event_id = ${e} GROUP BY r.status
      UNION ALL SELECT 'checkins', count(*) FROM check_ins WHERE organization_id = ${o} AND event_id = ${e}
      UNION ALL SELECT 'ledger.' || l.account_code || '.debit', sum(l.debit_minor) FROM journal_lines l
        WHERE l.organization_id = ${o} AND l.event_id = ${e} GROUP BY l.account_code
      UNION ALL SELECT 'ledger.' || l.account_code || '.credit', sum(l.credit_minor) FROM journal_lines l
        WHERE l.organization_id = ${o} AND l.event_id = ${e} GROUP BY l.account_code`);
    return toFigures(result.rows);
  });
}

/** The figures that differ (a figure missing on one side counts as 0 there, so "0 tickets cancelled" equals none). */
export function differences(d1: Figures, pg: Figures): Differences {
  const out: Differences = {};
  for (const key of new Set([...Object.keys(d1), ...Object.keys(pg)])) {
    const a = d1[key] ?? 0;
    const b = pg[key] ?? 0;
    if (a !== b) out[key] = { d1: a, pg: b };
  }
  return out;
}
