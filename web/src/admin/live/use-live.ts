/** React glue for the live channel: opens it for an event while mounted, reports its status, hands over messages. */
import { useEffect, useRef, useState } from 'react';
import type { LiveMessage } from '../../../../src/shared/live-protocol';
import { LiveChannel, liveUrl, type LiveStatus } from '../../ui/live-channel';

export function useLiveChannel(eventId: string, enabled: boolean, onMessage: (m: LiveMessage) => void) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [retryInMs, setRetryInMs] = useState<number | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;

  useEffect(() => {
    if (!enabled) {
      setStatus('closed');
      return;
    }
    const channel = new LiveChannel({
      url: liveUrl(eventId, location),
      onMessage: (m) => handler.current(m),
      onStatus: (s, d) => {
        setStatus(s);
        setRetryInMs(d.retryInMs);
      },
    });
    channel.start();
    const nudge = () => channel.reconnectNow();
    const onVisible = () => document.visibilityState === 'visible' && channel.reconnectNow();
    window.addEventListener('online', nudge);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('online', nudge);
      document.removeEventListener('visibilitychange', onVisible);
      channel.stop();
    };
  }, [eventId, enabled]);

  return { status, retryInMs };
}

/** The admin's words for the channel's status (the badge says "Live" / "Reconnecting…"). */
export function liveStatusText(status: LiveStatus): string {
  return status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting…' : status === 'reconnecting' ? 'Reconnecting…' : 'Offline';
}
