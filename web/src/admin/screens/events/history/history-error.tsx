/** A History panel's failure: the reporting database away (503 `postgres_unavailable`) says so plainly, with a retry. */
import type { ApiError } from '../../../../api/client';
import { LoadError } from '../../../../ui/load';

export function HistoryError({ error, retry }: { error: ApiError | null; retry: () => void }) {
  if (!error) return null;
  if (error.code === 'postgres_unavailable' || error.status === 503)
    return (
      <div className="banner error" role="alert">
        <p style={{ margin: 0 }}>
          The reporting database is unavailable for the moment, so the history cannot be shown. Sales and scanning go on as usual, and the live dashboard
          still works.
        </p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  return <LoadError error={error} />;
}
