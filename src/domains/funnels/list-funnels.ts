/** The organization's saved funnels, newest first, a keyset page at a time. */
import { and, desc, eq, lt } from 'drizzle-orm';
import { funnels } from '../../db/schema/funnels';
import type { TenantContext } from '../../platform/context';
import { toPage } from '../../platform/openapi';
import { toFunnel } from './funnel-row';

export async function listFunnels({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const rows = await ctx.db
    .select()
    .from(funnels)
    .where(and(eq(funnels.organizationId, ctx.organizationId), input.cursor ? lt(funnels.id, input.cursor) : undefined))
    .orderBy(desc(funnels.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit);
  return { items: page.items.map(toFunnel), nextCursor: page.nextCursor };
}
