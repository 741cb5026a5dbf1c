/** The organization's saved funnels, newest first, a keyset page at a time. */
import { and, eq } from 'drizzle-orm';
import { funnels } from '../../db/schema/funnels';
import type { TenantContext } from '../../platform/context';
import { newestFirstPage } from '../../db/keyset';
import { toFunnel } from './funnel-row';

export async function listFunnels({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string } }) {
  const page = await newestFirstPage(funnels.id, input, (k) =>
    ctx.db
      .select()
      .from(funnels)
      .where(and(eq(funnels.organizationId, ctx.organizationId), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toFunnel), nextCursor: page.nextCursor };
}
