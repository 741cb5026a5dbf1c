/**
 * Emitting a webhook event: domain code adds the returned write to the batch of the change it
 * announces, so the event exists exactly when the change does; the pump fans it out to endpoints
 * after the batch commits (src/queues/webhooks.ts).
 *
 * Nothing is written when no active endpoint of the organization subscribes to the type. That answer
 * is cached per isolate for 30 s (most organizations have no endpoints, and scans and payments are
 * hot paths), and dropped at once in the isolate that changes an endpoint; another isolate may keep a
 * stale answer for up to 30 s, so an endpoint can miss events from the first 30 s after it is created.
 */
import type { Database, Write } from '../../db/client';
import { webhookEndpoints, webhookEvents, type WebhookEventType } from '../../db/schema/messaging';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { sha256Hex } from '../../platform/crypto';
import { ID_PREFIXES, newId } from '../../platform/ids';

export const SUBSCRIPTION_CACHE_MS = 30_000;
const MAX_CACHED_ORGS = 10_000;
const subscriptions = new Map<string, { types: Set<string>; until: number }>();

/** The event types some active endpoint of the organization subscribes to (cached per isolate). */
export async function subscribedTypes(db: Database, organizationId: string, now = Date.now()): Promise<Set<string>> {
  const hit = subscriptions.get(organizationId);
  if (hit && hit.until > now) return hit.types;
  const rows = await db
    .select({ eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.status, 'active')));
  const types = new Set(rows.flatMap((r) => r.eventTypes));
  if (subscriptions.size >= MAX_CACHED_ORGS) subscriptions.clear();
  subscriptions.set(organizationId, { types, until: now + SUBSCRIPTION_CACHE_MS });
  return types;
}

/** After an endpoint changes: this isolate asks again on the next event. */
export function forgetSubscriptions(organizationId: string) {
  subscriptions.delete(organizationId);
}

export type WebhookEventInput = {
  organizationId: string;
  type: WebhookEventType;
  /** Ids and the facts a receiver needs (amounts in minor units with their currency); never secrets. */
  payload: Record<string, unknown>;
  /**
   * For events a retry could announce twice (an offline scan uploaded again): the same key and `at`
   * give the same event id, and the second insert does nothing.
   */
  once?: { key: string; at: Date };
  /**
   * Written only if this holds when the batch reaches the insert (an SQL condition, typically `exists (…)`
   * over the row an earlier statement of the batch changed under a guard): a change that lost its race
   * announces nothing.
   */
  onlyIf?: SQL;
};

/** The event row's id: random, or derived from `once` (time part from `at`, the rest from a hash of the key). */
async function eventId(input: WebhookEventInput): Promise<string> {
  if (!input.once) return newId(ID_PREFIXES.webhookEvent);
  const timePart = newId(ID_PREFIXES.webhookEvent, input.once.at.getTime()).slice(0, ID_PREFIXES.webhookEvent.length + 11);
  const digest = await sha256Hex(`${input.organizationId}\u0000${input.type}\u0000${input.once.key}`);
  return `${timePart}${digest.slice(0, 16)}`;
}

/**
 * The insert of one webhook event, for the caller's writeBatch; no write when nobody listens. An array
 * (empty or one statement) rather than the bare statement: a drizzle query is thenable, so an async
 * function returning one would run it.
 */
export async function emitWebhookEvent(db: Database, input: WebhookEventInput): Promise<Write[]> {
  if (!(await subscribedTypes(db, input.organizationId)).has(input.type)) return [];
  const row = { id: await eventId(input), organizationId: input.organizationId, type: input.type, payload: input.payload, fannedOutAt: null, createdAt: new Date() };
  if (!input.onlyIf) return [db.insert(webhookEvents).values(row).onConflictDoNothing()];
  const guarded = db
    .select({
      id: sql`${row.id}`.as('id'),
      organizationId: sql`${row.organizationId}`.as('organization_id'),
      type: sql`${row.type}`.as('type'),
      payload: sql`${JSON.stringify(row.payload)}`.as('payload'),
      fannedOutAt: sql`null`.as('fanned_out_at'),
      createdAt: sql`${row.createdAt.getTime()}`.as('created_at'),
    })
    .from(sql`(select 1)`)
    .where(input.onlyIf);
  return [db.insert(webhookEvents).select(guarded).onConflictDoNothing()];
}
