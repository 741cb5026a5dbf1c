/**
 * The waiting room on the event page (docs/waiting-room.md): joins the event's queue once (the ticket stays in
 * sessionStorage, so a reload keeps the place), polls `queue/status` as often as the ETA calls for (queue.ts
 * `pollDelay`; not at all while the tab is hidden), and once the cursor passes our place redeems `queue/admit` once
 * and hands the admission up. While queued it follows the event's live channel for the room's `queue` messages
 * (queue-live.ts): sold out, paused or closed shows the moment the room says so, and our turn redeems at once;
 * polling stays as the fallback. Sold out, paused, closed and the pre-queue are said in words.
 */
import { WaitingListJoin } from './WaitingList';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, call } from '../api/client';
import { ProblemBanner } from '../ui/forms';
import { formatClock, URGENT_MS } from './countdown';
import { useI18n } from './I18n';
import { turnstileToken } from './human';
import { admissionUsable, etaMinutes, progress, readTicket, type StoredAdmission } from './queue';
import { followQueue, startQueueLiveLater } from './queue-live';
import { TurnstileWidget } from './Turnstile';
import { createQueueRunner, type QueueCalls, type QueueView } from './queue-runner';

type Props = {
  eventId: string;
  onAdmitted: (admission: StoredAdmission) => void;
  /** The event has no room (any more): buy directly. */
  onNoRoom: () => void;
  /** Turnstile's site key (the event page's `turnstileSiteKey`): the widget gives the join its token. */
  siteKey?: string | null;
};

function queueCalls(eventId: string): QueueCalls {
  const path = { params: { path: { eventId } } };
  return {
    join: () => turnstileToken().then((token) => call(api.POST('/api/v1/public/events/{eventId}/queue', { ...path, body: { turnstileToken: token } }))),
    status: (ticket) => call(api.GET('/api/v1/public/events/{eventId}/queue/status', { ...path, headers: { Authorization: `Bearer ${ticket}` } })),
    admit: (ticket) => call(api.POST('/api/v1/public/events/{eventId}/queue/admit', { ...path, headers: { Authorization: `Bearer ${ticket}` } })),
  };
}

export function WaitingRoom({ eventId, onAdmitted, onNoRoom, siteKey }: Props) {
  const { t } = useI18n();
  const [view, setView] = useState<QueueView>(() => ({ ticket: readTicket(eventId), status: null, trouble: null, error: null, admitted: false }));
  const heading = useRef<HTMLHeadingElement>(null);
  const cb = useRef({ onAdmitted, onNoRoom });
  cb.current = { onAdmitted, onNoRoom };
  const runnerRef = useRef<ReturnType<typeof createQueueRunner> | null>(null);

  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    let live: ReturnType<typeof followQueue> | null = null;
    /** Cancels the socket's delayed opening (queue-live.ts): admitted or gone before it opened, it never opens. */
    let cancelLive = () => {};
    let done = false;
    const runner = createQueueRunner({
      eventId,
      calls: queueCalls(eventId),
      onView: setView,
      onAdmitted: (a) => {
        done = true;
        cancelLive();
        live?.stop();
        cb.current.onAdmitted(a);
      },
      onNoRoom: () => {
        done = true;
        cancelLive();
        live?.stop();
        cb.current.onNoRoom();
      },
    });
    runnerRef.current = runner;
    live = followQueue({ eventId, runner, loc: window.location });
    const onVisible = () => {
      runner.wake();
      live?.reconnectNow();
    };
    document.addEventListener('visibilitychange', onVisible);
    runner.start();
    // The socket a jittered 0–3 s after the join (queue-live.ts): polling answers until it is open.
    if (!done) cancelLive = startQueueLiveLater(live);
    return () => {
      cancelLive();
      live?.stop();
      runner.stop();
      document.removeEventListener('visibilitychange', onVisible);
      runnerRef.current = null;
    };
  }, [eventId]);

  const { ticket, status, trouble, admitted } = view;
  const problem =
    trouble !== 'stopped' ? null : view.error instanceof ApiError ? (view.error.code === 'turnstile_failed' ? new ApiError({ ...view.error.problem, detail: t.queueBotCheck }) : view.error) : new ApiError({ title: String(view.error), status: 0 });

  const fill = progress(ticket, status);
  const state = status?.state ?? null;
  const percent = fill === null ? null : Math.round(fill * 100);

  return (
    <section className="card waiting-room" aria-labelledby="queue-heading">
      <h2 id="queue-heading" ref={heading} tabIndex={-1}>
        {state === 'sold_out' ? t.soldOut : t.queueTitle}
      </h2>
      {state !== 'sold_out' && <p>{t.queueIntro}</p>}
      {state === 'sold_out' && <WaitingListJoin eventId={eventId} types={[]} />}
      {siteKey && !ticket && <TurnstileWidget siteKey={siteKey} label={t.humanCheck} />}
      {!status && !trouble && (
        <p className="loading" role="status">
          {t.queueJoining}
        </p>
      )}
      {status && state && (
        <>
          <p>
            <span className={`badge queue-${state}`}>{t.queueState[state]}</span>
          </p>
          {state !== 'sold_out' && state !== 'closed' && status.place !== null && (
            <ul className="queue-figures">
              <li>{t.queuePlace(status.place, status.estimated)}</li>
              {status.ahead !== null && <li>{t.queueAhead(status.ahead)}</li>}
              <li>{t.queueEta(etaMinutes(status.etaSeconds))}</li>
            </ul>
          )}
          {percent !== null && state !== 'sold_out' && state !== 'closed' && (
            <progress className="queue-progress" max={100} value={percent} aria-label={t.queueProgress}>
              {percent}%
            </progress>
          )}
          <p role="status" className="hint">
            {admitted ? t.queueAdmitted : t.queueStateHelp[state]}
          </p>
        </>
      )}
      {trouble === 'retrying' && (
        <p className="hint" role="status">
          {t.queueRetrying}
        </p>
      )}
      {trouble === 'closed' && (
        <p className="hint" role="status">
          {t.queueStateHelp.closed}
        </p>
      )}
      {trouble === 'not_open' && (
        <p className="hint" role="status">
          {t.queueNotOpen}
        </p>
      )}
      {trouble === 'stopped' && (
        <>
          <ProblemBanner error={problem} />
          <button
            type="button"
            onClick={() => {
              runnerRef.current?.stop();
              runnerRef.current?.start();
            }}
          >
            {t.retry}
          </button>
        </>
      )}
    </section>
  );
}

/** The admission's time left (mm:ss), beside the hold bar and the checkout; at zero the page goes back to the queue. */
export function AdmissionClock({ expiresAt, onExpired }: { expiresAt: number; onExpired: () => void }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  const expiredRef = useRef(onExpired);
  expiredRef.current = onExpired;

  useEffect(() => {
    const id = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (!admissionUsable({ admission: '', expiresAt, maxSeats: 0 }, n)) {
        clearInterval(id);
        expiredRef.current();
      }
    }, 1_000);
    return () => clearInterval(id);
  }, [expiresAt]);

  const left = expiresAt - now;
  return (
    <p className={`admission-clock hint${left <= URGENT_MS ? ' urgent' : ''}`}>
      <span>{t.admissionLeft}</span>{' '}
      <time role="timer" aria-live="off" dateTime={`PT${Math.max(0, Math.ceil(left / 1000))}S`}>
        {formatClock(left)}
      </time>
    </p>
  );
}
