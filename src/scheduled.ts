/**
 * Cron jobs (wrangler.toml [triggers]). Each job is idempotent and safe to run late or twice:
 * every minute the outbox pump (safety net for the request-time pump); every 5 minutes unpaid orders
 * past their expiry; the rest join as their slices arrive.
 */
import { createDb } from './db/client';
import { expireStaleOrders } from './domains/orders/expire';
import { log } from './platform/logger';
import { runPumps } from './queues/pump';

type Job = { name: string; run(env: Cloudflare.Env, at: Date): Promise<unknown> };

const meta = (name: string, at: Date) => ({ requestId: `cron:${name}:${at.getTime()}`, ip: null, userAgent: null });

export const JOBS: Record<string, Job[]> = {
  '* * * * *': [{ name: 'outbox-pump', run: (env, at) => runPumps(env, createDb(env.DB), at) }],
  '*/5 * * * *': [
    {
      name: 'expire-unpaid-orders',
      run: async (env, at) => {
        const n = await expireStaleOrders({ ...meta('expire-unpaid-orders', at), env, db: createDb(env.DB) }, at);
        if (n > 0) log('info', 'expired unpaid orders', { count: n });
        return n;
      },
    },
  ],
  '*/15 * * * *': [],
  '0 * * * *': [],
  '0 6 * * *': [],
};

export async function runScheduled(cron: string, at: Date, env: Cloudflare.Env) {
  const jobs = JOBS[cron] ?? [];
  if (!jobs.length) log('warn', 'no jobs for cron', { cron });
  for (const job of jobs) {
    try {
      await job.run(env, at);
    } catch (error) {
      log('error', 'scheduled job failed', { job: job.name, cron, error: String(error) });
    }
  }
}
