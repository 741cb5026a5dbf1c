/**
 * Manifest paging: keep asking from the last cursor while the server says `hasMore`, applying each page in order
 * (docs/scanning.md). A page is applied before the next is fetched, so a download cut off midway resumes from the
 * last page applied rather than starting over.
 */
import type { Manifest } from './types';

/** Guards against a server that never stops saying hasMore (5,000 tickets a page: 2.5 million tickets). */
export const MAX_MANIFEST_PAGES = 500;

export async function pullManifest(
  fetchPage: (cursor: string | undefined) => Promise<Manifest>,
  cursor: string | undefined,
  onPage: (page: Manifest) => void | Promise<void>,
): Promise<{ pages: number; cursor: string | undefined }> {
  let at = cursor;
  let pages = 0;
  for (;;) {
    const page = await fetchPage(at);
    await onPage(page);
    pages++;
    if (!page.hasMore) return { pages, cursor: page.cursor };
    if (page.cursor === at) throw new Error('The manifest did not move past its cursor');
    if (pages >= MAX_MANIFEST_PAGES) throw new Error('The manifest has more pages than this device will download at once');
    at = page.cursor;
  }
}
