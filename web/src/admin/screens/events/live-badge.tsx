/** The "Live" / "Reconnecting…" indicator of a live view. */
import type { LiveStatus } from '../../../ui/live-channel';
import { liveStatusText } from '../../live/use-live';

export function LiveBadge({ status, retryInMs }: { status: LiveStatus; retryInMs: number | null }) {
  const cls = status === 'open' ? 'ok' : status === 'closed' ? '' : 'warn';
  return (
    <span className={`badge live-badge ${cls}`} role="status" aria-live="polite">
      <span className={`dot ${status}`} aria-hidden="true" /> {liveStatusText(status)}
      {status === 'reconnecting' && retryInMs !== null && <span className="visually-hidden"> (retrying in {Math.ceil(retryInMs / 1000)} seconds)</span>}
    </span>
  );
}
