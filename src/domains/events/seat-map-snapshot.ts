/**
 * GET /public/events/{eventId}/seat-map as a versioned edge snapshot (src/platform/edge-snapshot.ts): the inventory
 * builds the public map's JSON once per public version (publicSeatMapJson), the Worker adds the section names once,
 * gzips once and keeps it in the Cache API; every other read of that version is answered at the edge (ETag "<version>",
 * 304 on If-None-Match). Buyers then follow the live channel from that version (docs/inventory.md).
 */
import { liveSetting } from '../../../durable-objects/relay/config';
import type { Database } from '../../db/client';
import type { Env } from '../../env';
import { EdgeSnapshots } from '../../platform/edge-snapshot';
import type { EventRow } from './events';
import { withSections } from './holds';
import { inventory } from './inventory-client';

/** One per isolate: its memo answers repeated reads without even a Cache API lookup. */
const snapshots = new EdgeSnapshots();

/** Browsers keep the body but ask again every time; the answer is a 304 while the version stands. */
export const SEAT_MAP_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/** How long the Worker trusts its idea of the current version (LIVE_SNAPSHOT_POINTER_MS, default 1 s; the production check refuses a bad value). */
export function snapshotPointerMs(env: { LIVE_SNAPSHOT_POINTER_MS?: string }): number {
  return liveSetting('LIVE_SNAPSHOT_POINTER_MS', env.LIVE_SNAPSHOT_POINTER_MS).value;
}

type SeatMapEvent = Pick<EventRow, 'id' | 'organizationId' | 'layoutId'>;

export async function servePublicSeatMap(input: { db: Database; env: Env; event: SeatMapEvent; request: Request; waitUntil?: (p: Promise<unknown>) => void }) {
  const { db, env, event, request } = input;
  const stub = inventory(env, event.organizationId, event.id);
  return snapshots.serve(request, {
    origin: new URL(request.url).origin,
    key: `seat-map/${event.organizationId}/${event.id}`,
    cacheControl: SEAT_MAP_CACHE_CONTROL,
    pointerMs: snapshotPointerMs(env),
    waitUntil: input.waitUntil,
    source: {
      version: () => stub.publicSeatMapVersion(),
      body: async () => {
        const { version, json } = await stub.publicSeatMapJson();
        const map = JSON.parse(json) as { seats: (string | number)[][] };
        return { version, json: JSON.stringify(await withSections(db, event, map)) };
      },
    },
  });
}
