/** Audit entries, built as insert statements so callers put them in the same D1 batch as the change they record. */
import { auditLogs } from '../db/schema/audit';
import type { ActorType } from '../db/schema/audit';
import type { Actor, ServiceContext } from './context';
import { ID_PREFIXES, newId } from './ids';

export type AuditInput = {
  organizationId: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  changes?: Record<string, unknown> | null;
  /** Defaults to the context's actor; sign-up and invitation acceptance name the new user. */
  actor?: { type: ActorType; id: string | null };
};

export function auditEntry(ctx: ServiceContext & { actor?: Actor }, input: AuditInput) {
  const actor = input.actor ?? (ctx.actor ? { type: ctx.actor.type, id: ctx.actor.id } : { type: 'anonymous' as const, id: null });
  return ctx.db.insert(auditLogs).values({
    id: newId(ID_PREFIXES.audit),
    organizationId: input.organizationId,
    actorType: actor.type,
    actorId: actor.id,
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    changes: input.changes ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    createdAt: new Date(),
  });
}

/** `{ field: { from, to } }` for the fields of `patch` whose value differs from `before`. */
export function diff<T extends Record<string, unknown>>(before: T, patch: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from: from ?? null, to };
  }
  return changes;
}
