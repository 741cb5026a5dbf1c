/**
 * SMS and WhatsApp rows of the notification outbox (the notifications consumer hands them here): a per-organization
 * hourly limit per channel (Upstash sliding window; over it the message waits, it is not dropped), then compose and
 * send once. A row already sent is never sent again; errors a retry cannot fix mark the row failed with the error kept.
 */
import { and, eq } from 'drizzle-orm';
import type { PhoneChannel } from '../db/schema/channels';
import { notificationOutbox } from '../db/schema/notifications';
import { composePhoneMessage } from '../domains/notifications/compose-phone';
import { PhoneProviderError, phoneProvider } from '../domains/notifications/phone-providers';
import { SuppressEmail } from '../domains/notifications/suppress';
import { checkPhoneSendLimit } from '../domains/notifications/phone-limits';
import { log } from '../platform/logger';
import { RetryLater, type QueueContext } from './consumer';

type OutboxRow = typeof notificationOutbox.$inferSelect;

export async function sendPhoneRow(row: OutboxRow, { env, db, attempt }: QueueContext): Promise<void> {
  const channel = row.channel as PhoneChannel;
  const where = eq(notificationOutbox.id, row.id);
  if (row.organizationId) {
    const verdict = await checkPhoneSendLimit(env, channel, row.organizationId);
    if (!verdict.success) throw new RetryLater(`organization ${row.organizationId} is over its ${channel} limit`, (verdict.reset - Date.now()) / 1000);
  }
  await db.update(notificationOutbox).set({ attempts: row.attempts + 1 }).where(where);
  try {
    const message = await composePhoneMessage(db, env, row);
    const sent = await phoneProvider(env, db, channel).send({ ...message, notificationId: row.id, organizationId: row.organizationId, channel, to: row.recipient });
    await db.update(notificationOutbox).set({ status: 'sent', sentAt: new Date(), providerMessageId: sent.providerMessageId, lastError: null }).where(and(where, eq(notificationOutbox.status, 'queued')));
  } catch (error) {
    if (error instanceof SuppressEmail) {
      await db.update(notificationOutbox).set({ status: 'suppressed', lastError: error.message }).where(and(where, eq(notificationOutbox.status, 'queued')));
      log('info', 'phone message suppressed', { id: row.id, reason: error.message });
      return;
    }
    const permanent = error instanceof PhoneProviderError && !error.retryable;
    await db.update(notificationOutbox).set({ lastError: String(error), ...(permanent ? { status: 'failed' as const } : {}) }).where(where);
    if (permanent) {
      log('error', 'phone message failed for good', { id: row.id, channel, attempt, error: String(error) });
      return;
    }
    throw error;
  }
}
