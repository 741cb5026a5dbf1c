/**
 * Calls to a Durable Object stub, made safe for overload (transient-errors.ts): a platform failure becomes the 503
 * it should be answered with (`inventory_unavailable`, or the kind the caller names: the waiting room's
 * `waiting_room_unavailable`), and an idempotent call the runtime marks `retryable` (and
 * not `overloaded`) is sent once more on a fresh stub, as Cloudflare's Durable Objects error-handling page advises
 * (https://developers.cloudflare.com/durable-objects/best-practices/error-handling/: retry `.retryable` errors of
 * idempotent requests; never retry `.overloaded`, it worsens the overload; a failed stub may be broken, so make a
 * new one). A non-idempotent mutation is never sent twice: its failure is answered and the client decides.
 */
import { asTransient, isDurableObjectFailure, mayRetryDurableObjectCall, transientError, type TransientKind } from './transient-errors';

/** A failure out of a stub call: the object's platform failure as its kind's 503 (`inventory_unavailable` unless named); anything else unchanged. */
const fromStub = (error: unknown, kind: TransientKind) => (isDurableObjectFailure(error, true) ? transientError(kind, error) : (asTransient(error) ?? error));

/**
 * `makeStub` is called once, and again only for a retry. `idempotent`: the methods that may be sent twice
 * (reads, and mutations keyed so that a repeat answers what the first did). `kind`: whose failure it is.
 */
export function guardedStub<T extends object>(makeStub: () => T, idempotent: ReadonlySet<string>, kind: TransientKind = 'inventory'): T {
  const stub = makeStub();
  return new Proxy(stub, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof prop !== 'string' || prop === 'then' || typeof value !== 'function') return value;
      // Called as target[prop](...), never .apply/.call: on an RPC stub those would be RPC method names too.
      return async (...args: unknown[]) => {
        try {
          return await (target as Record<string, (...a: unknown[]) => Promise<unknown>>)[prop]!(...args);
        } catch (error) {
          if (idempotent.has(prop) && mayRetryDurableObjectCall(error)) {
            try {
              const fresh = makeStub() as Record<string, (...a: unknown[]) => Promise<unknown>>;
              return await fresh[prop]!(...args);
            } catch (again) {
              throw fromStub(again, kind);
            }
          }
          throw fromStub(error, kind);
        }
      };
    },
  });
}
