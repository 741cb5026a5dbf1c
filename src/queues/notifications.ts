/**
 * The notifications consumer: an outbox id in, one email out. A row already sent (or suppressed) is
 * done, so a redelivered message sends nothing twice; the provider is idempotent per row as well.
 * Each organization has a send limit per hour (Upstash sliding window) and a daily quota from its plan
 * (src/platform/quotas.ts); over either, the message waits (for the window, or for the next UTC day) instead of
 * failing. Errors a retry cannot fix mark the row failed at once.
 */
import { Ratelimit } from '@upstash/ratelimit';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { notificationOutbox } from '../db/schema/notifications';
import { organizations } from '../db/schema/tenancy';
import { composeEmail } from '../domains/notifications/compose';
import { EmailProviderError, emailProvider } from '../domains/notifications/providers';
import { SuppressEmail } from '../domains/notifications/suppress';
import { log } from '../platform/logger';
import { consumeDailyQuota, planQuotas } from '../platform/quotas';
import { createRedis } from '../platform/redis';
import { RetryLater, type Consumer } from './consumer';
import { sendPhoneRow } from './phone-messages';

export const NotificationMessage = z.object({ kind: z.literal('notification'), id: z.string().min(1) });

const limiters = new Map<number, Ratelimit>();

/** Per organization per hour; platform mail (password resets) is limited per recipient elsewhere (login throttle). */
export async function checkSendLimit(env: Cloudflare.Env, organizationId: string, perHour = Number((env as { EMAIL_LIMIT_PER_ORG_PER_HOUR?: string }).EMAIL_LIMIT_PER_ORG_PER_HOUR ?? 2000)) {
  let limiter = limiters.get(perHour);
  if (!limiter) {
    limiter = new Ratelimit({ redis: createRedis(env), limiter: Ratelimit.slidingWindow(perHour, '1 h'), prefix: 'vg:email', analytics: false, ephemeralCache: false });
    limiters.set(perHour, limiter);
  }
  return limiter.limit(organizationId);
}

export const notificationsConsumer: Consumer<z.infer<typeof NotificationMessage>> = {
  schema: NotificationMessage,
  async handle(body, queueCtx) {
    const { env, db, attempt } = queueCtx;
    const where = eq(notificationOutbox.id, body.id);
    const [row] = await db.select().from(notificationOutbox).where(where).limit(1);
    if (!row) {
      log('warn', 'notification not found; dropping message', { id: body.id });
      return;
    }
    if (row.status !== 'queued') return;
    if (row.channel !== 'email') return sendPhoneRow(row, queueCtx);
    if (row.organizationId) {
      const verdict = await checkSendLimit(env, row.organizationId);
      if (!verdict.success) throw new RetryLater(`organization ${row.organizationId} is over its email limit`, (verdict.reset - Date.now()) / 1000);
      const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, row.organizationId)).limit(1);
      const day = await consumeDailyQuota(env, row.organizationId, 'emails', planQuotas(env, org?.plan).emailsPerDay);
      if (!day.allowed) throw new RetryLater(`organization ${row.organizationId} has used today's email quota`, day.resetSeconds);
    }
    await db.update(notificationOutbox).set({ attempts: row.attempts + 1 }).where(where);
    try {
      const email = await composeEmail(db, env, row);
      const sent = await emailProvider(env, db).send({ ...email, notificationId: row.id, organizationId: row.organizationId, from: env.EMAIL_FROM });
      await db.update(notificationOutbox).set({ status: 'sent', sentAt: new Date(), providerMessageId: sent.providerMessageId, lastError: null }).where(and(where, eq(notificationOutbox.status, 'queued')));
    } catch (error) {
      if (error instanceof SuppressEmail) {
        await db.update(notificationOutbox).set({ status: 'suppressed', lastError: error.message }).where(and(where, eq(notificationOutbox.status, 'queued')));
        log('info', 'notification suppressed', { id: row.id, reason: error.message });
        return;
      }
      const permanent = error instanceof EmailProviderError && !error.retryable;
      await db.update(notificationOutbox).set({ lastError: String(error), ...(permanent ? { status: 'failed' as const } : {}) }).where(where);
      if (permanent) {
        log('error', 'notification failed for good', { id: row.id, attempt, error: String(error) });
        return;
      }
      throw error;
    }
  },
};
