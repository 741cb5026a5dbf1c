/**
 * The event page's live wiring (React side of live-wiring.ts): the seat-map snapshot over HTTP, the geometry built
 * from it once, then the public channel from the snapshot's version — seat statuses into the model (LiveSeatSync),
 * ticket-type availability and the event's status into state, a redraw per animation frame at most.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PublicTicketAvailability } from '../../../src/shared/live-protocol';
import { api, ApiError, call, asApiError } from '../api/client';
import { liveUrl, type LiveStatus } from '../ui/live-channel';
import { StorefrontLive, type PublicSeatMapData } from './live-wiring';
import { SeatGrid } from './seatmap/grid';
import { buildSeatModel, LiveSeatSync, snapshotFromSeatMap, type SeatModel } from './seatmap/model';

export type MapState = { model: SeatModel; grid: SeatGrid };

export type LiveSeatMapOptions = {
  eventId: string;
  /** Null until the event page is loaded. */
  eventStatus: string | undefined;
  hasSeatMap: boolean;
  /** Seats whose status changed (model indexes), after they were applied. */
  onSeatsChanged: (changed: number[], model: SeatModel) => void;
  /** The event's status as the channel says it (a status change while the page is open). */
  onEventStatus: (status: string) => void;
};

const toError = (e: unknown) => (asApiError(e));

export function useLiveSeatMap({ eventId, eventStatus, hasSeatMap, onSeatsChanged, onEventStatus }: LiveSeatMapOptions) {
  const [map, setMap] = useState<MapState | null>(null);
  const [mapError, setMapError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const [liveState, setLiveState] = useState<LiveStatus>('connecting');
  const [liveAvail, setLiveAvail] = useState<Record<string, number | null>>({});
  const mapRef = useRef<MapState | null>(null);
  const liveRef = useRef<StorefrontLive | null>(null);
  const tickFrame = useRef(0);
  const callbacks = useRef({ onSeatsChanged, onEventStatus });
  callbacks.current = { onSeatsChanged, onEventStatus };

  const syncRef = useRef<LiveSeatSync | null>(null);
  if (!syncRef.current) {
    syncRef.current = new LiveSeatSync((changed) => {
      if (!tickFrame.current) {
        tickFrame.current = requestAnimationFrame(() => {
          tickFrame.current = 0;
          setTick((n) => n + 1);
        });
      }
      const m = mapRef.current?.model;
      if (m && changed.length) callbacks.current.onSeatsChanged(changed, m);
    });
  }
  useEffect(() => () => cancelAnimationFrame(tickFrame.current), []);
  // Another event: its own geometry.
  useEffect(
    () => () => {
      mapRef.current = null;
      setMap(null);
    },
    [eventId],
  );

  const loaded = eventStatus !== undefined;
  const live = loaded && eventStatus !== 'completed' && eventStatus !== 'cancelled';
  useEffect(() => {
    if (!loaded) return;
    const applyCounts = (types: PublicTicketAvailability) => setLiveAvail(Object.fromEntries(Object.entries(types).map(([id, u]) => [id, u.available])));
    const onSnapshot = (data: PublicSeatMapData) => {
      setMapError(null);
      applyCounts(data.ticketTypes);
      if (!hasSeatMap) return;
      if (!mapRef.current) {
        // From the parsed JSON to the first full picture (SeatMapCanvas marks `seatmap:painted` and measures
        // `seatmap:render`): 50,000 seats must be up within a second.
        try {
          performance.mark('seatmap:data', { detail: { seats: data.seats.length } });
        } catch {
          /* no User Timing Level 3: the map works, untimed */
        }
        const model = buildSeatModel(data);
        const grid = new SeatGrid(model.x, model.y, model.count, model.bounds, model.spacing * 2);
        mapRef.current = { model, grid };
        syncRef.current!.setModel(model);
        setMap({ model, grid });
      } else {
        syncRef.current!.snapshotReceived(snapshotFromSeatMap(data));
      }
    };
    const wiring = new StorefrontLive({
      url: liveUrl(eventId, location),
      live,
      fetchSnapshot: (fresh) => call(api.GET('/api/v1/public/events/{eventId}/seat-map', { params: { path: { eventId } }, ...(fresh ? { cache: 'no-store' as const } : {}) })),
      onSnapshot,
      onSnapshotError: (e) => !mapRef.current && hasSeatMap && setMapError(toError(e)),
      onStatus: setLiveState,
      onDelta: (d) => {
        syncRef.current!.deltaReceived(d);
        applyCounts(d.ticketTypes);
        if (typeof d.status === 'string') callbacks.current.onEventStatus(d.status);
      },
      onSocketSnapshot: (s) => {
        syncRef.current!.snapshotReceived(s);
        applyCounts(s.ticketTypes);
        callbacks.current.onEventStatus(s.status);
      },
    });
    liveRef.current = wiring;
    void wiring.start();
    const online = () => wiring.reconnectNow();
    const onVisible = () => document.visibilityState === 'visible' && wiring.reconnectNow();
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', onVisible);
      wiring.stop();
      liveRef.current = null;
    };
  }, [eventId, loaded, live, hasSeatMap]);

  /** A fresh seat map, applied when newer: after a 409 the buyer sees the truth even if the socket lags. */
  const refreshStatuses = useCallback(async () => {
    try {
      await liveRef.current?.refresh();
    } catch {
      /* the live channel will catch up */
    }
  }, []);

  /** Seats the server just refused: shown unavailable at once (the socket and a refresh confirm). */
  const markTaken = useCallback((ids: string[]) => {
    syncRef.current!.deltaReceived({ version: 0, seats: ids.map((id) => ({ id, status: 'held' as const })) });
  }, []);

  return { map, mapRef, mapError, tick, liveState, liveAvail, refreshStatuses, markTaken };
}
