/** Reads an organization's audit log, newest first, filtered; there is deliberately no verb that changes it. */
import { and, eq, gte, lt } from 'drizzle-orm';
import { auditLogs } from '../../db/schema/audit';
import type { TenantContext } from '../../platform/context';
import { newestFirstPage } from '../../db/keyset';
import type { AuditQuery } from './schemas';

/**
 * An exact action, or a prefix ending in `.` as the range [`membership.`, `membership/`): '/' sorts right after '.',
 * so this is exactly "starts with", with no LIKE wildcards to escape (`api_key.` has a `_`) and the action index usable.
 */
function actionFilter(action: string) {
  if (!action.endsWith('.')) return eq(auditLogs.action, action);
  return and(gte(auditLogs.action, action), lt(auditLogs.action, `${action.slice(0, -1)}/`));
}

export async function listAuditLogs({ ctx, input }: { ctx: TenantContext; input: AuditQuery }) {
  const page = await newestFirstPage(auditLogs.id, input, (k) =>
    ctx.db
      .select()
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.organizationId, ctx.organizationId),
          k.after,
          input.action ? actionFilter(input.action) : undefined,
          input.actorId ? eq(auditLogs.actorId, input.actorId) : undefined,
          input.resourceType ? eq(auditLogs.resourceType, input.resourceType) : undefined,
          input.resourceId ? eq(auditLogs.resourceId, input.resourceId) : undefined,
          input.from ? gte(auditLogs.createdAt, new Date(input.from)) : undefined,
          input.to ? lt(auditLogs.createdAt, new Date(input.to)) : undefined,
        ),
      )
      .orderBy(k.order)
      .limit(k.limit),
  );
  return {
    items: page.items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    nextCursor: page.nextCursor,
  };
}
