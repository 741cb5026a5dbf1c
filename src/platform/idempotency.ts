/**
 * Idempotency-Key middleware (as pretix and Stripe do it): the first request with a key runs and its
 * answer is stored; a retry with the same key and body gets that answer again (Idempotent-Replayed:
 * true); a retry while the first is still running gets 409; the same key with another body, 422.
 *
 * An answer that carries a secret shown once (operations marked `mintsSecret`: sessions, API keys, device tokens,
 * webhook secrets, order links) is NOT stored: the row only remembers that the request succeeded, and a replay
 * answers 409 `idempotency_secret_not_replayable` — the work is done once, the secret was shown once. The scope
 * keeps a hash of the path, never the path itself (public paths carry order tokens).
 */
import { and, eq, lt } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { idempotencyKeys } from '../db/schema/idempotency';
import { sha256Hex } from './crypto';
import { AppError, BadRequestError, ConflictError } from './errors';
import { ID_PREFIXES, newId } from './ids';
import { log } from './logger';
import { platformMessageOf } from './transient-errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const RETENTION_MS = 24 * 3600_000;
/** Answers larger than this are not stored (the retry then runs again, which every verb must tolerate anyway). */
const MAX_STORED_BODY = 256 * 1024;
const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/**
 * An in-flight row this old belongs to a request that died without letting its key go (its D1 call to do so failed
 * too, e.g. D1 overloaded: docs/operations.md, "Overload and outages"): the next retry takes the key over. Longer
 * than any request runs (a payment provider's call times out well before).
 */
export const IN_FLIGHT_STALE_MS = 2 * 60_000;

export type IdempotencyOptions = {
  /** Routes that make their own retries safe (e.g. holds, keyed inside the inventory) skip the stored answer. */
  skip?: (c: Context) => boolean;
  /** Routes whose success answer carries a secret shown once (`mintsSecret`): never stored, never replayed. */
  mintsSecret?: (c: Context) => boolean;
};

async function scopeOf(c: Context): Promise<string> {
  const p = c.var.principal;
  const who = p?.type === 'user' ? `user:${p.userId}` : p?.type === 'api_key' ? `key:${p.apiKeyId}` : p?.type === 'device' ? `device:${p.deviceId}` : 'public';
  return `${who} ${c.req.method} ${await sha256Hex(c.req.path)}`;
}

/** The status a row gets when its request minted a secret: it succeeded, and its answer is gone. */
const SECRET_WITHHELD = 'secret_withheld';

export class SecretNotReplayableError extends AppError {
  constructor() {
    super(
      409,
      'idempotency_secret_not_replayable',
      'Conflict',
      'The first request with this Idempotency-Key succeeded. Its answer carried a secret that is shown only once and is not kept, so it cannot be sent again; use the secret from that first answer, or make a new request with a new key.',
    );
  }
}

export function idempotency({ skip, mintsSecret }: IdempotencyOptions = {}): MiddlewareHandler {
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined || !MUTATING.has(c.req.method) || skip?.(c)) return next();
    if (!KEY_FORMAT.test(key)) throw new BadRequestError('Idempotency-Key must be 1–255 visible ASCII characters.', 'invalid_idempotency_key');
    const db = c.var.db;
    const scope = await scopeOf(c);
    const requestHash = await sha256Hex(`${c.req.method}\n${c.req.path}\n${await c.req.text()}`);
    const now = new Date();
    await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), lt(idempotencyKeys.expiresAt, now)));
    const id = newId(ID_PREFIXES.idempotencyKey);
    // Best effort: a failure to let the key go must not hide the request's own answer (the key then goes stale).
    const release = () =>
      db
        .delete(idempotencyKeys)
        .where(eq(idempotencyKeys.id, id))
        .catch((error: unknown) => log('warn', 'letting an idempotency key go failed; it goes stale', { error: platformMessageOf(error) }));
    // The unique (scope, key) index makes "am I first?" atomic: exactly one request gets to insert.
    let inserted: { id: string }[];
    try {
      inserted = await db
        .insert(idempotencyKeys)
        .values({ id, organizationId: null, scope, key, requestHash, status: 'in_flight', createdAt: now, expiresAt: new Date(now.getTime() + RETENTION_MS) })
        .onConflictDoNothing()
        .returning({ id: idempotencyKeys.id });
    } catch (error) {
      // The insert may have landed with its answer lost (a connection dropped): don't leave the key in flight.
      await release();
      throw error;
    }
    if (inserted.length === 0) {
      const [row] = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
        .limit(1);
      if (!row) throw new ConflictError('The first request with this Idempotency-Key just finished; retry.', 'idempotency_in_flight');
      if (row.requestHash !== requestHash) {
        throw new AppError(422, 'idempotency_key_reused', 'Idempotency key reused', 'This Idempotency-Key was already used for a different request.');
      }
      if (row.status === 'in_flight') {
        if (row.createdAt.getTime() < now.getTime() - IN_FLIGHT_STALE_MS) {
          await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.id, row.id), eq(idempotencyKeys.status, 'in_flight')));
          throw new AppError(409, 'idempotency_in_flight', 'Conflict', 'An earlier request with this Idempotency-Key was abandoned; retry now.', undefined, { 'Retry-After': '1' });
        }
        throw new AppError(409, 'idempotency_in_flight', 'Conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.', undefined, { 'Retry-After': '1' });
      }
      if (row.status === SECRET_WITHHELD) throw new SecretNotReplayableError();
      return new Response(row.responseBody, {
        status: row.responseStatus ?? 200,
        headers: { ...(row.responseHeaders ?? {}), 'Idempotent-Replayed': 'true', 'X-Request-Id': c.var.requestId },
      });
    }
    try {
      await next();
    } catch (error) {
      // Not a final answer: the error handler turns it into one after we return, so let the key go.
      await release();
      throw error;
    }
    const res = c.res;
    // Only successes are answers to replay: after an error nothing was written, so a retry may run for real.
    if (res.status >= 400 || c.error) {
      await release();
      return;
    }
    if (mintsSecret?.(c)) {
      await db
        .update(idempotencyKeys)
        .set({ status: SECRET_WITHHELD, responseStatus: res.status, responseBody: null, responseHeaders: null, organizationId: c.var.actor?.organizationId ?? null })
        .where(eq(idempotencyKeys.id, id))
        .catch((error: unknown) => log('warn', 'recording an idempotent success failed', { error: String(error) }));
      return;
    }
    const body = await res.clone().text();
    if (body.length > MAX_STORED_BODY) {
      await release();
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['Content-Type', 'Location', 'Set-Cookie']) {
      const value = res.headers.get(name);
      if (value) headers[name] = value;
    }
    await db
      .update(idempotencyKeys)
      .set({ status: 'done', responseStatus: res.status, responseBody: body, responseHeaders: headers, organizationId: c.var.actor?.organizationId ?? null })
      .where(eq(idempotencyKeys.id, id))
      .catch((error: unknown) => log('warn', 'storing an idempotent answer failed', { error: String(error) }));
  };
}
