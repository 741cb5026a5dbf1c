/** React glue for the live channel: opens it for an event while mounted, reports its status, hands over messages. */
import { useEffect, useRef, useState } from 'react';
import type { LiveMessage } from '../../../../src/shared/live-protocol';
import { api, call } from '../../api/client';
import { LiveChannel, ticketedLiveUrl, type LiveStatus } from '../../ui/live-channel';

/**
 * The organizer's socket URL: a fresh single-use ticket (POST …/live-ticket, events.read) on every connect, so a
 * reconnect after a drop or a sleeping laptop never reuses an old one.
 */
export async function organizerLiveUrl(orgId: string, eventId: string): Promise<string> {
  const minted = await call(api.POST('/api/v1/orgs/{orgId}/events/{eventId}/live-ticket', { params: { path: { orgId, eventId } } }));
  return ticketedLiveUrl(minted.url, location);
}

export function useLiveChannel(orgId: string, eventId: string, enabled: boolean, onMessage: (m: LiveMessage) => void) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [retryInMs, setRetryInMs] = useState<number | null>(null);
  const handler = useRef(onMessage);
  handler.current = onMessage;

  useEffect(() => {
    if (!enabled) {
      setStatus('closed');
      return;
    }
    const channel = new LiveChannel<LiveMessage>({
      url: () => organizerLiveUrl(orgId, eventId),
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
  }, [orgId, eventId, enabled]);

  return { status, retryInMs };
}

/** The admin's words for the channel's status (the badge says "Live" / "Reconnecting…"). */
export function liveStatusText(status: LiveStatus): string {
  return status === 'open' ? 'Live' : status === 'connecting' ? 'Connecting…' : status === 'reconnecting' ? 'Reconnecting…' : 'Offline';
}
