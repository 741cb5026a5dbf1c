/** What an event copies from its layout at publish: every seat, GA area, category and the focal point, at one version. */
import type { TenantContext } from '../../platform/context';
import { flattenLayout } from '../layouts/flatten';
import { getLayoutDocument, loadLayout } from '../layouts/queries';

export async function layoutSnapshot(ctx: TenantContext, layoutId: string) {
  const [layout, doc] = await Promise.all([loadLayout(ctx, layoutId), getLayoutDocument(ctx, layoutId)]);
  return { version: layout.version, categories: doc.categories, ...flattenLayout(doc) };
}
