/**
 * The admitted-through cursor as polling reads it, at the edge: the pointer half of src/platform/edge-snapshot.ts's
 * pattern (the cursor is small enough to be its own body). A per-isolate memo and the Cache API (`caches.default`,
 * per data centre) each trust a cursor CURSOR_TRUST_MS; past that one lookup per event per isolate is in flight
 * (requests arriving meanwhile wait for it), so the room answers at most about one cursor call per second per
 * isolate, whatever the number of buyers polling.
 */
import type { Env } from '../../env';
import type { RoomCursor } from '../../../durable-objects/waiting-room/types';
import { waitingRoom } from './room-client';

export const CURSOR_TRUST_MS = 1_000;
const MEMO_LIMIT = 1_024;

const memo = new Map<string, { cursor: RoomCursor; until: number }>();
const lookups = new Map<string, Promise<{ cursor: RoomCursor; source: CursorSource }>>();

function defaultCache(): Cache | null {
  try {
    return typeof caches === 'undefined' ? null : caches.default;
  } catch {
    return null;
  }
}

export type CursorRead = {
  env: Env;
  organizationId: string;
  eventId: string;
  /** The Worker's own origin: Cache API entries live on its host, under a path no route serves. */
  origin: string;
  waitUntil?: (p: Promise<unknown>) => void;
};

const keyOf = (r: CursorRead) => `${r.organizationId}/${r.eventId}`;
const urlOf = (r: CursorRead) => `${r.origin}/__edge-snapshot/queue-cursor/${encodeURIComponent(r.organizationId)}/${encodeURIComponent(r.eventId)}`;

/**
 * Where a read's cursor came from: this isolate's memo, another request's lookup it waited for, the Cache API, or the
 * room object itself (the status answer says so in `X-Cursor-Source`, which bench:onsale counts).
 */
export type CursorSource = 'memo' | 'shared' | 'cache' | 'object';

export function roomCursor(read: CursorRead): Promise<RoomCursor> {
  return readCursor(read).then((r) => r.cursor);
}

/**
 * Requests that arrive while another's lookup runs wait for its result only (a cursor is data); when that lookup
 * fails (its request may have ended, taking its object call with it), each does its own: Workers tie I/O to the
 * request that started it (docs/waiting-room.md, "A 500 on joining under load").
 */
export async function readCursor(read: CursorRead): Promise<{ cursor: RoomCursor; source: CursorSource }> {
  const key = keyOf(read);
  const known = memo.get(key);
  if (known && known.until > Date.now()) return { cursor: known.cursor, source: 'memo' };
  const pending = lookups.get(key);
  if (pending) {
    try {
      return { cursor: (await pending).cursor, source: 'shared' };
    } catch {
      const meanwhile = memo.get(key);
      if (meanwhile && meanwhile.until > Date.now()) return { cursor: meanwhile.cursor, source: 'memo' };
    }
  }
  const lookup = lookUp(read);
  lookups.set(key, lookup);
  try {
    return await lookup;
  } finally {
    if (lookups.get(key) === lookup) lookups.delete(key);
  }
}

async function lookUp(read: CursorRead): Promise<{ cursor: RoomCursor; source: CursorSource }> {
  const cache = defaultCache();
  const hit = await cache?.match(urlOf(read)).catch(() => undefined);
  if (hit) {
    const until = Number(hit.headers.get('X-Cursor-Until'));
    if (until > Date.now()) {
      const cursor = (await hit.json()) as RoomCursor;
      remember(keyOf(read), cursor, until);
      return { cursor, source: 'cache' };
    }
  }
  const cursor = await waitingRoom(read.env, read.organizationId, read.eventId).cursor();
  const until = Date.now() + CURSOR_TRUST_MS;
  remember(keyOf(read), cursor, until);
  if (cache) {
    const put = cache
      .put(urlOf(read), new Response(JSON.stringify(cursor), { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=1', 'X-Cursor-Until': String(until) } }))
      .catch(() => undefined);
    if (read.waitUntil) read.waitUntil(put);
    else await put;
  }
  return { cursor, source: 'object' };
}

function remember(key: string, cursor: RoomCursor, until: number) {
  if (memo.size >= MEMO_LIMIT && !memo.has(key)) memo.clear();
  memo.set(key, { cursor, until });
}

/** This isolate learnt a newer cursor (an admit call answered one): later polls here start from it. */
export function rememberCursor(organizationId: string, eventId: string, cursor: RoomCursor) {
  remember(`${organizationId}/${eventId}`, cursor, Date.now() + CURSOR_TRUST_MS);
}
