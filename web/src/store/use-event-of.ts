/**
 * The public event behind an order or a ticket (its name, venue, time zone, branding, ticket types), loaded once its
 * id is known; null while loading or if the event can't be read (the page then shows what it has without it).
 */
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';

export function useEventOf(eventId: string | undefined): Schemas['PublicEvent'] | null {
  const [event, setEvent] = useState<Schemas['PublicEvent'] | null>(null);
  useEffect(() => {
    if (!eventId) return;
    call(api.GET('/api/v1/public/events/{eventId}', { params: { path: { eventId } } }))
      .then(setEvent)
      .catch(() => setEvent(null));
  }, [eventId]);
  return event;
}
