/**
 * Keyset pagination (src/db/keyset.ts) over a real D1 table: every row once, newest first, whatever is written
 * during the walk; the last page says so; the organization's filter stays the query's own.
 */
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client';
import { newestFirstPage, toPage } from '../../src/db/keyset';
import { venues } from '../../src/db/schema/venues';
import { signup } from '../support/api';
import { createVenue } from '../support/events';

describe('newestFirstPage', () => {
  it('walks every row once, newest first; a row written mid-walk is not repeated and nothing is skipped', async () => {
    const [owner, other] = [await signup(), await signup()];
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await createVenue(owner, `Hall ${i}`)).id);
    await createVenue(other, 'Not theirs');
    const db = createDb(env.DB);
    const page = (cursor?: string) =>
      newestFirstPage(venues.id, { limit: 3, cursor }, (k) => db.select({ id: venues.id }).from(venues).where(and(eq(venues.organizationId, owner.orgId), k.after)).orderBy(k.order).limit(k.limit));

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const got = await page(cursor);
      seen.push(...got.items.map((v) => v.id));
      pages += 1;
      if (pages === 1) await createVenue(owner, 'Opened meanwhile');
      cursor = got.nextCursor ?? undefined;
      if (got.nextCursor) expect(got.items).toHaveLength(3);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());
  });

  it('says there is no next page when the rows fill the last page exactly', () => {
    const rows = [{ id: 'c' }, { id: 'b' }, { id: 'a' }];
    expect(toPage(rows, 3)).toEqual({ items: rows, nextCursor: null });
    expect(toPage(rows, 2)).toEqual({ items: rows.slice(0, 2), nextCursor: 'b' });
  });
});
