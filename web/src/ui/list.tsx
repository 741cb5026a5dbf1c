/**
 * Every list paginates: the API answers `{ items, nextCursor }` (keyset pages, src/platform/openapi.ts toPage).
 * usePaged keeps the cursors of the pages seen so Previous works without the server keeping state.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Table, type Column } from './table';
import { ApiError } from '../api/client';

export type Page<T> = { items: T[]; nextCursor: string | null };

export function usePaged<T>(load: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[] = []) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const cursor = cursors.at(-1);

  // A new filter starts again at the first page, and loads it (even when that page was already the first).
  const first = useRef(true);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setCursors([undefined]);
    setTick((t) => t + 1);
  }, deps);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    loadRef
      .current(cursor)
      .then((p) => !cancelled && (setPage(p), setError(null)))
      .catch((e) => !cancelled && setError(e instanceof ApiError ? e : new ApiError({ title: 'Failed', status: 0, detail: String(e) })))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [cursor, tick]);

  return {
    items: page?.items ?? [],
    loading,
    error,
    pageNumber: cursors.length,
    hasNext: Boolean(page?.nextCursor),
    hasPrev: cursors.length > 1,
    next: useCallback(() => page?.nextCursor && setCursors((c) => [...c, page.nextCursor!]), [page]),
    prev: useCallback(() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)), []),
    reload: useCallback(() => setTick((t) => t + 1), []),
  };
}

export function Pager({ list }: { list: { pageNumber: number; hasNext: boolean; hasPrev: boolean; next: () => void; prev: () => void; loading: boolean } }) {
  // One page and nothing after it: "← Previous  Page 1  Next →", both disabled, only says nothing twice.
  if (list.pageNumber === 1 && !list.hasNext && !list.hasPrev) return null;
  return (
    // A group, not a landmark: a screen with two lists (members and invitations) has two pagers.
    <div className="pager" role="group" aria-label="Pages">
      <button type="button" onClick={list.prev} disabled={!list.hasPrev || list.loading}>
        ← Previous
      </button>
      <span aria-live="polite">Page {list.pageNumber}</span>
      <button type="button" onClick={list.next} disabled={!list.hasNext || list.loading}>
        Next →
      </button>
    </div>
  );
}

export { Table, type Column } from './table';

/** A table of one page of items with its pager; `empty` when there is nothing. */
export function PagedTable<T>({
  list,
  columns,
  rowKey,
  empty = 'Nothing here yet.',
  caption,
}: {
  list: ReturnType<typeof usePaged<T>>;
  columns: Column<T>[];
  rowKey: (item: T) => string;
  empty?: ReactNode;
  caption?: string;
}) {
  return (
    // Focusable: between a phone (where the rows read as cards) and a desktop a wide table may scroll sideways,
    // and keyboard users must reach it.
    <div className="table-wrap" tabIndex={0}>
      {list.error && (
        <p className="banner error" role="alert">
          {list.error.problem.title}: {list.error.problem.detail}
        </p>
      )}
      <Table items={list.items} columns={columns} rowKey={rowKey} empty={empty} caption={caption} busy={list.loading} />
      <Pager list={list} />
    </div>
  );
}
