/**
 * The event page: details in the venue's timezone, ticket types with what is left, the live seat map (canvas, plus
 * a list for keyboards and screen readers), GA quantities, best available, the selection, the hold with its
 * countdown, and (lazy) the checkout. While the event's waiting room wants this buyer in the queue (a 403
 * `admission_required`, or a queue ticket this tab already keeps), the page shows the waiting room instead and opens
 * no live channel; the admission's time left shows in the buy bar.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, type Schemas, asApiError } from '../api/client';
import { ProblemBanner } from '../ui/forms';
import { AccessCodeForm, useAccessCode } from './AccessCode';
import { BestAvailable } from './BestAvailable';
import {
  earliestExpiry,
  holdRequests,
  limitIssues,
  seatsNamedIn,
  selectionTotal,
  toggleSeat,
  type GaQuantities,
  type Hold,
  type SeatPick,
  type TicketType,
} from './cart';
import { EventHeader } from './EventHeader';
import { BrandHeader } from './BrandHeader';
import { createHold, extendHold, releaseHold, rememberHolds, restoreHolds } from './holds-api';
import { HoldBar } from './HoldBar';
import { useI18n } from './I18n';
import { joinList } from './i18n';
import { seatText } from './labels';
import { SeatList } from './SeatList';
import { SeatMapCanvas } from './SeatMapCanvas';
import { AVAILABLE } from './seatmap/model';
import { HeldCard, Legend, QuantityPicker, SelectionCard } from './SelectionParts';
import { isAdmissionRequired } from './queue';
import { useLiveSeatMap } from './use-live-seat-map';
import { usePublicEvent } from './use-public-event';
import { useQueueTurn } from './use-queue-turn';
import { useSeatView } from './use-seat-view';
import { AdmissionClock, WaitingRoom } from './WaitingRoom';
import { WaitingListJoin } from './WaitingList';
import { LostOrders } from './LostOrders';
import { TurnstileWidget } from './Turnstile';
import { track, trackQuantity, useJourney } from './track';

const Checkout = lazy(() => import('./Checkout'));

type PublicEvent = Schemas['PublicEvent'];
type Notice = { kind: 'info' | 'error'; text: string };

export function EventPage({ eventId }: { eventId: string }) {
  const { t, lang, money } = useI18n();
  const [picks, setPicks] = useState<SeatPick[]>([]);
  const [ga, setGa] = useState<GaQuantities>({});
  const [holds, setHolds] = useState<Hold[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [showList, setShowList] = useState(false);
  const heldHeading = useRef<HTMLHeadingElement>(null);
  const code = useAccessCode();
  const { accessCode, withCode } = code;
  // The event (and the organizer's language as the page's default): use-public-event.ts.
  const { event, setEvent, loadError, load } = usePublicEvent(eventId, code);
  // The waiting room (use-queue-turn.ts): the admission this tab keeps for the event, and whether to show the queue.
  const { admission, queueing, turnEnded, backToQueue, admitted, leaveQueue } = useQueueTurn(eventId, event?.waitingRoom ?? false, () => {
    setProblem(null);
    setNotice(null);
  });

  // ---- live seat map: the HTTP snapshot, then the public channel from its version (use-live-seat-map.ts) ----------

  const picksRef = useRef(picks);
  picksRef.current = picks;
  const pendingSeats = useRef(new Set<string>());
  const tRef = useRef(t);
  tRef.current = t;
  const langRef = useRef(lang);
  langRef.current = lang;

  const { map, mapRef, mapError, tick, liveState, liveAvail, refreshStatuses, markTaken } = useLiveSeatMap({
    eventId,
    eventStatus: queueing ? undefined : event?.status, // a queued buyer opens no live channel
    hasSeatMap: event?.hasSeatMap ?? false,
    // A picked seat someone else just took leaves the selection, and the buyer is told.
    onSeatsChanged: (_changed, m) => {
      if (!picksRef.current.length) return;
      const taken = picksRef.current.filter((p) => {
        const i = m.index.get(p.seatId);
        return i !== undefined && m.status[i] !== AVAILABLE && !pendingSeats.current.has(p.seatId);
      });
      if (!taken.length) return;
      setPicks((ps) => ps.filter((p) => !taken.some((x) => x.seatId === p.seatId)));
      setNotice({ kind: 'error', text: tRef.current.seatTakenMeanwhile(joinList(taken.map((p) => seatText(p.seatId, tRef.current, m.sectionNames)), langRef.current)) });
    },
    onEventStatus: (status) => setEvent((e) => (e && e.status !== status && isEventStatus(status) ? { ...e, status } : e)),
  });

  // Holds made in this tab survive a reload.
  useEffect(() => {
    let cancelled = false;
    restoreHolds(eventId).then((hs) => !cancelled && hs.length && setHolds(hs));
    return () => {
      cancelled = true;
    };
  }, [eventId]);
  useEffect(() => rememberHolds(eventId, holds), [eventId, holds]);

  // ---- derived ---------------------------------------------------------------------------------

  const types: TicketType[] = useMemo(() => (event ? event.ticketTypes.map((tt) => (tt.id in liveAvail ? { ...tt, available: liveAvail[tt.id] ?? null } : tt)) : []), [event, liveAvail]);
  const model = map?.model ?? null;
  // Journey events (track.ts; nothing under DNT / GPC): the page once per event, the seat map once it shows.
  useJourney(eventId, !!event, !!model);
  const { sellable, pickedIdx, mineIdx, batches, availableSeats, describe } = useSeatView({ model, event, picks, holds, tick });

  const holding = holds.length > 0;
  const onSale = event?.status === 'on_sale';

  // ---- actions ---------------------------------------------------------------------------------

  const pickSeat = useCallback(
    (i: number) => {
      if (!model || !event) return;
      if (holding) {
        setNotice({ kind: 'info', text: t.releaseToChange });
        return;
      }
      if (!onSale) return;
      const seatId = model.ids[i]!;
      const already = picks.some((p) => p.seatId === seatId);
      if (!already && (model.status[i] !== AVAILABLE || !sellable[model.category[i]!])) return;
      const next = toggleSeat(picks, seatId, model.categories[model.category[i]!]!.key, event.ticketTypes);
      if (!already) {
        const added = next[next.length - 1];
        const type = event.ticketTypes.find((x) => x.id === added?.ticketTypeId);
        if (type && next.filter((p) => p.ticketTypeId === type.id).length > type.maxPerOrder) {
          setNotice({ kind: 'error', text: t.maxSelected(type.maxPerOrder) });
          return;
        }
      }
      setNotice(null);
      setPicks(next);
      const added = already ? undefined : next[next.length - 1];
      if (added) track('ticket_selected', eventId, { ticketTypeId: added.ticketTypeId });
    },
    [model, event, eventId, holding, onSale, picks, sellable, t],
  );

  const failHold = useCallback(
    (e: unknown, requestedSeats: string[]) => {
      const err = asApiError(e);
      if (isAdmissionRequired(err)) return backToQueue();
      const taken = err.status === 409 ? seatsNamedIn(err.problem.errors, requestedSeats) : [];
      if (taken.length) {
        // The server just said so: show them taken now; the re-read seat map (and the socket) confirm.
        markTaken(taken);
        setPicks((ps) => ps.filter((p) => !taken.includes(p.seatId)));
        setNotice({ kind: 'error', text: t.seatsUnavailable(joinList(taken.map((id) => seatText(id, t, mapRef.current?.model.sectionNames)), lang)) });
        void refreshStatuses();
      } else {
        if (err.status === 409) void refreshStatuses();
        setProblem(err);
      }
    },
    [t, lang, refreshStatuses, markTaken, mapRef, backToQueue],
  );

  const holdSelection = async () => {
    if (!event) return;
    const issues = limitIssues(picks, ga, event.ticketTypes);
    if (issues.length) {
      setNotice({ kind: 'error', text: issues.map((x) => t.limitIssue(x.name, x.min, x.max, x.count)).join(' ') });
      return;
    }
    const requests = holdRequests(picks, ga);
    if (!requests.length) return;
    setBusy(true);
    setProblem(null);
    setNotice(null);
    pendingSeats.current = new Set(picks.map((p) => p.seatId));
    const created: Hold[] = [];
    try {
      for (const body of requests) created.push(await createHold(eventId, withCode(body)));
      setHolds(created);
      setPicks([]);
      setGa({});
    } catch (e) {
      // All or nothing: give back whatever part of the selection was held before the failure.
      await Promise.all(created.map((h) => releaseHold(eventId, h.id).catch(() => null)));
      failHold(e, picks.map((p) => p.seatId));
    } finally {
      pendingSeats.current = new Set();
      setBusy(false);
    }
  };

  const holdBest = async (body: Parameters<typeof createHold>[1]) => {
    setProblem(null);
    setNotice(null);
    let hold: Hold;
    try {
      hold = await createHold(eventId, withCode(body));
    } catch (e) {
      if (isAdmissionRequired(e)) return backToQueue();
      throw e;
    }
    setHolds([hold]);
    setPicks([]);
    setGa({});
  };

  const extend = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await Promise.all(holds.map((h) => (h.extended ? h : extendHold(eventId, h.id))));
      setHolds(next);
    } catch (e) {
      setProblem(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const release = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await Promise.all(holds.map((h) => releaseHold(eventId, h.id)));
      setHolds([]);
      setNotice({ kind: 'info', text: t.holdReleased });
    } catch (e) {
      setProblem(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const expired = useCallback(() => {
    setHolds([]);
    setNotice({ kind: 'error', text: tRef.current.holdExpired });
  }, []);

  useEffect(() => {
    if (holding) heldHeading.current?.focus();
  }, [holding]);

  // ---- render ----------------------------------------------------------------------------------

  if (loadError) {
    return (
      <section>
        <h1>{loadError.status === 404 ? t.eventNotFound : t.networkError}</h1>
        {loadError.status === 404 && <Link href="/">{t.goHome}</Link>}
        {loadError.status !== 404 && (
          <>
            <ProblemBanner error={loadError} />
            <button type="button" onClick={() => void load()}>
              {t.retry}
            </button>
          </>
        )}
      </section>
    );
  }
  if (!event) {
    return (
      <p className="loading" role="status">
        {t.loading}
      </p>
    );
  }

  if (queueing) {
    return (
      <article className="event-page">
        <BrandHeader branding={event.branding} />
        <EventHeader event={event} />
        {turnEnded && (
          <p className="banner error" role="alert">
            {t.admissionEnded}
          </p>
        )}
        <WaitingRoom eventId={eventId} onAdmitted={admitted} onNoRoom={leaveQueue} siteKey={event.turnstileSiteKey} />
      </article>
    );
  }

  const seatedTypes = types.filter((x) => x.kind === 'seated');
  const gaTypes = types.filter((x) => x.kind === 'ga');
  const showMap = event.hasSeatMap && seatedTypes.length > 0;
  const total = selectionTotal(picks, ga, event.ticketTypes);
  const expiry = earliestExpiry(holds);
  const heldCount = holds.reduce((n, h) => n + (h.seats.length || h.quantity), 0);
  const nothingYet = showMap ? t.nothingSelected : t.nothingSelectedGa;

  return (
    <article className="event-page">
      <BrandHeader branding={event.branding} />
      <EventHeader event={event} />

      <div className={`buy-layout${showMap ? '' : ' no-map'}`}>
        {showMap && (
          <section className="map-area card" aria-labelledby="map-heading">
            <div className="map-head">
              <h2 id="map-heading">{t.seatMap}</h2>
              <span className={`badge live-${liveState}`} role="status">
                {t.live[liveState]}
              </span>
            </div>
            {map ? (
              <SeatMapCanvas model={map.model} grid={map.grid} batches={batches} summary={t.mapSummary(availableSeats, map.model.count)} describe={describe} onPick={pickSeat} />
            ) : mapError ? (
              <ProblemBanner error={mapError} />
            ) : (
              <p className="loading">{t.loading}</p>
            )}
            {map && <Legend model={map.model} types={event.ticketTypes} sellable={sellable} />}
            {map && (
              <>
                <button type="button" className="list-toggle" aria-expanded={showList} aria-controls="seat-list" onClick={() => setShowList((s) => !s)}>
                  {showList ? t.hideList : t.chooseFromList}
                </button>
                <div id="seat-list" hidden={!showList}>
                  {showList && (
                    <SeatList model={map.model} tick={tick} sellable={sellable} picked={pickedIdx} mine={mineIdx} canPick={onSale && !holding} onPick={pickSeat} describe={describe} />
                  )}
                </div>
              </>
            )}
          </section>
        )}

        <aside className="side">
          {!holding ? (
            <>
              <section className="card" aria-labelledby="tickets-heading">
                <h2 id="tickets-heading">{t.tickets}</h2>
                <ul className="ticket-types">
                  {types.map((tt) => (
                    <li key={tt.id}>
                      <div className="tt-head">
                        <strong>{tt.name}</strong>
                        <span className="price">{money(tt.priceMinor, tt.currency)}</span>
                      </div>
                      <div className="hint">
                        {tt.available === 0 ? <span className="badge bad">{t.soldOut}</span> : tt.available === null ? t.unlimited : t.left(tt.available)} · {t.perOrder(tt.minPerOrder, tt.maxPerOrder)}
                      </div>
                      {tt.kind === 'ga' && onSale && tt.available !== 0 && <QuantityPicker type={tt} value={ga[tt.id] ?? 0} onChange={(q) => { trackQuantity(eventId, tt.id, ga[tt.id] ?? 0, q); setGa((g) => ({ ...g, [tt.id]: q })); }} />}
                      {tt.kind === 'seated' && showMap && <div className="hint">{t.seatedHint}</div>}
                    </li>
                  ))}
                </ul>
                <AccessCodeForm code={code} />
              </section>
              {onSale && types.some((tt) => tt.available === 0) && <WaitingListJoin eventId={eventId} types={types} />}
              {onSale && showMap && map && <BestAvailable types={seatedTypes} model={map.model} onHold={holdBest} />}
              <SelectionCard picks={picks} setPicks={setPicks} ga={ga} setGa={setGa} gaTypes={gaTypes} types={event.ticketTypes} sectionNames={map?.model.sectionNames} estimate={total.count > 0} emptyText={nothingYet} />
            </>
          ) : (
            <>
              <HeldCard holds={holds} types={event.ticketTypes} sectionNames={map?.model.sectionNames} headingRef={heldHeading} />
              <Suspense fallback={<p className="loading">{t.loading}</p>}>
                <Checkout eventId={eventId} event={event} holds={holds} accessCode={accessCode} sectionNames={map?.model.sectionNames} onStarted={() => rememberHolds(eventId, [])} onAdmissionRequired={backToQueue} />
              </Suspense>
            </>
          )}
        </aside>
      </div>
      {!holding && <LostOrders eventId={eventId} eventName={event.name} remember />}

      <div className="buy-bar" aria-label={t.holdSeats} role="region">
        <div className="buy-bar-inner">
          {notice && (
            <p className={`banner ${notice.kind === 'error' ? 'error' : 'ok'}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
              {notice.text}
            </p>
          )}
          <ProblemBanner error={problem} />
          {event.turnstileSiteKey && onSale && !holding && !event.waitingRoom && <TurnstileWidget siteKey={event.turnstileSiteKey} label={t.humanCheck} />}
          {admission && <AdmissionClock key={admission.expiresAt} expiresAt={admission.expiresAt} onExpired={backToQueue} />}
          {holding && expiry !== null ? (
            <HoldBar key={expiry} expiresAt={expiry} extended={holds.every((h) => h.extended)} busy={busy} onExtend={() => void extend()} onRelease={() => void release()} onExpired={expired} />
          ) : holding ? null : (
            <div className="buy-row">
              <span className="buy-total" aria-live="polite">
                {total.count > 0 ? `${t.ticketsCount(total.count)} · ${money(total.minor, total.currency ?? event.ticketTypes[0]?.currency ?? 'ZAR')}` : nothingYet}
              </span>
              {onSale && (
                <button type="button" className="primary" disabled={busy || total.count === 0} aria-busy={busy} onClick={() => void holdSelection()}>
                  {picks.length > 0 ? t.holdSeats : t.holdTickets}
                </button>
              )}
            </div>
          )}
          {holding && <span className="visually-hidden">{t.ticketsCount(heldCount)}</span>}
        </div>
      </div>
    </article>
  );
}

function isEventStatus(s: string): s is PublicEvent['status'] {
  return ['draft', 'published', 'on_sale', 'sales_closed', 'completed', 'cancelled'].includes(s);
}
