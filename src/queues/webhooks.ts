/**
 * Outgoing webhooks on the queue side (docs/webhooks.md).
 *
 * The pump fans each new webhook event out to the organization's active endpoints subscribed to its
 * type (one delivery row per endpoint; the unique (endpoint, event) index makes a second fan-out a
 * no-op) and sends `{ kind: 'delivery', id }` messages to the webhooks queue.
 *
 * The consumer POSTs the event to the endpoint, signed per the Standard Webhooks spec, and appends
 * the attempt (time, HTTP status, duration, error) to the delivery: its log. A 2xx succeeds; anything
 * else is retried with exponential backoff (base · 4^(n−1) seconds, at most 12 h: with the base of
 * 5 s, 5 s, 20 s, 80 s, 5 min, 21 min, 85 min, 5.7 h, 12 h — about 20 hours in all). After the last
 * attempt (max_retries = 8 in wrangler.toml, so 9 attempts) the delivery is `dead`, the message goes
 * to the dead-letter queue, and the endpoint's count of dead deliveries in a row goes up; at 5 the
 * endpoint is disabled and the organization's owners and admins are emailed. A success resets it.
 */
import { and, asc, eq, gte, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeBatch, type Database } from '../db/client';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../db/schema/messaging';
import { organizationContacts } from '../domains/organizations/queries';
import { forgetSubscriptions } from '../domains/webhooks/emit';
import { decryptWebhookSecret, signatureHeader } from '../domains/webhooks/signing';
import { queueEmail } from '../domains/notifications/port';
import { auditEntry } from '../platform/audit';
import type { ServiceContext } from '../platform/context';
import { ID_PREFIXES, newId } from '../platform/ids';
import { log } from '../platform/logger';
import { producer, RetryLater, type Consumer, type QueueContext } from './consumer';
import type { Pump } from './pump';

export const WebhookMessage = z.object({ kind: z.literal('delivery'), id: z.string().min(1).max(64) });
export type WebhookMessage = z.infer<typeof WebhookMessage>;

/** 1 + max_retries of the webhooks queue in wrangler.toml. */
export const WEBHOOK_MAX_ATTEMPTS = 9;
/** Dead deliveries in a row after which an endpoint is disabled. */
export const DISABLE_AFTER_DEAD_DELIVERIES = 5;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Longest delay a queue message may take (Cloudflare Queues: 12 hours). */
const MAX_DELAY_SECONDS = 43_200;
const ERROR_BODY_CHARS = 200;
export const WEBHOOK_USER_AGENT = 'Voelgoed-Webhooks/1.0 (+https://voelgoed.events/docs/webhooks)';

type Attempt = { at: string; status: number | null; durationMs: number; error: string | null };

/** Seconds before attempt n+1 after attempt n failed: base · 4^(n−1), at most 12 h. Tests set the base to 0. */
export function webhookRetryDelaySeconds(env: Cloudflare.Env, attempt: number): number {
  const base = Number((env as { QUEUE_RETRY_BASE_SECONDS?: string }).QUEUE_RETRY_BASE_SECONDS ?? 5);
  return Math.min(MAX_DELAY_SECONDS, Math.round(base * 4 ** Math.max(0, attempt - 1)));
}

/** The first few hundred characters of an error answer, for the log; the rest is not read. */
async function snippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < ERROR_BODY_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return text.slice(0, ERROR_BODY_CHARS).replace(/\s+/g, ' ').trim();
}

/** One POST, never throwing: the status (null without an answer), how long it took, and what went wrong. */
async function post(url: string, headers: Record<string, string>, body: string): Promise<{ ok: boolean; status: number | null; durationMs: number; error: string | null }> {
  const started = Date.now();
  try {
    // Redirects are not followed (a 3xx is a failure): the URL registered is the URL signed for.
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    const ok = res.status >= 200 && res.status < 300;
    let text = '';
    if (ok) await res.body?.cancel().catch(() => {});
    else text = await snippet(res).catch(() => '');
    return { ok, status: res.status, durationMs: Date.now() - started, error: ok ? null : `HTTP ${res.status}${text ? `: ${text}` : ''}` };
  } catch (error) {
    const timedOut = (error as { name?: string }).name === 'TimeoutError';
    return { ok: false, status: null, durationMs: Date.now() - started, error: timedOut ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s` : String(error).slice(0, ERROR_BODY_CHARS) };
  }
}

/** The attempts list with one more, appended in SQL so two writers never lose each other's attempt. */
const appendAttempt = (attempt: Attempt) => sql`json_insert(coalesce(${webhookDeliveries.attempts}, '[]'), '$[#]', json(${JSON.stringify(attempt)}))`;

type Loaded = {
  delivery: typeof webhookDeliveries.$inferSelect;
  endpoint: typeof webhookEndpoints.$inferSelect;
  event: typeof webhookEvents.$inferSelect;
};

/** The signed request for one attempt: the body and the webhook-* headers (the event id is the webhook-id on every attempt). */
export async function signedRequest(env: Cloudflare.Env, { endpoint, event }: Pick<Loaded, 'endpoint' | 'event'>, now: Date) {
  const ids = { organizationId: endpoint.organizationId, endpointId: endpoint.id };
  const secrets = [await decryptWebhookSecret(env, ids, endpoint.secret)];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > now.getTime()) {
    secrets.push(await decryptWebhookSecret(env, ids, endpoint.previousSecret));
  }
  const body = JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload });
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': event.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': await signatureHeader(secrets, event.id, timestamp, body),
  };
  return { body, headers };
}

/**
 * One attempt of one delivery. Does nothing unless the delivery is pending (a redelivered message after
 * a success, or after the endpoint was deleted, finds nothing to do). Throws to have the queue retry.
 */
export async function attemptDelivery(qctx: QueueContext, deliveryId: string): Promise<void> {
  const { db, env } = qctx;
  const [row] = await db
    .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, deliveryId))
    .limit(1);
  if (!row) {
    log('warn', 'webhook delivery not found; dropping message', { deliveryId });
    return;
  }
  const { delivery, endpoint } = row;
  if (delivery.status !== 'pending') return;
  const pending = and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending'));
  const now = new Date();
  if (endpoint.status !== 'active') {
    await db.update(webhookDeliveries).set({ status: 'failed', nextAttemptAt: null, updatedAt: now }).where(pending);
    return;
  }

  let result: Awaited<ReturnType<typeof post>>;
  try {
    const { body, headers } = await signedRequest(env, row, now);
    result = await post(endpoint.url, headers, body);
  } catch (error) {
    // Not sent at all (say, the secret no longer decrypts): a failed attempt like any other, so it shows in the log.
    result = { ok: false, status: null, durationMs: 0, error: `Not sent: ${String(error).slice(0, ERROR_BODY_CHARS)}` };
  }
  const attempt: Attempt = { at: now.toISOString(), status: result.status, durationMs: result.durationMs, error: result.error };
  const done = new Date();

  if (result.ok) {
    await db.batch([
      db.update(webhookDeliveries).set({ status: 'succeeded', attempts: appendAttempt(attempt), nextAttemptAt: null, updatedAt: done }).where(eq(webhookDeliveries.id, delivery.id)),
      db
        .update(webhookEndpoints)
        .set({ consecutiveFailures: 0 })
        .where(and(eq(webhookEndpoints.id, endpoint.id), ne(webhookEndpoints.consecutiveFailures, 0))),
    ]);
    return;
  }

  if (qctx.attempt < WEBHOOK_MAX_ATTEMPTS) {
    const delaySeconds = webhookRetryDelaySeconds(env, qctx.attempt);
    await db
      .update(webhookDeliveries)
      .set({ attempts: appendAttempt(attempt), nextAttemptAt: new Date(done.getTime() + delaySeconds * 1000), updatedAt: done })
      .where(pending);
    throw new RetryLater(`webhook delivery ${delivery.id} attempt ${qctx.attempt} failed: ${result.error}`, delaySeconds);
  }

  await db.batch([
    db.update(webhookDeliveries).set({ status: 'dead', attempts: appendAttempt(attempt), nextAttemptAt: null, updatedAt: done }).where(pending),
    db
      .update(webhookEndpoints)
      .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
      .where(eq(webhookEndpoints.id, endpoint.id)),
  ]);
  await disableIfFailing(qctx, endpoint.id, result.error ?? 'failed');
  // Thrown so the message goes on to the dead-letter queue, where operators see it too.
  throw new Error(`webhook delivery ${delivery.id} is dead after ${qctx.attempt} attempts: ${result.error}`);
}

/**
 * At DISABLE_AFTER_DEAD_DELIVERIES dead deliveries in a row: the endpoint is disabled (once: the update
 * is guarded by its status), its pending deliveries are marked failed, and owners and admins are told.
 */
async function disableIfFailing(qctx: QueueContext, endpointId: string, lastError: string) {
  const { db, env } = qctx;
  const now = new Date();
  const reason = `${DISABLE_AFTER_DEAD_DELIVERIES} deliveries in a row failed after every retry (last: ${lastError})`.slice(0, 500);
  const [disabled] = await db
    .update(webhookEndpoints)
    .set({ status: 'disabled', disabledReason: reason, updatedAt: now })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.status, 'active'), gte(webhookEndpoints.consecutiveFailures, DISABLE_AFTER_DEAD_DELIVERIES)))
    .returning();
  if (!disabled) return;
  const organizationId = disabled.organizationId;
  forgetSubscriptions(organizationId);
  const { emails, locale } = await organizationContacts(db, organizationId);
  const ctx: ServiceContext = { env, db, requestId: `queue:webhooks:${qctx.messageId}`, ip: null, userAgent: null };
  await writeBatch(db, [
    db
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, updatedAt: now })
      .where(and(eq(webhookDeliveries.organizationId, organizationId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending'))),
    ...emails.map((to) =>
      queueEmail(ctx, {
        organizationId,
        to,
        template: 'webhook_disabled',
        locale,
        payload: { endpointId, url: disabled.url, reason },
      }),
    ),
    auditEntry(ctx, {
      organizationId,
      actor: { type: 'system', id: 'webhooks' },
      action: 'webhook.disabled',
      resourceType: 'webhook_endpoint',
      resourceId: endpointId,
      changes: { reason, consecutiveFailures: disabled.consecutiveFailures },
    }),
  ]);
  log('warn', 'webhook endpoint disabled', { organizationId, endpointId, reason });
}

export const webhooksConsumer: Consumer<WebhookMessage> = {
  schema: WebhookMessage,
  handle: (body, qctx) => attemptDelivery(qctx, body.id),
};

// ── the pump ────────────────────────────────────────────────────────────────────────────────────

/** Events per pump run (the endpoint query binds one parameter per organization; D1 allows 100). */
const EVENT_BATCH = 50;
const RECLAIM_BATCH = 100;
/** A pending delivery whose attempt was due this long ago and never came (its message was lost) is sent again. */
export const DELIVERY_RECLAIM_AFTER_MS = 10 * 60_000;
/** The reclaim scan runs at most this often per isolate (it is not indexed; the cron minute is enough). */
const RECLAIM_EVERY_MS = 60_000;
let lastReclaimAt = 0;

async function fanOut(db: Database, now: Date): Promise<string[]> {
  const due = await db
    .select({ id: webhookEvents.id, organizationId: webhookEvents.organizationId, type: webhookEvents.type })
    .from(webhookEvents)
    .where(isNull(webhookEvents.fannedOutAt))
    .orderBy(asc(webhookEvents.id))
    .limit(EVENT_BATCH);
  if (!due.length) return [];
  const orgIds = [...new Set(due.map((e) => e.organizationId))];
  const endpoints = await db
    .select({ id: webhookEndpoints.id, organizationId: webhookEndpoints.organizationId, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(inArray(webhookEndpoints.organizationId, orgIds), eq(webhookEndpoints.status, 'active')));
  const created: string[] = [];
  for (const event of due) {
    const targets = endpoints.filter((e) => e.organizationId === event.organizationId && (e.eventTypes as string[]).includes(event.type));
    // Claimed and fanned out in one batch: a second pump racing this one inserts nothing (unique (endpoint, event)).
    const [, ...inserted] = await db.batch([
      db
        .update(webhookEvents)
        .set({ fannedOutAt: now })
        .where(and(eq(webhookEvents.id, event.id), isNull(webhookEvents.fannedOutAt))),
      ...targets.map((t) =>
        db
          .insert(webhookDeliveries)
          .values({
            id: newId(ID_PREFIXES.webhookDelivery),
            organizationId: event.organizationId,
            endpointId: t.id,
            eventId: event.id,
            status: 'pending',
            attempts: [],
            nextAttemptAt: now,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: webhookDeliveries.id }),
      ),
    ]);
    for (const rows of inserted) created.push(...(rows as { id: string }[]).map((r) => r.id));
  }
  return created;
}

/** Pending deliveries whose attempt was due long ago: their message was lost (say, between a batch and its send). */
async function reclaim(db: Database, now: Date): Promise<string[]> {
  if (now.getTime() - lastReclaimAt < RECLAIM_EVERY_MS) return [];
  lastReclaimAt = now.getTime();
  const stale = await db
    .select({ id: webhookDeliveries.id, nextAttemptAt: webhookDeliveries.nextAttemptAt })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, new Date(now.getTime() - DELIVERY_RECLAIM_AFTER_MS))))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(RECLAIM_BATCH);
  const claimed: string[] = [];
  for (const d of stale) {
    const [row] = await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: now })
      .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.nextAttemptAt, d.nextAttemptAt!)))
      .returning({ id: webhookDeliveries.id });
    if (row) claimed.push(row.id);
  }
  return claimed;
}

/** New webhook events fanned out to their endpoints' deliveries, and lost deliveries sent again, to the webhooks queue. */
export const pumpWebhookEvents: Pump = async (env, db, now) => {
  const ids = [...(await fanOut(db, now)), ...(await reclaim(db, now))];
  for (let i = 0; i < ids.length; i += 100) {
    await producer(env, 'webhooks').sendBatch(ids.slice(i, i + 100).map((id) => ({ body: { kind: 'delivery', id } satisfies WebhookMessage })));
  }
  return ids.length;
};
