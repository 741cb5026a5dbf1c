/**
 * A short-lived per-isolate cache of one lookup per key, for what buyers ask thousands of times a second (an event,
 * its waiting room): an entry is trusted `ttlMs`; the requests that arrive while a lookup runs share it instead of
 * each asking D1 (a herd would otherwise miss together when an entry expires); a failed lookup is not remembered.
 */
export function isolateCache<T>(ttlMs: number, maxEntries = 10_000) {
  const entries = new Map<string, { value: Promise<T>; until: number }>();
  return {
    get(key: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const cached = entries.get(key);
      if (cached && cached.until > now) return cached.value;
      const value = load();
      if (entries.size > maxEntries) entries.clear();
      const entry = { value, until: now + ttlMs };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    /** This isolate saw the thing change: the next request reads it again. */
    forget(key: string) {
      entries.delete(key);
    },
  };
}
