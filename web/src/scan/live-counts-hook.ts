/** The live check-in counts of the scanning screen. */
import { useEffect, useRef, useState } from 'react';
import { LiveChannel, ticketedLiveUrl, type GateLiveMessage } from '../ui/live-channel';
import { deviceLiveTicketPath } from './api';
import { countsFromLiveMessage, type GateCounts } from './live-counts';

/**
 * The event's check-in counts, live: the shared channel (web/src/ui/live-channel.ts) keeps the socket alive and
 * reconnects with backoff; when the desk comes back online it reconnects at once instead of waiting the backoff out.
 * Every connect asks for a fresh device ticket (the gate counts of this device's own event only); a reconnect resumes
 * with `?since=` and a `resync` brings a fresh snapshot (every message carries the full counts, so each one applied in
 * order is the truth).
 */
export function useLiveCounts(eventId: string, gateId: string | null, online: boolean): GateCounts | null {
  const [counts, setCounts] = useState<GateCounts | null>(null);
  const channelRef = useRef<LiveChannel<GateLiveMessage> | null>(null);
  useEffect(() => {
    const channel = new LiveChannel<GateLiveMessage>({
      url: async () => ticketedLiveUrl(await deviceLiveTicketPath(eventId), location),
      onMessage: (m) => {
        const c = countsFromLiveMessage(m, gateId);
        if (c) setCounts(c);
      },
    });
    channelRef.current = channel;
    channel.start();
    const onVisible = () => document.visibilityState === 'visible' && channel.reconnectNow();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      channel.stop();
      channelRef.current = null;
    };
  }, [eventId, gateId]);
  useEffect(() => {
    if (online) channelRef.current?.reconnectNow();
  }, [online]);
  return counts;
}
