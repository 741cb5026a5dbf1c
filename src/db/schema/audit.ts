/** Audit: the append-only record of every mutating action. Nothing in the product updates or deletes it. */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, organizationId } from './columns';

export const ACTOR_TYPES = ['user', 'system', 'device', 'api_key', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const auditLogs = sqliteTable(
  'audit_logs',
  {
    id: id(),
    organizationId: organizationId(),
    actorType: text({ enum: ACTOR_TYPES }).notNull(),
    actorId: text(),
    action: text().notNull(),
    resourceType: text().notNull(),
    resourceId: text(),
    changes: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    requestId: text(),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_org_created_idx').on(t.organizationId, t.id),
    index('audit_logs_org_action_idx').on(t.organizationId, t.action),
    index('audit_logs_org_resource_idx').on(t.organizationId, t.resourceType, t.resourceId),
  ],
);
