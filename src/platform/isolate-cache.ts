/**
 * A short-lived per-isolate cache of one lookup per key, for what buyers ask thousands of times a second (an event,
 * its waiting room): a value is trusted `ttlMs`; the requests that arrive while a lookup runs wait for it instead of
 * each asking D1 (a herd would otherwise miss together when an entry expires); a failed lookup is not remembered.
 *
 * Workers tie I/O to the request that started it (docs/waiting-room.md, "A 500 on joining under load"), so what is
 * shared across requests is data, never a request's I/O:
 * - a settled value is kept as the value itself; a hit answers it from a promise made in the asking request;
 * - a lookup in flight is awaited by the others only for its result; when it fails (its request may have ended or
 *   been cancelled, taking its D1 read with it), each waiter does its own lookup instead of taking on that failure;
 *   a refusal that is the answer itself (an AppError, e.g. 404: no such published event) is shared like a value,
 *   and, like any failure, not remembered.
 */
import { AppError } from './errors';

export function isolateCache<T>(ttlMs: number, maxEntries = 10_000) {
  const values = new Map<string, { value: T; until: number }>();
  /** Lookups in flight: each was started by, and is awaited by, the request that made it. */
  const inFlight = new Map<string, Promise<T>>();

  const fresh = (key: string) => {
    const known = values.get(key);
    return known && known.until > Date.now() ? known : undefined;
  };

  async function lookUp(key: string, load: () => Promise<T>): Promise<T> {
    const mine = load();
    inFlight.set(key, mine);
    try {
      const value = await mine;
      // Kept unless forgotten meanwhile (forget() drops the lookup too: what it read may be from before the change).
      if (inFlight.get(key) === mine) {
        if (values.size >= maxEntries && !values.has(key)) values.clear();
        values.set(key, { value, until: Date.now() + ttlMs });
      }
      return value;
    } finally {
      if (inFlight.get(key) === mine) inFlight.delete(key);
    }
  }

  return {
    async get(key: string, load: () => Promise<T>): Promise<T> {
      const known = fresh(key);
      if (known) return known.value;
      const other = inFlight.get(key);
      if (other) {
        try {
          return await other;
        } catch (error) {
          if (error instanceof AppError) throw error;
          // Its failure belongs to its request: look it up for this one, unless another waiter already does.
          const meanwhile = fresh(key);
          if (meanwhile) return meanwhile.value;
          const next = inFlight.get(key);
          if (next && next !== other) {
            try {
              return await next;
            } catch (again) {
              if (again instanceof AppError) throw again;
              /* that one failed too: our own below */
            }
          }
        }
      }
      return lookUp(key, load);
    },
    /** This isolate saw the thing change: the next request reads it again. */
    forget(key: string) {
      values.delete(key);
      inFlight.delete(key);
    },
  };
}
