/**
 * Cron jobs (wrangler.toml [triggers]). Each job is idempotent and safe to run late or twice:
 * every minute the outbox pump (safety net for the request-time pump); every 5 minutes unpaid orders
 * past their expiry and the expired-hold safety net; every 15 minutes occupancy and funnel snapshots; hourly
 * event reminders, the DO/D1 reconciliation, the D1/Postgres one and the members' scheduled reports; daily the organizers' sales reports, the
 * deletion of expired export files, the API request log's retention (Postgres) and the archival of old completed
 * events (pruned from D1 once Postgres holds them).
 */
import { createDb } from './db/client';
import { expireStaleOrders } from './domains/orders/expire';
import { log } from './platform/logger';
import { queueDailyReports } from './jobs/daily-report';
import { deleteExpiredExports } from './jobs/expired-files';
import { queueOccupancySnapshots } from './jobs/occupancy';
import { reconcileAll, sweepExpiredHolds } from './jobs/reconcile';
import { reconcileReplica } from './domains/cold-layer/reconcile';
import { archiveOldEvents } from './domains/cold-layer/archive';
import { queueEventReminders } from './jobs/reminders';
import { runPumps } from './queues/pump';
import { serveWaitlists } from './domains/waitlist/triggers';
import { queueScheduledReports } from './domains/report-schedules/queue-scheduled-reports';
import { pruneApiRequests } from './domains/api-requests/prune-api-requests';
import { prepareAnalyticsPartitions } from './domains/analytics/prepare-partitions';
import { queueFunnelSnapshots } from './domains/funnels/refresh-snapshots';

type Job = { name: string; run(env: Cloudflare.Env, at: Date): Promise<unknown> };

const meta = (name: string, at: Date) => ({ requestId: `cron:${name}:${at.getTime()}`, ip: null, userAgent: null });

export const JOBS: Record<string, Job[]> = {
  '* * * * *': [
    // Offers for places whose holds ran out in the inventory, and the backstop of every other trigger (before the pump: its emails go now).
    { name: 'waitlist-offers', run: (env, at) => serveWaitlists(env, createDb(env.DB), at) },
    { name: 'outbox-pump', run: (env, at) => runPumps(env, createDb(env.DB), at) },
  ],
  '*/5 * * * *': [
    {
      name: 'expire-unpaid-orders',
      run: async (env, at) => {
        const n = await expireStaleOrders({ ...meta('expire-unpaid-orders', at), env, db: createDb(env.DB) }, at);
        if (n > 0) log('info', 'expired unpaid orders', { count: n });
        return n;
      },
    },
    { name: 'sweep-expired-holds', run: (env, at) => sweepExpiredHolds(env, createDb(env.DB), at) },
  ],
  '*/15 * * * *': [
    { name: 'occupancy-snapshots', run: (env, at) => queueOccupancySnapshots(env, createDb(env.DB), at) },
    { name: 'funnel-snapshots', run: (env, at) => queueFunnelSnapshots(env, createDb(env.DB), at) },
  ],
  '0 * * * *': [
    { name: 'event-reminders', run: (env, at) => queueEventReminders(createDb(env.DB), at) },
    { name: 'reconcile-inventory', run: (env, at) => reconcileAll(env, createDb(env.DB), at) },
    { name: 'reconcile-replica', run: (env, at) => reconcileReplica(env, at) },
    { name: 'scheduled-reports', run: (env, at) => queueScheduledReports(env, createDb(env.DB), at) },
  ],
  '0 6 * * *': [
    { name: 'daily-reports', run: (env, at) => queueDailyReports(env, createDb(env.DB), at) },
    { name: 'delete-expired-exports', run: (env, at) => deleteExpiredExports(env, createDb(env.DB), at) },
    { name: 'archive-old-events', run: (env, at) => archiveOldEvents(env, at) },
    { name: 'prune-api-request-log', run: (env, at) => pruneApiRequests(env, at) },
    { name: 'analytics-partitions', run: (env) => prepareAnalyticsPartitions(env) },
  ],
};

export async function runScheduled(cron: string, at: Date, env: Cloudflare.Env) {
  const jobs = JOBS[cron] ?? [];
  if (!jobs.length) log('warn', 'no jobs for cron', { cron });
  for (const job of jobs) {
    const started = Date.now();
    try {
      await job.run(env, at);
      log('info', 'scheduled job done', { job: job.name, cron, ms: Date.now() - started });
    } catch (error) {
      log('error', 'scheduled job failed', { job: job.name, cron, ms: Date.now() - started, error: String(error) });
    }
  }
  // What the jobs wrote to the outbox goes out now, not at the next minute.
  if (cron !== '* * * * *') await runPumps(env, createDb(env.DB), at);
}
