/** The event an event page shows, for its tabs (detail.tsx provides it; the tabs read it with useEvent). */
import { createContext, useContext } from 'react';
import type { Schemas } from '../../../api/client';

type Event = Schemas['Event'];
export type EventCtx = { event: Event; setEvent: (e: Event) => void; reload: () => void };
export const EventContext = createContext<EventCtx | null>(null);

export function useEvent(): EventCtx {
  const c = useContext(EventContext);
  if (!c) throw new Error('useEvent outside an event page');
  return c;
}
