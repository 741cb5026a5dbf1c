/**
 * The waiting room on the event page (docs/waiting-room.md): joins the event's queue once (the ticket stays in
 * sessionStorage, so a reload keeps the place), polls `queue/status` as often as the ETA calls for (queue.ts
 * `pollDelay`; not at all while the tab is hidden), and once the cursor passes our place redeems `queue/admit` once
 * and hands the admission up. Sold out, paused, closed and the pre-queue are said in words.
 */
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, call } from '../api/client';
import { ProblemBanner } from '../ui/forms';
import { formatClock, URGENT_MS } from './countdown';
import { useI18n } from './I18n';
import {
  DEV_TURNSTILE_TOKEN,
  etaMinutes,
  isAdmitted,
  nextTicket,
  pollDelay,
  progress,
  queueErrorAction,
  readTicket,
  saveAdmission,
  saveTicket,
  forgetTicket,
  toStoredAdmission,
  admissionUsable,
  type QueueStatus,
  type StoredAdmission,
  type StoredTicket,
} from './queue';

type Props = {
  eventId: string;
  onAdmitted: (admission: StoredAdmission) => void;
  /** The event has no room (any more): buy directly. */
  onNoRoom: () => void;
};

type Trouble = 'retrying' | 'not_open' | 'stopped' | null;

/** One join in flight per event: a remount (React's strict mode, a quick re-render) must not join twice. */
const joining = new Map<string, Promise<StoredTicket>>();
function joinOnce(eventId: string): Promise<StoredTicket> {
  let pending = joining.get(eventId);
  if (!pending) {
    pending = call(api.POST('/api/v1/public/events/{eventId}/queue', { params: { path: { eventId } }, body: { turnstileToken: DEV_TURNSTILE_TOKEN } }))
      .then((joined) => {
        const fresh: StoredTicket = { ticket: joined.ticket, firstAhead: null };
        saveTicket(eventId, fresh);
        return fresh;
      })
      .finally(() => joining.delete(eventId));
    joining.set(eventId, pending);
  }
  return pending;
}

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 }));

export function WaitingRoom({ eventId, onAdmitted, onNoRoom }: Props) {
  const { t } = useI18n();
  const [ticket, setTicket] = useState<StoredTicket | null>(() => readTicket(eventId));
  const [status, setStatus] = useState<QueueStatus | null>(null);
  const [admitted, setAdmitted] = useState(false);
  const [trouble, setTrouble] = useState<Trouble>(null);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [run, setRun] = useState(0); // "Try again" after a refusal restarts the loop
  const heading = useRef<HTMLHeadingElement>(null);
  const cb = useRef({ onAdmitted, onNoRoom });
  cb.current = { onAdmitted, onNoRoom };

  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let parked = false;
    let failures = 0;
    let rejoins = 0;

    const schedule = (ms: number) => {
      if (stopped) return;
      timer = setTimeout(() => void step(), ms);
    };

    const ensureTicket = (): Promise<StoredTicket> => {
      const kept = readTicket(eventId);
      return kept ? Promise.resolve(kept) : joinOnce(eventId);
    };

    const step = async (): Promise<void> => {
      if (stopped) return;
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') {
        parked = true; // picked up again by the visibilitychange listener
        return;
      }
      try {
        const kept = await ensureTicket();
        if (stopped) return;
        const auth = { Authorization: `Bearer ${kept.ticket}` };
        const s = await call(api.GET('/api/v1/public/events/{eventId}/queue/status', { params: { path: { eventId } }, headers: auth }));
        if (stopped) return;
        const next = nextTicket(kept, s);
        if (next.ticket !== kept.ticket || next.firstAhead !== kept.firstAhead) saveTicket(eventId, next);
        failures = 0;
        setTicket(next);
        setStatus(s);
        setTrouble(null);
        setProblem(null);
        if (!isAdmitted(s)) return schedule(Math.max(1_000, pollDelay(s)));
        const a = toStoredAdmission(await call(api.POST('/api/v1/public/events/{eventId}/queue/admit', { params: { path: { eventId } }, headers: { Authorization: `Bearer ${next.ticket}` } })));
        if (stopped) return;
        if (!admissionUsable(a, Date.now())) {
          // This ticket's turn was used up earlier: join again for a new one.
          forgetTicket(eventId);
          return schedule(1_000);
        }
        saveAdmission(eventId, a);
        stopped = true;
        setAdmitted(true);
        cb.current.onAdmitted(a);
      } catch (e) {
        if (stopped) return;
        const err = asApiError(e);
        const action = queueErrorAction(err, ++failures, rejoins);
        if (action.kind === 'no_room') {
          forgetTicket(eventId);
          stopped = true;
          return cb.current.onNoRoom();
        }
        if (action.kind === 'rejoin') {
          rejoins += 1;
          forgetTicket(eventId);
          setTicket(null);
          setStatus(null);
          return schedule(action.delayMs);
        }
        if (action.kind === 'stop') {
          setTrouble('stopped');
          setProblem(err.code === 'turnstile_failed' ? new ApiError({ ...err.problem, detail: t.queueBotCheck }) : err);
          return;
        }
        if (action.kind === 'not_open') {
          setTrouble('not_open');
          return schedule(action.delayMs);
        }
        if (err.code !== 'not_admitted_yet') setTrouble('retrying');
        schedule(action.delayMs);
      }
    };

    const onVisible = () => {
      if (document.visibilityState === 'visible' && parked && !stopped) {
        parked = false;
        clearTimeout(timer);
        void step();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    void step();
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [eventId, run]); // eslint-disable-line react-hooks/exhaustive-deps

  const fill = progress(ticket, status);
  const state = status?.state ?? null;
  const percent = fill === null ? null : Math.round(fill * 100);

  return (
    <section className="card waiting-room" aria-labelledby="queue-heading">
      <h2 id="queue-heading" ref={heading} tabIndex={-1}>
        {state === 'sold_out' ? t.soldOut : t.queueTitle}
      </h2>
      {state !== 'sold_out' && <p>{t.queueIntro}</p>}
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
              <li>{t.queuePlace(status.place)}</li>
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
              setTrouble(null);
              setProblem(null);
              setRun((n) => n + 1);
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
