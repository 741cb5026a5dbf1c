/** Loading for a screen: one thing (data, the ApiError if it failed, a reload), or every page of a small list. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

/** Loads one thing for a screen: data, the ApiError if it failed, a reload. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const ref = useRef(load);
  ref.current = load;
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    ref
      .current()
      .then((d) => !cancelled && (setData(d), setError(null)))
      .catch((e) => !cancelled && setError(e instanceof ApiError ? e : new ApiError({ title: 'Failed', status: 0, detail: String(e) })))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { data, setData, error, loading, reload: useCallback(() => setTick((t) => t + 1), []) };
}

/** Every item of a paginated list (small lists: gates of a venue, layouts, devices for a filter). */
export async function loadAll<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, max = 10): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < max; i++) {
    const p = await page(cursor);
    out.push(...p.items);
    if (!p.nextCursor) break;
    cursor = p.nextCursor;
  }
  return out;
}

export function LoadError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <p className="banner error" role="alert">
      <strong>{error.problem.title}</strong>
      {error.problem.detail ? ` — ${error.problem.detail}` : ''}
    </p>
  );
}
