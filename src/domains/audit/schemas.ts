/** Audit log shapes and filters. */
import { z } from '../../platform/openapi';
import { PageQuery } from '../../platform/openapi';
import { ACTOR_TYPES } from '../../db/schema/audit';
import { IsoDateTime } from '../shared-schemas';

export const AuditLogSchema = z
  .object({
    id: z.string(),
    actorType: z.enum(ACTOR_TYPES),
    actorId: z.string().nullable(),
    action: z.string().openapi({ example: 'membership.role_changed' }),
    resourceType: z.string(),
    resourceId: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: IsoDateTime,
  })
  .openapi('AuditLogEntry');

export const AuditQuery = PageQuery.extend({
  action: z.string().max(80).optional().openapi({ description: 'Exact action, or a prefix ending in `.` (e.g. `membership.`)' }),
  actorId: z.string().max(64).optional(),
  resourceType: z.string().max(40).optional(),
  resourceId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries at or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Entries before this time' }),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
