/**
 * A buyer's turn in an event's waiting room, as the event page keeps it (queue.ts): the admission this tab holds for
 * the event, whether to show the queue instead of the buy page — at once when the event says its room is on, before
 * the buyer picks anything — and whether an admission just ran out (said on the queue page).
 */
import { useCallback, useEffect, useState } from 'react';
import { forgetAdmission, readAdmission, roomWantsQueue, startsInQueue, type StoredAdmission } from './queue';

export function useQueueTurn(eventId: string, roomOn: boolean, onBackToQueue: () => void) {
  const [admission, setAdmission] = useState<StoredAdmission | null>(() => readAdmission(eventId));
  const [queueing, setQueueing] = useState(() => startsInQueue(eventId));
  const [turnEnded, setTurnEnded] = useState(false);
  useEffect(() => {
    if (roomWantsQueue(roomOn, eventId)) setQueueing(true);
  }, [roomOn, eventId]);

  /** The admission is gone (refused with 403 `admission_required`, or run out): drop it and queue again. */
  const backToQueue = useCallback(() => {
    const hadOne = readAdmission(eventId) !== null || admission !== null;
    forgetAdmission(eventId);
    setAdmission(null);
    setQueueing(true);
    onBackToQueue();
    setTurnEnded(hadOne);
  }, [eventId, admission]); // eslint-disable-line react-hooks/exhaustive-deps

  const admitted = useCallback((a: StoredAdmission) => {
    setAdmission(a);
    setQueueing(false);
    setTurnEnded(false);
  }, []);

  /** The event has no room (any more): back to the buy page. */
  const leaveQueue = useCallback(() => setQueueing(false), []);

  return { admission, queueing, turnEnded, backToQueue, admitted, leaveQueue };
}
