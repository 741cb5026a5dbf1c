/**
 * An event's history over time (/events/:eventId/history), beside the live dashboard: sales and revenue per hour or
 * day, occupancy snapshots, scans per minute during the doors — read from the Postgres copy
 * (GET /orgs/{orgId}/events/{eventId}/history/…, each with its freshness; 503 while the copy is away) — and the
 * buyer-journey funnel and top referrers. Live figures stay on the dashboard (the organizer channel). The filters live
 * in the URL; pure parts: ./history/logic.ts and ../analytics/funnel-logic.ts (test/web/history/).
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { api, call } from '../../../api/client';
import { useLoad } from '../../../ui/load';
import { FreshnessNote } from '../../reports/freshness';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { FunnelPanel, ReferrersPanel } from './history/funnel';
import { analyticsRange } from '../analytics/funnel-logic';
import { HistoryError } from './history/history-error';
import { EMPTY_FILTERS, filtersFromParams, occupancyQuery, paramsFromFilters, rangeProblem, salesQuery, scansQuery, type HistoryFilters } from './history/logic';
import { OccupancyPanel } from './history/occupancy-panel';
import { SalesPanel } from './history/sales-panel';
import { ScansPanel } from './history/scans-panel';
import { can } from './perms';
import './events.css';
import '../ops/ops.css';

export default function History() {
  const { event } = useEvent();
  const { orgId, role, organization } = useOrg();
  const tz = organization.settings.timezone;
  const locale = organization.settings.locale;
  const [params, setParams] = useSearchParams();
  const applied = filtersFromParams(params);
  const [draft, setDraft] = useState<HistoryFilters>(applied);
  const apply = (f: HistoryFilters) => setParams(paramsFromFilters(f), { replace: true });
  const problem = rangeProblem(draft, tz);
  const finance = can(role, 'finance.read');
  const checkins = can(role, 'checkins.read');
  const path = { orgId, eventId: event.id };

  const salesQ = salesQuery(applied, tz);
  const occupancyQ = occupancyQuery(applied, tz);
  const scansQ = scansQuery(applied, tz);
  const sales = useLoad(
    () => (finance && salesQ ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/history/sales', { params: { path, query: salesQ } })) : Promise.resolve(null)),
    [orgId, event.id, finance, JSON.stringify(salesQ)],
  );
  const occupancy = useLoad(
    () => (occupancyQ ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/history/occupancy', { params: { path, query: occupancyQ } })) : Promise.resolve(null)),
    [orgId, event.id, JSON.stringify(occupancyQ)],
  );
  const scans = useLoad(
    () => (checkins ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/history/scans', { params: { path, query: scansQ } })) : Promise.resolve(null)),
    [orgId, event.id, checkins, JSON.stringify(scansQ)],
  );
  const journey = analyticsRange(applied, event, tz);
  const refresh = () => {
    sales.reload();
    occupancy.reload();
    scans.reload();
  };
  const field = (k: keyof HistoryFilters) => ({
    value: draft[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft((d) => ({ ...d, [k]: e.target.value })),
  });
  const freshness = sales.data?.freshness ?? occupancy.data?.freshness ?? scans.data?.freshness;
  const filtered = Boolean(applied.fromDate || applied.toDate || applied.doorsDate || applied.bucket !== 'day');

  return (
    <div className="dashboard">
      <p>
        <Link href="/">← {event.name}</Link>
      </p>
      <div className="toolbar dash-head">
        <h1 style={{ margin: 0 }}>History: {event.name}</h1>
        <Link href="/dashboard">Live dashboard</Link>
        <button type="button" onClick={refresh} disabled={sales.loading || occupancy.loading || scans.loading}>
          Refresh
        </button>
      </div>
      <p className="hint">Figures over time from the reporting copy, which follows sales and scans within seconds. The live dashboard shows what happens now.</p>
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label="Choose the period"
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) apply(draft);
        }}
      >
        <div className="field">
          <label htmlFor="hist-bucket">Sales per</label>
          <select id="hist-bucket" {...field('bucket')}>
            <option value="day">Day</option>
            <option value="hour">Hour</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="hist-from">From</label>
          <input id="hist-from" type="date" {...field('fromDate')} />
        </div>
        <div className="field">
          <label htmlFor="hist-to">To (inclusive)</label>
          <input id="hist-to" type="date" {...field('toDate')} aria-invalid={Boolean(problem)} aria-describedby={problem ? 'hist-range-error' : undefined} />
          {problem && (
            <small id="hist-range-error" className="field-error" role="alert">
              {problem}
            </small>
          )}
        </div>
        <div className="field">
          <label htmlFor="hist-doors">Scans on</label>
          <input id="hist-doors" type="date" {...field('doorsDate')} aria-describedby="hist-doors-hint" />
          <small id="hist-doors-hint" className="hint">
            Empty: the event's doors
          </small>
        </div>
        <button type="submit" className="primary" disabled={Boolean(problem)}>
          Show
        </button>
        {filtered && (
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              apply(EMPTY_FILTERS);
            }}
          >
            Clear
          </button>
        )}
      </form>
      <p className="hint">Days and hours are in the organization's timezone ({tz}).</p>
      {freshness && <FreshnessNote freshness={freshness} />}

      <section className="card" aria-labelledby="hist-sales-h" aria-busy={sales.loading}>
        <h2 id="hist-sales-h">Sales and revenue per {applied.bucket}</h2>
        {!finance ? (
          <p className="hint">Your role cannot see the money (owners and admins can).</p>
        ) : (
          <>
            {!salesQ && <p className="hint">{rangeProblem(applied, tz)}</p>}
            <HistoryError error={sales.error} retry={sales.reload} />
            {sales.loading && !sales.data && <p className="hint">Loading…</p>}
            {sales.data && !sales.error && <SalesPanel data={sales.data} bucket={sales.data.bucket} timeZone={tz} locale={locale} />}
          </>
        )}
      </section>

      <div className="dash-grid wide">
        <section className="card" aria-labelledby="hist-occupancy-h" aria-busy={occupancy.loading}>
          <h2 id="hist-occupancy-h">Occupancy over time</h2>
          {!occupancyQ && <p className="hint">Pick at most 92 days to see the occupancy.</p>}
          <HistoryError error={occupancy.error} retry={occupancy.reload} />
          {occupancy.loading && !occupancy.data && occupancyQ && <p className="hint">Loading…</p>}
          {occupancy.data && !occupancy.error && <OccupancyPanel data={occupancy.data} timeZone={tz} locale={locale} />}
        </section>
        <section className="card" aria-labelledby="hist-scans-h" aria-busy={scans.loading}>
          <h2 id="hist-scans-h">Scans per minute{applied.doorsDate ? '' : ' during the doors'}</h2>
          {!checkins ? (
            <p className="hint">Your role cannot see the scans.</p>
          ) : (
            <>
              <HistoryError error={scans.error} retry={scans.reload} />
              {scans.loading && !scans.data && <p className="hint">Loading…</p>}
              {scans.data && !scans.error && <ScansPanel data={scans.data} timeZone={tz} locale={locale} />}
            </>
          )}
        </section>
      </div>

      <p className="hint">
        Buyers' journey from {journey.from} to {journey.to}
        {applied.fromDate || applied.toDate ? '' : ' (pick dates above for another period)'}.
      </p>
      <div className="dash-grid wide">
        <FunnelPanel eventId={event.id} from={journey.from} to={journey.to} />
        <ReferrersPanel eventId={event.id} from={journey.from} to={journey.to} />
      </div>
    </div>
  );
}
