/**
 * Overload is answered, never crashed into: the one classifier for failures of the platform we stand on
 * (a Durable Object, D1, a queue, R2, the Upstash store) that say "try again shortly" rather than "this
 * request is wrong". The error handler (error-handler.ts) answers them 503 application/problem+json with
 * Retry-After and a stable code per kind (docs/operations.md, "Overload and outages"), logged once as a warning.
 *
 * How each is recognised, by what Cloudflare documents:
 * - Durable Objects (https://developers.cloudflare.com/durable-objects/best-practices/error-handling/):
 *   infrastructure errors carry `.retryable === true` (safe to retry an idempotent call) and/or
 *   `.overloaded === true` (never retry: it worsens the overload); an error thrown by the object's own code has
 *   `.remote === true` and is a bug, not overload. Messages seen: "Durable Object is overloaded. Too many requests
 *   queued." / "…Requests queued for too long.", "Network connection lost.", "Durable Object reset because its code
 *   was updated.", "Durable Object storage operation exceeded timeout which caused object to be reset."
 *   (https://developers.cloudflare.com/durable-objects/observability/troubleshooting/).
 * - D1 (https://developers.cloudflare.com/d1/observability/debug-d1/#error-list and
 *   https://developers.cloudflare.com/d1/best-practices/retry-queries/): every error is prefixed `D1_ERROR` (or
 *   `D1_EXEC_ERROR`); the transient ones say "SQLITE_BUSY", "D1 DB is overloaded. Requests queued for too long.",
 *   "…timed out", "Network connection lost", "storage caused object to be reset", "reset because its code was
 *   updated". A constraint failure ("UNIQUE constraint failed") is D1_ERROR too and is NOT transient. Drizzle wraps a
 *   failed query in DrizzleQueryError (its message holds the SQL and its bound values): we look at the cause chain
 *   and never log the wrapper's message.
 * - Queues and R2 have no documented transient shape, so their call sites tag them (`tagFailure`): any failure of
 *   `send`/`sendBatch` (src/queues/consumer.ts `producer`) or of an R2 read on a request's path.
 * - The Upstash store: the limiters that fail closed throw `transientError('limiter')` themselves.
 */
import { ServiceUnavailableError } from './errors';

export type TransientKind = 'inventory' | 'waiting_room' | 'database' | 'queue' | 'storage' | 'limiter';

/** What the client is told, per kind: small, jitter-free Retry-After values (a client adds its own jitter). */
const RETRY_SAME_KEY = 'A retry with the same Idempotency-Key finishes what this request started, once.';
export const TRANSIENT_ANSWERS: Record<TransientKind, { code: string; retryAfterSeconds: number; detail: string }> = {
  inventory: { code: 'inventory_unavailable', retryAfterSeconds: 2, detail: `This event's ticket inventory is busy; try again in a moment. ${RETRY_SAME_KEY}` },
  // The event's WaitingRoom object or one of its join shards (src/domains/waiting-room/room-client.ts).
  waiting_room: { code: 'waiting_room_unavailable', retryAfterSeconds: 2, detail: "This event's waiting room is busy; try again in a moment: your place in the queue is kept." },
  database: { code: 'database_busy', retryAfterSeconds: 2, detail: `The database is busy; try again in a moment. ${RETRY_SAME_KEY}` },
  queue: { code: 'queue_unavailable', retryAfterSeconds: 5, detail: 'Background work cannot be queued right now; try again shortly.' },
  storage: { code: 'storage_unavailable', retryAfterSeconds: 5, detail: 'File storage is briefly unavailable; try again shortly.' },
  limiter: { code: 'limiter_unavailable', retryAfterSeconds: 30, detail: 'This service is briefly unavailable; try again shortly.' },
};

/** A platform failure already classified: answered 503 with its kind's code and Retry-After. */
export class TransientError extends ServiceUnavailableError {
  constructor(
    readonly kind: TransientKind,
    readonly platformMessage: string,
    detail = TRANSIENT_ANSWERS[kind].detail,
  ) {
    super(detail, TRANSIENT_ANSWERS[kind].retryAfterSeconds, TRANSIENT_ANSWERS[kind].code);
  }
}

export function transientError(kind: TransientKind, cause?: unknown, detail?: string): TransientError {
  return new TransientError(kind, cause === undefined ? '' : platformMessageOf(cause), detail);
}

type Flags = { retryable?: unknown; overloaded?: unknown; remote?: unknown; durableObjectReset?: unknown };

/** The error and its causes, outermost first (a drizzle wrapper, then D1's own error). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = error;
  while (e !== undefined && e !== null && out.length < 5 && !out.includes(e)) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : typeof e === 'string' ? e : '');

/** The innermost message (the platform's own words, never a query's bound values), cut short for the log. */
export function platformMessageOf(error: unknown): string {
  const links = chain(error);
  const inner = links[links.length - 1];
  const text = inner instanceof TransientError ? inner.platformMessage : messageOf(inner);
  return text.slice(0, 200);
}

const D1_SOURCE = /\bD1_(?:EXEC_)?ERROR\b|\bD1 DB\b/;
const D1_TRANSIENT = /SQLITE_BUSY|overloaded|queued for too long|timed out|timeout|Network connection lost|object to be reset|reset because its code was updated|internal error/i;
const DO_TRANSIENT = /Durable Object (?:is overloaded|reset because|storage operation exceeded timeout)|object to be reset/i;
/** Said by any connection (a fetch too): a Durable Object's only when it came from a stub call. */
const CONNECTION_LOST = /Network connection lost/i;

/** `atStub`: the error came out of a Durable Object stub call (durable-object-calls.ts), so a lost connection is its. */
export function isDurableObjectFailure(e: unknown, atStub = false): boolean {
  if (!(e instanceof Error)) return false;
  const f = e as Error & Flags;
  if (f.overloaded === true) return true;
  // An exception from the object's own code (`.remote`) is a bug unless the runtime also marks it retryable.
  if (f.retryable === true || f.durableObjectReset === true) return true;
  if (f.remote === true) return false;
  return DO_TRANSIENT.test(e.message) || (atStub && CONNECTION_LOST.test(e.message));
}

/** The kind of platform failure `error` is, or null for anything else (a bug stays a logged 500). */
export function transientKindOf(error: unknown): TransientKind | null {
  for (const e of chain(error)) {
    if (e instanceof TransientError) return e.kind;
    const message = messageOf(e);
    // D1 first: D1 runs on Durable Objects and its errors may carry the same flags.
    if (D1_SOURCE.test(message)) {
      if (D1_TRANSIENT.test(message)) return 'database';
      continue;
    }
    if (isDurableObjectFailure(e)) return 'inventory';
  }
  return null;
}

/** `error` as the 503 it should be answered with, or null when it is not a platform failure. */
export function asTransient(error: unknown): TransientError | null {
  if (error instanceof TransientError) return error;
  const kind = transientKindOf(error);
  return kind ? transientError(kind, error) : null;
}

/** Whether a Durable Object call may be sent again: the runtime says retryable and not overloaded (the docs' rule). */
export function mayRetryDurableObjectCall(error: unknown): boolean {
  const f = (error ?? {}) as Flags;
  return f.retryable === true && f.overloaded !== true;
}

/** At a binding's call site whose failures are all platform failures (queues, R2): any rejection becomes `kind`. */
export async function tagFailure<T>(kind: TransientKind, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TransientError) throw error;
    throw transientError(kind, error);
  }
}

/**
 * A read made after the request's change committed (to build its answer): retried on a busy D1 or a retryable
 * object, a few times with short pauses, so a blip after the commit does not turn a done change into a 503 whose
 * retry is refused as a duplicate (say, "email taken" after a sign-up that went through).
 */
export async function readAfterCommit<T>(read: () => Promise<T>, pausesMs: readonly number[] = [25, 100, 250]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const kind = transientKindOf(error);
      const retryable = kind === 'database' || (kind === 'inventory' && mayRetryDurableObjectCall(error));
      if (!retryable || attempt >= pausesMs.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, pausesMs[attempt]));
    }
  }
}
