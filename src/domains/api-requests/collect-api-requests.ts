/**
 * Collects the API request log off the hot path (docs/postgres.md, "API request log"): after a request that an API
 * key or a member's session made inside an organization, one entry — time, method, route PATTERN, status, latency,
 * actor kind and key id, request id; never the raw URL, query, body or IP — goes into this isolate's buffer. The
 * buffer is sent to the replication queue as ONE message (kind `api_requests`) in the waitUntil of the request that
 * started it, API_REQUEST_LOG_FLUSH_MS later (so the requests of that moment travel together) or at once when it holds
 * MAX_BATCH entries. No D1 write, no Postgres call, nothing awaited before the answer; a failed send is logged and
 * dropped (the log is a record of traffic, not a business fact — the request it describes has already succeeded).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { producer } from '../../queues/producers';
import { log, routePattern } from '../../platform/logger';
import { waitUntilOf } from '../../platform/wait-until';
import type { ApiRequestEntry, ApiRequestsMessage } from './schemas';

/** Entries per queue message: each is at most ~600 bytes, so a message stays far below the queue's 128 KB. */
export const MAX_BATCH = 100;
const DEFAULT_FLUSH_MS = 1000;

type Buffer = { entries: ApiRequestEntry[]; scheduled: boolean };
/** Per queue binding, so entries only ever leave through the binding of the environment they were made in. */
const buffers = new WeakMap<object, Buffer>();

type Env = Pick<Cloudflare.Env, 'REPLICATION_QUEUE'> & { API_REQUEST_LOG_FLUSH_MS?: string };

/** The entry for this request, or null when no API key or organization member made it. */
export function entryOf(c: Context, at: number, latencyMs: number): ApiRequestEntry | null {
  const actor = c.var.actor;
  const principal = c.var.principal;
  let organizationId: string;
  let apiKeyId: string | null = null;
  if (actor && (actor.type === 'api_key' || actor.type === 'user')) {
    organizationId = actor.organizationId;
    if (actor.type === 'api_key') apiKeyId = actor.id;
  } else if (principal?.type === 'api_key') {
    // A key refused before the tenancy guard made its actor (another organization's path: 404) is still the key's traffic.
    organizationId = principal.organizationId;
    apiKeyId = principal.apiKeyId;
  } else {
    return null;
  }
  const requestId = c.var.requestId;
  if (!requestId) return null;
  return {
    id: requestId,
    organizationId,
    at,
    method: c.req.method,
    route: routePattern(c).slice(0, 300),
    status: c.res.status,
    latencyMs: Math.max(0, Math.round(latencyMs)),
    actorType: apiKeyId ? 'api_key' : 'user',
    apiKeyId,
  };
}

async function flush(env: Env, buffer: Buffer): Promise<void> {
  buffer.scheduled = false;
  const entries = buffer.entries.splice(0);
  if (!entries.length) return;
  const message: ApiRequestsMessage = { kind: 'api_requests', entries };
  try {
    await producer(env as Cloudflare.Env, 'replication').send(message);
  } catch (error) {
    log('warn', 'API request log not sent; dropped', { entries: entries.length, error: String(error) });
  }
}

/** Adds an entry to the isolate's buffer and makes sure a send of it is under way in some request's waitUntil. */
export function enqueueApiRequest(env: Env, entry: ApiRequestEntry, waitUntil: (p: Promise<unknown>) => void): void {
  const queue = env.REPLICATION_QUEUE as object | undefined;
  if (!queue) return;
  let buffer = buffers.get(queue);
  if (!buffer) buffers.set(queue, (buffer = { entries: [], scheduled: false }));
  buffer.entries.push(entry);
  if (buffer.entries.length >= MAX_BATCH) {
    waitUntil(flush(env, buffer));
    return;
  }
  if (buffer.scheduled) return;
  buffer.scheduled = true;
  const delay = Number(env.API_REQUEST_LOG_FLUSH_MS ?? DEFAULT_FLUSH_MS);
  const target = buffer;
  waitUntil(new Promise((resolve) => setTimeout(resolve, Number.isFinite(delay) && delay > 0 ? delay : 0)).then(() => flush(env, target)));
}

/** The middleware (src/app.ts, before authentication so the latency covers it). Never fails or delays the request. */
export function collectApiRequests(): MiddlewareHandler {
  return async function collectApiRequestsMiddleware(c, next) {
    const at = Date.now();
    const started = performance.now();
    await next();
    try {
      const entry = entryOf(c, at, performance.now() - started);
      const waitUntil = entry ? waitUntilOf(c) : undefined;
      if (entry && waitUntil) enqueueApiRequest(c.env as Env, entry, waitUntil);
    } catch (error) {
      log('warn', 'API request log entry skipped', { error: String(error) });
    }
  };
}
