/**
 * The event page: details in the venue's timezone, ticket types with what is left, the live seat map (canvas, plus
 * a list for keyboards and screen readers), GA quantities, best available, the selection, the hold with its
 * countdown, and (lazy) the checkout.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { PublicLiveMessage, PublicTicketAvailability } from '../../../src/shared/live-protocol';
import { api, ApiError, call, type Schemas } from '../api/client';
import { Checkbox, Input, ProblemBanner, Select, useForm } from '../ui/forms';
import {
  earliestExpiry,
  gaLimit,
  holdRequests,
  limitIssues,
  priceForCategory,
  seatedTypesFor,
  seatsNamedIn,
  selectionTotal,
  sellableCategories,
  stepQuantity,
  toggleSeat,
  type GaQuantities,
  type Hold,
  type SeatPick,
  type TicketType,
} from './cart';
import { createHold, extendHold, releaseHold, rememberHolds, restoreHolds } from './holds-api';
import { HoldBar } from './HoldBar';
import { useI18n } from './I18n';
import { joinList } from './i18n';
import { seatText } from './labels';
import { SeatList } from './SeatList';
import { SeatMapCanvas } from './SeatMapCanvas';
import { buildBatches, COLORS, MARK_MINE, MARK_SELECTED } from './seatmap/batches';
import { SeatGrid } from './seatmap/grid';
import { LiveChannel, liveUrl, type LiveStatus } from '../ui/live-channel';
import { AVAILABLE, buildSeatModel, FLAG_ACCESSIBLE, FLAG_RESTRICTED_VIEW, LiveSeatSync, snapshotFromSeatMap, type SeatModel } from './seatmap/model';

const Checkout = lazy(() => import('./Checkout'));

type PublicEvent = Schemas['PublicEvent'];
type MapState = { model: SeatModel; grid: SeatGrid };
type Notice = { kind: 'info' | 'error'; text: string };

export function EventPage({ eventId }: { eventId: string }) {
  const { t, lang, money, dateTime, setOrganizerLang } = useI18n();
  const [event, setEvent] = useState<PublicEvent | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [map, setMap] = useState<MapState | null>(null);
  const [mapError, setMapError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const [liveState, setLiveState] = useState<LiveStatus>('connecting');
  const [liveAvail, setLiveAvail] = useState<Record<string, number | null>>({});
  const [picks, setPicks] = useState<SeatPick[]>([]);
  const [ga, setGa] = useState<GaQuantities>({});
  const [holds, setHolds] = useState<Hold[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [showList, setShowList] = useState(false);
  const heldHeading = useRef<HTMLHeadingElement>(null);
  // An access code (?code= in the link, or typed in) unlocks hidden ticket types such as a presale; it goes with
  // every hold and is applied at checkout.
  const [accessCode, setAccessCode] = useState<string | undefined>(() => new URLSearchParams(location.search).get('code')?.trim() || undefined);
  const [accessText, setAccessText] = useState(accessCode ?? '');
  const [accessError, setAccessError] = useState<string | undefined>(undefined);

  // ---- loading ---------------------------------------------------------------------------------

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setEvent(await call(api.GET('/api/v1/public/events/{eventId}', { params: { path: { eventId }, query: accessCode ? { code: accessCode } : {} } })));
      setAccessError(undefined);
    } catch (e) {
      if (accessCode && e instanceof ApiError && e.status === 422) {
        // A code that can't be used: say so by the field and show the event without it.
        setAccessError(e.problem.detail ?? t.accessCodeInvalid);
        setAccessCode(undefined);
        return;
      }
      setLoadError(e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 }));
    }
  }, [eventId, accessCode]); // eslint-disable-line react-hooks/exhaustive-deps

  const applyAccessCode = (e: React.FormEvent) => {
    e.preventDefault();
    const code = accessText.trim() || undefined;
    setAccessCode(code);
    const url = new URL(location.href);
    if (code) url.searchParams.set('code', code);
    else url.searchParams.delete('code');
    history.replaceState(history.state, '', url);
  };
  const withCode = <B extends object>(body: B) => (accessCode ? { ...body, accessCode } : body);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (event) document.title = `${event.name} · ${t.appName}`;
  }, [event, t.appName]);

  // The organizer's language is the page's default (unless the buyer chose one or the browser prefers one we have).
  const organizerLocale = event?.locale;
  useEffect(() => {
    if (organizerLocale) setOrganizerLang(organizerLocale);
  }, [organizerLocale, setOrganizerLang]);

  // Live statuses: the socket's snapshot and deltas, ordered against the geometry by LiveSeatSync.
  const mapRef = useRef<MapState | null>(null);
  mapRef.current = map;
  const picksRef = useRef(picks);
  picksRef.current = picks;
  const pendingSeats = useRef(new Set<string>());
  const tickFrame = useRef(0);
  const tRef = useRef(t);
  tRef.current = t;
  const langRef = useRef(lang);
  langRef.current = lang;

  const syncRef = useRef<LiveSeatSync | null>(null);
  if (!syncRef.current) {
    syncRef.current = new LiveSeatSync((changed) => {
      if (!tickFrame.current) {
        tickFrame.current = requestAnimationFrame(() => {
          tickFrame.current = 0;
          setTick((n) => n + 1);
        });
      }
      // A picked seat someone else just took leaves the selection, and the buyer is told.
      const m = mapRef.current?.model;
      if (!m || !changed.length || !picksRef.current.length) return;
      const taken = picksRef.current.filter((p) => {
        const i = m.index.get(p.seatId);
        return i !== undefined && m.status[i] !== AVAILABLE && !pendingSeats.current.has(p.seatId);
      });
      if (!taken.length) return;
      setPicks((ps) => ps.filter((p) => !taken.some((x) => x.seatId === p.seatId)));
      setNotice({ kind: 'error', text: tRef.current.seatTakenMeanwhile(joinList(taken.map((p) => seatText(p.seatId, tRef.current, m.sectionNames)), langRef.current)) });
    });
  }
  useEffect(() => () => cancelAnimationFrame(tickFrame.current), []);

  const hasSeatMap = event?.hasSeatMap ?? false;
  useEffect(() => {
    if (!hasSeatMap) return;
    let cancelled = false;
    setMapError(null);
    call(api.GET('/api/v1/public/events/{eventId}/seat-map', { params: { path: { eventId } } }))
      .then((data) => {
        if (cancelled) return;
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
      })
      .catch((e) => !cancelled && setMapError(e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 })));
    return () => {
      cancelled = true;
    };
  }, [hasSeatMap, eventId]);

  const eventStatus = event?.status;
  useEffect(() => {
    if (!eventStatus || eventStatus === 'completed' || eventStatus === 'cancelled') return;
    // The public projection: visible ticket types only, a number only when few are left (null: plenty).
    const applyCounts = (types: PublicTicketAvailability) => setLiveAvail(Object.fromEntries(Object.entries(types).map(([id, u]) => [id, u.available])));
    const channel = new LiveChannel<PublicLiveMessage>({
      url: liveUrl(eventId, location),
      onStatus: (s) => setLiveState(s),
      onMessage: (msg) => {
        if (msg.type === 'snapshot') {
          syncRef.current!.snapshotReceived(msg);
          applyCounts(msg.ticketTypes);
          setEvent((e) => (e && e.status !== msg.status && isEventStatus(msg.status) ? { ...e, status: msg.status } : e));
        } else if (msg.type === 'delta') {
          syncRef.current!.deltaReceived(msg);
          applyCounts(msg.ticketTypes);
        }
      },
    });
    channel.start();
    const online = () => channel.reconnectNow();
    const onVisible = () => document.visibilityState === 'visible' && channel.reconnectNow();
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('online', online);
      document.removeEventListener('visibilitychange', onVisible);
      channel.stop();
    };
  }, [eventId, eventStatus === undefined, eventStatus === 'completed' || eventStatus === 'cancelled']); // eslint-disable-line react-hooks/exhaustive-deps

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
  const sellable = useMemo(() => (model && event ? sellableCategories(model.categories.map((c) => c.key), event.ticketTypes) : []), [model, event]);
  const pickedIdx = useMemo(() => new Set(model ? picks.map((p) => model.index.get(p.seatId)).filter((i): i is number => i !== undefined) : []), [model, picks]);
  const mineIdx = useMemo(
    () => new Set(model ? holds.flatMap((h) => (h.status === 'active' ? h.seats : [])).map((id) => model.index.get(id)).filter((i): i is number => i !== undefined) : []),
    [model, holds],
  );
  const marks = useMemo(() => {
    const a = new Uint8Array(model?.count ?? 0);
    for (const i of pickedIdx) a[i] = MARK_SELECTED;
    for (const i of mineIdx) a[i] = MARK_MINE;
    return a;
  }, [model, pickedIdx, mineIdx]);
  const batches = useMemo(() => (model ? buildBatches(model, marks, sellable) : []), [model, marks, sellable, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  const availableSeats = useMemo(() => {
    if (!model) return 0;
    let n = 0;
    for (let i = 0; i < model.count; i++) if (model.status[i] === AVAILABLE && sellable[model.category[i]!]) n++;
    return n;
  }, [model, sellable, tick]); // eslint-disable-line react-hooks/exhaustive-deps

  const describe = useCallback(
    (i: number) => {
      if (!model || !event) return '';
      const cat = model.categories[model.category[i]!]!;
      const price = priceForCategory(event.ticketTypes, cat.key);
      const parts = [seatText(model.ids[i]!, t, model.sectionNames), cat.name];
      if (price) parts.push(money(price.minor, price.currency));
      if (model.flags[i]! & FLAG_ACCESSIBLE) parts.push(t.accessible);
      if (model.flags[i]! & FLAG_RESTRICTED_VIEW) parts.push(t.restrictedView);
      if (mineIdx.has(i)) parts.push(t.legendMine);
      else if (!price) parts.push(t.notSoldOnline);
      else if (model.status[i] !== AVAILABLE) parts.push(t.legendUnavailable);
      return parts.join(' · ');
    },
    // `tick`: the status part changes live.
    [model, event, t, money, mineIdx, tick], // eslint-disable-line react-hooks/exhaustive-deps
  );

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
    },
    [model, event, holding, onSale, picks, sellable, t],
  );

  /** A fresh seat map, applied as a snapshot: after a 409 the buyer sees the truth even if the socket lags. */
  const refreshStatuses = useCallback(async () => {
    try {
      const data = await call(api.GET('/api/v1/public/events/{eventId}/seat-map', { params: { path: { eventId } }, cache: 'no-store' }));
      syncRef.current!.snapshotReceived(snapshotFromSeatMap(data));
    } catch {
      /* the live channel will catch up */
    }
  }, [eventId]);

  const failHold = useCallback(
    (e: unknown, requestedSeats: string[]) => {
      const err = e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 });
      const taken = err.status === 409 ? seatsNamedIn(err.problem.errors, requestedSeats) : [];
      if (taken.length) {
        // The server just said so: show them taken now; the re-read seat map (and the socket) confirm.
        syncRef.current!.deltaReceived({ version: 0, seats: taken.map((id) => ({ id, status: 'held' as const })) });
        setPicks((ps) => ps.filter((p) => !taken.includes(p.seatId)));
        setNotice({ kind: 'error', text: t.seatsUnavailable(joinList(taken.map((id) => seatText(id, t, mapRef.current?.model.sectionNames)), lang)) });
        void refreshStatuses();
      } else {
        if (err.status === 409) void refreshStatuses();
        setProblem(err);
      }
    },
    [t, lang, refreshStatuses],
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
    const hold = await createHold(eventId, withCode(body));
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
      setProblem(e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 }));
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
      setProblem(e instanceof ApiError ? e : new ApiError({ title: String(e), status: 0 }));
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
        {loadError.status === 404 && <Link href="/">{t.appName}</Link>}
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

  const tz = event.venue?.timezone ?? event.timezone;
  const seatedTypes = types.filter((x) => x.kind === 'seated');
  const gaTypes = types.filter((x) => x.kind === 'ga');
  const showMap = event.hasSeatMap && seatedTypes.length > 0;
  const total = selectionTotal(picks, ga, event.ticketTypes);
  const expiry = earliestExpiry(holds);
  const heldCount = holds.reduce((n, h) => n + (h.seats.length || h.quantity), 0);

  return (
    <article className="event-page">
      <header className="card event-head">
        <h1>{event.name}</h1>
        {event.status !== 'on_sale' && <p className={`banner${event.status === 'cancelled' ? ' error' : ''}`}>{t.eventStatus[event.status]}</p>}
        <dl className="facts">
          <dt>{t.when}</dt>
          <dd>
            <time dateTime={event.startsAt}>{dateTime(event.startsAt, tz, { dateStyle: 'full', timeStyle: 'short' })}</time> –{' '}
            <time dateTime={event.endsAt}>{dateTime(event.endsAt, tz, sameDay(event.startsAt, event.endsAt, tz) ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' })}</time>
          </dd>
          {event.doorsAt && (
            <>
              <dt>{t.doors}</dt>
              <dd>
                <time dateTime={event.doorsAt}>{dateTime(event.doorsAt, tz, { timeStyle: 'short' })}</time>
              </dd>
            </>
          )}
          {event.venue && (
            <>
              <dt>{t.venue}</dt>
              <dd>{[event.venue.name, event.venue.addressLine1, event.venue.city].filter(Boolean).join(', ')}</dd>
            </>
          )}
        </dl>
        <p className="hint">{t.timesIn(tz)}</p>
        {event.description && <p className="description">{event.description}</p>}
      </header>

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
                      {tt.kind === 'ga' && onSale && <QuantityPicker type={tt} value={ga[tt.id] ?? 0} onChange={(q) => setGa((g) => ({ ...g, [tt.id]: q }))} />}
                      {tt.kind === 'seated' && showMap && <div className="hint">{t.seatedHint}</div>}
                    </li>
                  ))}
                </ul>
                <form className="access-code" onSubmit={applyAccessCode}>
                  <label htmlFor="access-code">{t.accessCodeLabel}</label>
                  <div className="row">
                    <input id="access-code" name="code" autoComplete="off" value={accessText} onChange={(e) => setAccessText(e.target.value)} aria-invalid={accessError ? true : undefined} aria-describedby={accessError ? 'access-code-error' : undefined} />
                    <button type="submit" className="secondary">
                      {t.accessCodeApply}
                    </button>
                  </div>
                  {accessError && (
                    <p id="access-code-error" className="field-error" role="alert">
                      {accessError}
                    </p>
                  )}
                </form>
              </section>
              {onSale && showMap && map && <BestAvailable types={seatedTypes} model={map.model} onHold={holdBest} />}
              <section className="card" aria-labelledby="selection-heading">
                <h2 id="selection-heading">{t.yourSelection}</h2>
                {picks.length === 0 && Object.values(ga).every((q) => !q) ? (
                  <p className="hint">{t.nothingSelected}</p>
                ) : (
                  <ul className="selection">
                    {picks.map((p) => (
                      <PickLine key={p.seatId} pick={p} types={event.ticketTypes} sectionNames={map?.model.sectionNames} onRemove={() => setPicks((ps) => ps.filter((x) => x.seatId !== p.seatId))} onType={(id) => setPicks((ps) => ps.map((x) => (x.seatId === p.seatId ? { ...x, ticketTypeId: id } : x)))} />
                    ))}
                    {gaTypes
                      .filter((g) => (ga[g.id] ?? 0) > 0)
                      .map((g) => (
                        <li key={g.id}>
                          <span>
                            {ga[g.id]} × {g.name}
                          </span>
                          <span className="price">{money(g.priceMinor * (ga[g.id] ?? 0), g.currency)}</span>
                          <button type="button" className="link" onClick={() => setGa((x) => ({ ...x, [g.id]: 0 }))} aria-label={t.remove(g.name)}>
                            ✕
                          </button>
                        </li>
                      ))}
                  </ul>
                )}
                {picks.length > 1 && (
                  <button type="button" onClick={() => setPicks([])}>
                    {t.clearSelection}
                  </button>
                )}
                {total.count > 0 && <p className="hint">{t.estimateNote}</p>}
              </section>
            </>
          ) : (
            <>
              <section className="card held" aria-labelledby="held-heading">
                <h2 id="held-heading" ref={heldHeading} tabIndex={-1}>
                  {t.heldTickets}
                </h2>
                <ul className="selection">
                  {holds.map((h) => {
                    const tt = event.ticketTypes.find((x) => x.id === h.ticketTypeId);
                    return h.seats.length ? (
                      h.seats.map((s) => (
                        <li key={s}>
                          <span>{seatText(s, t, map?.model.sectionNames)}</span>
                          <span className="hint">{tt?.name}</span>
                        </li>
                      ))
                    ) : (
                      <li key={h.id}>
                        <span>
                          {h.quantity} × {tt?.name}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </section>
              <Suspense fallback={<p className="loading">{t.loading}</p>}>
                <Checkout eventId={eventId} event={event} holds={holds} accessCode={accessCode} sectionNames={map?.model.sectionNames} onStarted={() => rememberHolds(eventId, [])} />
              </Suspense>
            </>
          )}
        </aside>
      </div>

      <div className="buy-bar" aria-label={t.holdSeats} role="region">
        <div className="buy-bar-inner">
          {notice && (
            <p className={`banner ${notice.kind === 'error' ? 'error' : 'ok'}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
              {notice.text}
            </p>
          )}
          <ProblemBanner error={problem} />
          {holding && expiry !== null ? (
            <HoldBar key={expiry} expiresAt={expiry} extended={holds.every((h) => h.extended)} busy={busy} onExtend={() => void extend()} onRelease={() => void release()} onExpired={expired} />
          ) : holding ? null : (
            <div className="buy-row">
              <span className="buy-total" aria-live="polite">
                {total.count > 0 ? `${t.ticketsCount(total.count)} · ${money(total.minor, total.currency ?? event.ticketTypes[0]?.currency ?? 'ZAR')}` : t.nothingSelected}
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

function sameDay(a: string, b: string, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(a)) === f.format(new Date(b));
}

function QuantityPicker({ type, value, onChange }: { type: TicketType; value: number; onChange: (q: number) => void }) {
  const { t } = useI18n();
  const max = gaLimit(type);
  const id = `qty-${type.id}`;
  return (
    <div className="qty">
      <label htmlFor={id}>{t.quantityFor(type.name)}</label>
      <div className="qty-controls">
        <button type="button" onClick={() => onChange(stepQuantity(value, -1, type))} disabled={value <= 0} aria-label={t.fewer(type.name)}>
          −
        </button>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          value={value}
          onChange={(e) => {
            const n = Number(e.target.value);
            onChange(Number.isFinite(n) ? Math.max(0, Math.min(max, Math.floor(n))) : 0);
          }}
        />
        <button type="button" onClick={() => onChange(stepQuantity(value, 1, type))} disabled={value >= max} aria-label={t.more(type.name)}>
          +
        </button>
      </div>
    </div>
  );
}

function PickLine({
  pick,
  types,
  sectionNames,
  onRemove,
  onType,
}: {
  pick: SeatPick;
  types: readonly TicketType[];
  sectionNames?: ReadonlyMap<string, string>;
  onRemove: () => void;
  onType: (id: string) => void;
}) {
  const { t, money } = useI18n();
  const options = seatedTypesFor(types, pick.category);
  const type = types.find((x) => x.id === pick.ticketTypeId);
  const name = seatText(pick.seatId, t, sectionNames);
  return (
    <li>
      <span>{name}</span>
      {options.length > 1 ? (
        <select aria-label={t.ticketTypeFor(name)} value={pick.ticketTypeId} onChange={(e) => onType(e.target.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({money(o.priceMinor, o.currency)})
            </option>
          ))}
        </select>
      ) : (
        <span className="hint">{type?.name}</span>
      )}
      {type && <span className="price">{money(type.priceMinor, type.currency)}</span>}
      <button type="button" className="link" onClick={onRemove} aria-label={t.remove(name)}>
        ✕
      </button>
    </li>
  );
}

function Legend({ model, types, sellable }: { model: SeatModel; types: readonly TicketType[]; sellable: readonly boolean[] }) {
  const { t, money } = useI18n();
  return (
    <ul className="legend">
      {model.categories.map((c, i) => {
        if (!sellable[i]) return null;
        const price = priceForCategory(types, c.key);
        return (
          <li key={c.key}>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
            {price && ` · ${money(price.minor, price.currency)}`}
          </li>
        );
      })}
      <li>
        <span className="swatch small" style={{ background: COLORS.unavailable }} aria-hidden="true" /> {t.legendUnavailable}
      </li>
      <li>
        <span className="swatch ring" style={{ background: COLORS.selected }} aria-hidden="true" /> {t.legendSelected}
      </li>
      <li>
        <span className="swatch" style={{ background: COLORS.mine }} aria-hidden="true" /> {t.legendMine}
      </li>
    </ul>
  );
}

function BestAvailable({ types, model, onHold }: { types: TicketType[]; model: SeatModel; onHold: (body: Parameters<typeof createHold>[1]) => Promise<void> }) {
  const { t } = useI18n();
  const form = useForm({ ticketTypeId: types[0]?.id ?? '', category: '', quantity: 2 as number | '', accessible: false });
  const type = types.find((x) => x.id === form.values.ticketTypeId) ?? types[0];
  if (!type) return null;
  const categoryOptions = [{ value: '', label: t.anyCategory }, ...type.categories.map((k) => ({ value: k, label: model.categories.find((c) => c.key === k)?.name ?? k }))];
  return (
    <section className="card" aria-labelledby="best-heading">
      <h2 id="best-heading">{t.bestAvailable}</h2>
      <p className="hint">{t.bestAvailableHint}</p>
      <form
        onSubmit={(e) =>
          void form.submit(async (v) => {
            const category = type.categories.includes(v.category) ? v.category : undefined;
            await onHold({
              ticketTypeId: type.id,
              bestAvailable: { quantity: Number(v.quantity) || 0, ...(category ? { category } : {}), ...(v.accessible ? { accessible: true } : {}) },
            });
          }, e)
        }
      >
        {types.length > 1 && <Select form={form} name="ticketTypeId" label={t.ticketType} options={types.map((x) => ({ value: x.id, label: x.name }))} />}
        {type.categories.length > 1 && <Select form={form} name="category" label={t.category} options={categoryOptions} errorKey="bestAvailable.category" />}
        <Input form={form} name="quantity" label={t.numberOfSeats} type="number" min={1} step={1} errorKey="bestAvailable.quantity" />
        <Checkbox form={form} name="accessible" label={t.accessibleSeats} errorKey="bestAvailable.accessible" />
        <ProblemBanner error={form.problem} fields={['bestAvailable.quantity', 'bestAvailable.category', 'bestAvailable.accessible']} />
        <button type="submit" disabled={form.busy} aria-busy={form.busy}>
          {t.findBestSeats}
        </button>
      </form>
    </section>
  );
}
