/**
 * Webhook endpoints: register (the signing secret shown once), list, change, re-enable, delete,
 * rotate the secret (the old one keeps signing alongside for 24 h), send a test event, read the
 * delivery log and replay a delivery. Every change is audited in the batch that makes it.
 */
import { and, count, desc, eq, lt } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../../db/schema/messaging';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { log } from '../../platform/logger';
import { newestFirstPage } from '../../db/keyset';
import { isoOrNull } from '../../platform/time';
import { producer } from '../../queues/consumer';
import { forgetSubscriptions } from './emit';
import type { CreateWebhook, UpdateWebhook, WebhookDelivery, WebhookEndpoint } from './schemas';
import { encryptWebhookSecret, newWebhookSecret } from './signing';
import { webhookUrlProblem } from './urls';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** How long the secret before a rotation keeps signing alongside the new one. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 3_600_000;
/** Endpoints per organization. */
export const MAX_ENDPOINTS = 20;
export const TEST_EVENT_TYPE = 'webhook.test';

/** The public view of an endpoint: never its secret (nor the ciphertext). */
export const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: r.eventTypes,
  status: r.status,
  disabledReason: r.disabledReason,
  consecutiveFailures: r.consecutiveFailures,
  previousSecretExpiresAt: r.previousSecretExpiresAt && r.previousSecretExpiresAt.getTime() > Date.now() ? r.previousSecretExpiresAt.toISOString() : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const toDelivery = (d: DeliveryRow, event: { type: string; payload: Record<string, unknown> }): WebhookDelivery => ({
  id: d.id,
  endpointId: d.endpointId,
  eventId: d.eventId,
  eventType: event.type,
  payload: event.payload,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? isoOrNull(d.nextAttemptAt) : null,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

function checkUrl(ctx: TenantContext, url: string) {
  const problem = webhookUrlProblem(url, ctx.env.APP_ENV);
  if (problem) throw new ValidationError([{ path: 'body.url', message: problem }], `body.url: ${problem}`);
}

/** Hands a delivery to the webhooks queue; if that fails the pump sends it again later (it is pending in D1). */
export async function enqueueDelivery(env: Cloudflare.Env, deliveryId: string) {
  try {
    await producer(env, 'webhooks').send({ kind: 'delivery', id: deliveryId });
  } catch (error) {
    log('error', 'enqueueing a webhook delivery failed; the pump will retry', { deliveryId, error: String(error) });
  }
}

export async function createWebhook({ ctx, input }: { ctx: TenantContext; input: CreateWebhook }) {
  checkUrl(ctx, input.url);
  const [existing] = await ctx.db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, ctx.organizationId));
  if ((existing?.n ?? 0) >= MAX_ENDPOINTS) throw new ConflictError(`An organization may have at most ${MAX_ENDPOINTS} webhook endpoints.`, 'too_many_webhooks');
  const id = newId(ID_PREFIXES.webhookEndpoint);
  const secret = newWebhookSecret();
  const now = new Date();
  const row: EndpointRow = {
    id,
    organizationId: ctx.organizationId,
    url: input.url,
    description: input.description ?? null,
    eventTypes: input.eventTypes,
    secret: await encryptWebhookSecret(ctx.env, { organizationId: ctx.organizationId, endpointId: id }, secret),
    previousSecret: null,
    previousSecretExpiresAt: null,
    status: 'active',
    disabledReason: null,
    consecutiveFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
  await writeBatch(ctx.db, [
    ctx.db.insert(webhookEndpoints).values(row),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'webhook.created',
      resourceType: 'webhook_endpoint',
      resourceId: id,
      changes: { url: row.url, eventTypes: row.eventTypes, description: row.description },
    }),
  ]);
  forgetSubscriptions(ctx.organizationId);
  return { ...toEndpoint(row), secret };
}

export async function listWebhooks({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const page = await newestFirstPage(webhookEndpoints.id, input, (k) =>
    ctx.db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.organizationId, ctx.organizationId), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toEndpoint), nextCursor: page.nextCursor };
}

async function getRow(ctx: TenantContext, webhookId: string) {
  const [row] = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, ctx.organizationId), eq(webhookEndpoints.id, webhookId)))
    .limit(1);
  if (!row) throw new NotFoundError('Webhook endpoint');
  return row;
}

export async function getWebhook(ctx: TenantContext, webhookId: string) {
  return toEndpoint(await getRow(ctx, webhookId));
}

/** Change the URL, event types or description; `status: 'active'` re-enables a disabled endpoint from zero failures. */
export async function updateWebhook({ ctx, webhookId, input }: { ctx: TenantContext; webhookId: string; input: UpdateWebhook }) {
  const row = await getRow(ctx, webhookId);
  if (input.url !== undefined) checkUrl(ctx, input.url);
  const changes: Record<string, unknown> = diff(
    { url: row.url, eventTypes: row.eventTypes, description: row.description },
    { url: input.url, eventTypes: input.eventTypes, description: input.description },
  );
  const enable = input.status === 'active' && row.status === 'disabled';
  if (enable) changes.status = { from: 'disabled', to: 'active', disabledReason: row.disabledReason, consecutiveFailures: row.consecutiveFailures };
  if (Object.keys(changes).length === 0) return toEndpoint(row);
  const updated: EndpointRow = {
    ...row,
    url: input.url ?? row.url,
    eventTypes: input.eventTypes ?? row.eventTypes,
    description: input.description === undefined ? row.description : input.description,
    ...(enable ? { status: 'active' as const, disabledReason: null, consecutiveFailures: 0 } : {}),
    updatedAt: new Date(),
  };
  await writeBatch(ctx.db, [
    ctx.db
      .update(webhookEndpoints)
      .set({
        url: updated.url,
        eventTypes: updated.eventTypes,
        description: updated.description,
        status: updated.status,
        disabledReason: updated.disabledReason,
        consecutiveFailures: updated.consecutiveFailures,
        updatedAt: updated.updatedAt,
      })
      .where(and(eq(webhookEndpoints.organizationId, ctx.organizationId), eq(webhookEndpoints.id, webhookId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: enable ? 'webhook.enabled' : 'webhook.updated', resourceType: 'webhook_endpoint', resourceId: webhookId, changes }),
  ]);
  forgetSubscriptions(ctx.organizationId);
  return toEndpoint(updated);
}

/**
 * Deletes the endpoint and its delivery log (the events stay: other endpoints may have them). Messages
 * still queued for its deliveries find nothing and do nothing.
 */
export async function deleteWebhook({ ctx, webhookId }: { ctx: TenantContext; webhookId: string }) {
  const row = await getRow(ctx, webhookId);
  await writeBatch(ctx.db, [
    ctx.db.delete(webhookDeliveries).where(and(eq(webhookDeliveries.organizationId, ctx.organizationId), eq(webhookDeliveries.endpointId, webhookId))),
    ctx.db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.organizationId, ctx.organizationId), eq(webhookEndpoints.id, webhookId))),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'webhook.deleted',
      resourceType: 'webhook_endpoint',
      resourceId: webhookId,
      changes: { url: row.url, eventTypes: row.eventTypes, status: row.status },
    }),
  ]);
  forgetSubscriptions(ctx.organizationId);
}

/** A new secret; the one it replaces keeps signing alongside for 24 h (a rotation within those 24 h drops the oldest). */
export async function rotateWebhookSecret({ ctx, webhookId }: { ctx: TenantContext; webhookId: string }) {
  const row = await getRow(ctx, webhookId);
  const secret = newWebhookSecret();
  const now = new Date();
  const updated: EndpointRow = {
    ...row,
    secret: await encryptWebhookSecret(ctx.env, { organizationId: ctx.organizationId, endpointId: row.id }, secret),
    previousSecret: row.secret,
    previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_TTL_MS),
    updatedAt: now,
  };
  await writeBatch(ctx.db, [
    ctx.db
      .update(webhookEndpoints)
      .set({ secret: updated.secret, previousSecret: updated.previousSecret, previousSecretExpiresAt: updated.previousSecretExpiresAt, updatedAt: now })
      // Guarded by the secret read above: of two rotations racing, one wins and the other answers 409.
      .where(and(eq(webhookEndpoints.organizationId, ctx.organizationId), eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.secret, row.secret)))
      .returning({ id: webhookEndpoints.id }),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'webhook.secret_rotated',
      resourceType: 'webhook_endpoint',
      resourceId: row.id,
      changes: { previousSecretExpiresAt: updated.previousSecretExpiresAt!.toISOString() },
    }),
  ]);
  const [current] = await ctx.db.select({ secret: webhookEndpoints.secret }).from(webhookEndpoints).where(eq(webhookEndpoints.id, row.id)).limit(1);
  if (current?.secret !== updated.secret) throw new ConflictError('The secret was rotated by someone else at the same moment; read the endpoint and try again.', 'rotation_conflict');
  return { ...toEndpoint(updated), secret };
}

function requireActive(row: EndpointRow) {
  if (row.status !== 'active') throw new ConflictError('The endpoint is disabled; re-enable it (PATCH status "active") first.', 'webhook_disabled');
}

async function deliveryWithEvent(ctx: TenantContext, webhookId: string, deliveryId: string) {
  const [found] = await ctx.db
    .select({ delivery: webhookDeliveries, type: webhookEvents.type, payload: webhookEvents.payload })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.organizationId, ctx.organizationId), eq(webhookDeliveries.endpointId, webhookId), eq(webhookDeliveries.id, deliveryId)))
    .limit(1);
  if (!found) throw new NotFoundError('Webhook delivery');
  return found;
}

/** A `webhook.test` event to this endpoint only, delivered (and retried, and logged) like any other. */
export async function sendTestEvent({ ctx, webhookId }: { ctx: TenantContext; webhookId: string }) {
  const row = await getRow(ctx, webhookId);
  requireActive(row);
  const now = new Date();
  const event = {
    id: newId(ID_PREFIXES.webhookEvent),
    organizationId: ctx.organizationId,
    type: TEST_EVENT_TYPE,
    payload: { endpointId: row.id, message: 'A test event from Voelgoed Events: your endpoint is reachable.' },
    fannedOutAt: now,
    createdAt: now,
  };
  const delivery: DeliveryRow = {
    id: newId(ID_PREFIXES.webhookDelivery),
    organizationId: ctx.organizationId,
    endpointId: row.id,
    eventId: event.id,
    status: 'pending',
    attempts: [],
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
  await writeBatch(ctx.db, [
    ctx.db.insert(webhookEvents).values(event),
    ctx.db.insert(webhookDeliveries).values(delivery),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'webhook.test_sent', resourceType: 'webhook_endpoint', resourceId: row.id, changes: { deliveryId: delivery.id, eventId: event.id } }),
  ]);
  await enqueueDelivery(ctx.env, delivery.id);
  return toDelivery(delivery, event);
}

export async function listDeliveries({ ctx, webhookId, input }: { ctx: TenantContext; webhookId: string; input: { limit: number; cursor?: string; status?: DeliveryRow['status'] } }) {
  await getRow(ctx, webhookId);
  const rows = await ctx.db
    .select({ delivery: webhookDeliveries, type: webhookEvents.type, payload: webhookEvents.payload })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.organizationId, ctx.organizationId),
        eq(webhookDeliveries.endpointId, webhookId),
        input.status ? eq(webhookDeliveries.status, input.status) : undefined,
        input.cursor ? lt(webhookDeliveries.id, input.cursor) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items: items.map((r) => toDelivery(r.delivery, r)), nextCursor: rows.length > input.limit ? (items.at(-1)?.delivery.id ?? null) : null };
}

/** A new attempt now, whatever the delivery's state (a dead one too); it is retried like a new delivery if it fails. */
export async function replayDelivery({ ctx, webhookId, deliveryId }: { ctx: TenantContext; webhookId: string; deliveryId: string }) {
  const row = await getRow(ctx, webhookId);
  const found = await deliveryWithEvent(ctx, webhookId, deliveryId);
  requireActive(row);
  const now = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: now, updatedAt: now })
      .where(and(eq(webhookDeliveries.organizationId, ctx.organizationId), eq(webhookDeliveries.id, deliveryId))),
    auditEntry(ctx, {
      organizationId: ctx.organizationId,
      action: 'webhook.delivery_replayed',
      resourceType: 'webhook_delivery',
      resourceId: deliveryId,
      changes: { endpointId: webhookId, eventId: found.delivery.eventId, status: { from: found.delivery.status, to: 'pending' } },
    }),
  ]);
  await enqueueDelivery(ctx.env, deliveryId);
  return toDelivery({ ...found.delivery, status: 'pending', nextAttemptAt: now, updatedAt: now }, found);
}
