/** The "Live" / "Reconnecting…" indicator of a live view. */
import type { ChannelStatus } from '../../live/channel';
import { liveStatusText } from '../../live/use-live';

export function LiveBadge({ status, retryInMs }: { status: ChannelStatus; retryInMs: number | null }) {
  const cls = status === 'live' ? 'ok' : status === 'stopped' ? '' : 'warn';
  return (
    <span className={`badge live-badge ${cls}`} role="status" aria-live="polite">
      <span className={`dot ${status}`} aria-hidden="true" /> {liveStatusText(status)}
      {status === 'reconnecting' && retryInMs !== null && <span className="visually-hidden"> (retrying in {Math.ceil(retryInMs / 1000)} seconds)</span>}
    </span>
  );
}
