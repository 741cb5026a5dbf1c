/**
 * The live dashboard of an event (/events/:eventId/dashboard): sales, revenue, occupancy, check-ins per gate,
 * per minute and per ticket type — kept current by the event's live WebSocket (snapshot, then deltas), with
 * the settlement reloaded (throttled) when a sale, cancellation or refund comes through. Figures are plain text
 * beside the charts so they read without the charts.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api, call, formatInZone, formatMoney } from '../../../api/client';
import { msUntilNextMinute, perMinuteSeries, recentTotal } from '../../live/series';
import { affectsRevenue, describeActivity, figures, gateRows, initialLiveState, liveReducer, ticketTypeRows, type LiveMessage } from '../../live/state';
import { throttle } from '../../live/throttle';
import { useLiveChannel } from '../../live/use-live';
import { useOrg } from '../../session';
import { PerMinuteChart, TypeUsageChart } from './charts';
import { useEvent } from './event-context';
import { STATUS_LABEL } from './lifecycle';
import { LiveBadge } from './live-badge';
import { can } from './perms';
import { DoubleAdmissionsNote, doubleAdmissionsAt, useDoubleAdmissions } from './double-admissions';
import { useSettlement } from './settlement';
import { useEventSetup } from './ticket-types';
import { LoadError } from '../../../ui/load';
import { Table } from '../../../ui/table';
import './events.css';

export default function Dashboard() {
  const { event } = useEvent();
  const { orgId, role, organization } = useOrg();
  const locale = organization.settings.locale;
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const published = event.status !== 'draft';
  const [state, dispatch] = useReducer(liveReducer, initialLiveState);
  const { types, gates } = useEventSetup();
  const finance = can(role, 'finance.read');
  const settlement = useSettlement(event.id, finance && published);
  const doubles = useDoubleAdmissions(event.id, published && can(role, 'checkins.read'), state.counts?.checkedIn);
  const [now, setNow] = useState(() => Date.now());
  const [seedError, setSeedError] = useState<string | null>(null);

  // Revenue: the ledger is written just after the inventory confirms a sale, so reload a moment later, and once
  // more in case the first look was too early; never more than once per 3 seconds.
  const reloadSettlement = settlement.reload;
  const revenue = useMemo(() => throttle(() => reloadSettlement(), 3_000), [reloadSettlement]);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(
    () => () => {
      revenue.cancel();
      timers.current.forEach(clearTimeout);
    },
    [revenue],
  );

  const onMessage = useCallback(
    (m: LiveMessage) => {
      dispatch({ type: 'message', message: m, at: Date.now() });
      if (finance && affectsRevenue(m)) {
        timers.current = timers.current.slice(-10);
        timers.current.push(setTimeout(() => revenue.request(), 1_500), setTimeout(() => revenue.request(), 6_000));
      }
    },
    [finance, revenue],
  );
  const live = useLiveChannel(orgId, event.id, published, onMessage);

  // The REST counts show at once; the socket's snapshot takes over when it lands.
  useEffect(() => {
    if (!published) return;
    call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/availability', { params: { path: { orgId, eventId: event.id } } }))
      .then((a) => dispatch({ type: 'seed', status: a.status, counts: a.counts, at: Date.now() }))
      .catch((e) => setSeedError(e instanceof Error ? e.message : String(e)));
  }, [orgId, event.id, published]);

  // The per-minute window moves with the clock even when nothing happens: the clock ticks as each minute starts
  // (and when the tab comes back, since hidden tabs throttle timers). The money is looked at now and then.
  useEffect(() => {
    let t: ReturnType<typeof setTimeout>;
    const arm = () => {
      t = setTimeout(() => {
        setNow(Date.now());
        arm();
      }, msUntilNextMinute(Date.now()) + 50);
    };
    arm();
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      clearTimeout(t);
      setNow(Date.now());
      arm();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(t);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  useEffect(() => {
    if (!finance || !published) return;
    const t = setInterval(() => revenue.request(), 60_000);
    return () => clearInterval(t);
  }, [finance, published, revenue]);

  // A message is newer than the last clock tick: the window must reach the minute it landed in (series.ts).
  const series = useMemo(
    () => perMinuteSeries(state.counts?.checkInsPerMinute ?? [], Math.max(now, state.updatedAt ?? 0)),
    [state.counts, state.updatedAt, now],
  );

  if (!published) {
    return (
      <>
        <DashHeader />
        <p className="banner">
          The live dashboard starts when the event is published. <Link href="/">Go to the overview</Link> to publish it.
        </p>
      </>
    );
  }

  const c = state.counts;
  const f = c ? figures(c) : null;
  const gateList = c ? gateRows(c.gates, gates.data ?? []) : [];
  const typeList = c ? ticketTypeRows(c.ticketTypes, types.data) : [];
  const money = settlement.data?.currencies ?? [];

  return (
    <div className="dashboard">
      <DashHeader>
        <LiveBadge {...live} />
        {state.updatedAt && (
          <span className="hint">
            Updated {new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone: event.timezone }).format(state.updatedAt)}
            {state.status && state.status !== event.status && ` · now ${STATUS_LABEL[state.status as keyof typeof STATUS_LABEL] ?? state.status}`}
          </span>
        )}
      </DashHeader>
      {seedError && !c && <p className="banner error">Could not load the counts: {seedError}</p>}
      {!c ? (
        <p className="loading">Waiting for the live counts…</p>
      ) : (
        <>
          <div className="dash-grid">
            <section className="card" aria-labelledby="sales-h">
              <h2 id="sales-h">Sales</h2>
              <p className="stat big">
                <span className="stat-label">Sold</span> <span className="stat-value">{nf.format(f!.sold)}</span>
              </p>
              <Meter value={f!.sold} max={f!.capacity} label={`${f!.soldPercent}\u00a0% of capacity sold`} />
              <p className="stat">
                <span className="stat-label">Held</span> <span className="stat-value">{nf.format(f!.held)}</span>
              </p>
              <p className="stat">
                <span className="stat-label">Available</span> <span className="stat-value">{nf.format(f!.available)}</span>
              </p>
              <p className="stat">
                <span className="stat-label">Capacity</span> <span className="stat-value">{nf.format(f!.capacity)}</span>
              </p>
            </section>
            <section className="card" aria-labelledby="revenue-h">
              <h2 id="revenue-h">Revenue</h2>
              {!finance && <p className="hint">Your role cannot see the money (owners and admins can).</p>}
              {finance && <LoadError error={settlement.error} />}
              {finance && !settlement.data && !settlement.error && <p className="loading">Loading the money…</p>}
              {finance && settlement.data && money.length === 0 && (
                <p className="stat big">
                  <span className="stat-label">Revenue</span> <span className="stat-value">{formatMoney(0, organization.settings.currency, locale)}</span>
                </p>
              )}
              {money.map((m) => (
                <div key={m.currency}>
                  <p className="stat big">
                    <span className="stat-label">Revenue</span> <span className="stat-value">{formatMoney(m.netReceivedMinor, m.currency, locale)}</span>
                  </p>
                  <p className="stat">
                    <span className="stat-label">Gross</span> <span className="stat-value">{formatMoney(m.grossReceivedMinor, m.currency, locale)}</span>
                  </p>
                  <p className="stat">
                    <span className="stat-label">Refunds</span> <span className="stat-value">{formatMoney(m.refundsMinor, m.currency, locale)}</span>
                  </p>
                  <p className="stat">
                    <span className="stat-label">Payable to you</span> <span className="stat-value">{formatMoney(m.netPayableMinor, m.currency, locale)}</span>
                  </p>
                </div>
              ))}
              {finance && settlement.data && (
                <p className="hint">
                  {nf.format(settlement.data.orders.paid)} paid {settlement.data.orders.paid === 1 ? 'order' : 'orders'}
                  {settlement.data.orders.refunded ? `, ${nf.format(settlement.data.orders.refunded)} refunded` : ''}
                </p>
              )}
            </section>
            <section className="card" aria-labelledby="occupancy-h">
              <h2 id="occupancy-h">Occupancy</h2>
              <p className="stat big">
                <span className="stat-label">Checked in</span> <span className="stat-value">{nf.format(f!.checkedIn)}</span>
              </p>
              <Meter value={f!.checkedIn} max={f!.sold} label={`${f!.checkedInPercent}\u00a0% of sold tickets checked in`} />
              <p className="stat">
                <span className="stat-label">Inside</span> <span className="stat-value">{nf.format(f!.inside)}</span>
              </p>
              <p className="stat">
                <span className="stat-label">Still to come</span> <span className="stat-value">{nf.format(Math.max(0, f!.sold - f!.checkedIn))}</span>
              </p>
            </section>
          </div>

          <div className="dash-grid wide">
            <section className="card" aria-labelledby="gates-h">
              <h2 id="gates-h">Check-ins per gate</h2>
              <DoubleAdmissionsNote data={doubles} />
              <Table<(typeof gateList)[number]>
                labelledBy="gates-h"
                items={gateList}
                rowKey={(g) => g.id}
                empty="The venue has no gates."
                columns={[
                  { header: 'Gate', rowHeader: true, cell: (g) => g.name },
                  { header: 'Check-ins', cell: (g) => nf.format(g.count) },
                  ...(doubles
                    ? [
                        {
                          header: 'Let in on a used ticket',
                          cellClassName: (g: (typeof gateList)[number]) => (doubleAdmissionsAt(doubles, g.id) ? 'field-error' : undefined),
                          cell: (g: (typeof gateList)[number]) => nf.format(doubleAdmissionsAt(doubles, g.id)),
                        },
                      ]
                    : []),
                ]}
              />
            </section>
            <section className="card" aria-labelledby="perminute-h">
              <h2 id="perminute-h">Check-ins per minute</h2>
              <p className="stat">
                <span className="stat-label">Last 5 minutes</span> <span className="stat-value">{nf.format(recentTotal(series, 5))}</span>
              </p>
              <PerMinuteChart
                series={series}
                timeZone={event.timezone}
                locale={locale}
                label={`Check-ins per minute over the last 30 minutes; ${recentTotal(series, 30)} in all, ${series.y.at(-1) ?? 0} this minute`}
              />
            </section>
          </div>

          <section className="card" aria-labelledby="types-h">
            <h2 id="types-h">Ticket types</h2>
            {typeList.length > 0 && <TypeUsageChart rows={typeList} />}
            <div className="table-wrap" tabIndex={0}>
              <Table<(typeof typeList)[number]>
                labelledBy="types-h"
                items={typeList}
                rowKey={(r) => r.id}
                empty="No ticket types yet."
                columns={[
                  { header: 'Ticket type', rowHeader: true, cell: (r) => r.name },
                  { header: 'Sold', cell: (r) => nf.format(r.sold) },
                  { header: 'Held', cell: (r) => nf.format(r.held) },
                  { header: 'Capacity', cell: (r) => (r.capacity === null ? 'Unlimited' : nf.format(r.capacity)) },
                  { header: 'Sold\u00a0%', cell: (r) => (r.soldPercent === null ? '—' : `${r.soldPercent}\u00a0%`) },
                ]}
              />
            </div>
          </section>

          <section className="card" aria-labelledby="activity-h">
            <h2 id="activity-h">Recent activity</h2>
            {state.activity.length === 0 ? (
              <p className="hint">Changes appear here as they happen.</p>
            ) : (
              <ol className="activity">
                {state.activity.map((a) => (
                  <li key={`${a.version}-${a.reason}`}>
                    <time dateTime={new Date(a.at).toISOString()}>{formatInZone(new Date(a.at).toISOString(), event.timezone, locale, { timeStyle: 'medium' })}</time> {describeActivity(a)}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function DashHeader({ children }: { children?: React.ReactNode }) {
  const { event } = useEvent();
  return (
    <>
      <p>
        <Link href="/">← {event.name}</Link>
      </p>
      <div className="toolbar dash-head">
        <h1 style={{ margin: 0 }}>Dashboard: {event.name}</h1>
        {children}
        <Link href="/history">History over time</Link>
      </div>
    </>
  );
}

function Meter({ value, max, label }: { value: number; max: number; label: string }) {
  return (
    <div className="meter-row">
      <meter min={0} max={Math.max(1, max)} value={Math.min(value, Math.max(1, max))} aria-label={label} />
      <span className="hint">{label}</span>
    </div>
  );
}
