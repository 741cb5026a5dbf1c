/**
 * Reports: sales by day, ticket type or channel (GET /orgs/{orgId}/reports/sales, read from the Postgres copy), for
 * an event or all, over whole days in the organization's timezone; the filters live in the URL. Pure parts:
 * ./reports/logic.ts (test/web/reports/sales.test.ts).
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { api, call, formatMoney, type Schemas } from '../../api/client';
import { loadAll, LoadError, useLoad } from '../../ui/load';
import { Table } from '../../ui/table';
import { FreshnessNote } from '../reports/freshness';
import { useOrg } from '../session';
import { consoleLang } from './api-requests/logic';
import { badRange, EMPTY_FILTERS, filtersFromParams, GROUPS, paramsFromFilters, rowLabel, salesQuery, STRINGS, totalsByCurrency, type SalesFilters } from './reports/logic';
import { ReportSchedules } from './reports/schedules';
import './ops/ops.css';

type EventT = Schemas['Event'];
/** A row of the report or a currency's totals, as the table shows it. */
type ReportLine = { key: string; label: string; currency: string; orders: number | null; tickets: number; grossMinor: number; refundedMinor: number; netMinor: number; total?: boolean };

export default function ReportsScreen() {
  const { orgId, organization } = useOrg();
  const lang = consoleLang();
  const t = STRINGS[lang];
  const tz = organization.settings.timezone;
  const locale = organization.settings.locale;
  const [params, setParams] = useSearchParams();
  const applied = filtersFromParams(params);
  const [draft, setDraft] = useState<SalesFilters>(applied);
  const [events, setEvents] = useState<EventT[]>([]);
  const query = salesQuery(applied, tz);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/events', { params: { path: { orgId }, query: { limit: 200, cursor } } })))
      .then(setEvents)
      .catch(() => setEvents([]));
  }, [orgId]);

  const report = useLoad(() => (query ? call(api.GET('/api/v1/orgs/{orgId}/reports/sales', { params: { path: { orgId }, query } })) : Promise.resolve(null)), [orgId, queryKey]);

  const apply = (f: SalesFilters) => setParams(paramsFromFilters(f), { replace: true });
  const field = (k: keyof SalesFilters) => ({ value: draft[k], onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft((d) => ({ ...d, [k]: e.target.value })) });
  const filtered = Boolean(applied.eventId || applied.fromDate || applied.toDate || applied.groupBy !== 'day');
  const draftBad = badRange(draft);
  const data = report.error ? null : report.data;
  const groupBy = data?.groupBy ?? applied.groupBy;
  const totals = data ? totalsByCurrency(data.rows, groupBy) : [];
  const eventName = applied.eventId ? (events.find((e) => e.id === applied.eventId)?.name ?? applied.eventId) : t.allEvents;
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);

  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h1 style={{ margin: 0 }}>{t.title}</h1>
        <button type="button" onClick={report.reload} disabled={report.loading || !query}>
          {t.refresh}
        </button>
      </div>
      <p className="hint">{t.intro}</p>
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label={t.filterLabel}
        onSubmit={(e) => {
          e.preventDefault();
          if (!draftBad) apply(draft);
        }}
      >
        <div className="field">
          <label htmlFor="rep-group">{t.groupBy}</label>
          <select id="rep-group" {...field('groupBy')}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t.groups[g]}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="rep-event">{t.event}</label>
          <select id="rep-event" {...field('eventId')}>
            <option value="">{t.allEvents}</option>
            {draft.eventId && !events.some((e) => e.id === draft.eventId) && <option value={draft.eventId}>{draft.eventId}</option>}
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="rep-from">{t.from}</label>
          <input id="rep-from" type="date" {...field('fromDate')} />
        </div>
        <div className="field">
          <label htmlFor="rep-to">{t.to}</label>
          <input id="rep-to" type="date" {...field('toDate')} aria-invalid={draftBad} aria-describedby={draftBad ? 'rep-range-error' : undefined} />
          {draftBad && (
            <small id="rep-range-error" className="field-error" role="alert">
              {t.badRange}
            </small>
          )}
        </div>
        <button type="submit" className="primary" disabled={draftBad}>
          {t.apply}
        </button>
        {filtered && (
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              apply(EMPTY_FILTERS);
            }}
          >
            {t.clear}
          </button>
        )}
      </form>
      <p className="hint">{t.days(tz)}</p>
      <LoadError error={report.error} />
      {report.loading && !data && query && (
        <p className="hint" role="status">
          {t.loading}
        </p>
      )}
      {data && (
        <>
          <FreshnessNote freshness={data.freshness} />
          {/* Focusable: on a middling screen the table may scroll sideways, and keyboard users must reach it (on a phone its rows read as cards). */}
          <div className="table-wrap" tabIndex={0}>
            <Table<ReportLine>
              className="ops-table"
              busy={report.loading}
              caption={`${t.caption(t.groups[groupBy])} — ${eventName}`}
              empty={t.empty}
              items={data.rows.map((r) => ({ ...r, key: `${r.key}/${r.currency}`, label: rowLabel(r, groupBy, lang, locale) }))}
              foot={totals.map((s) => ({ ...s, key: `total/${s.currency}`, label: t.total(s.currency), total: true }))}
              rowKey={(r) => r.key}
              columns={[
                { header: t.columns.label[groupBy], rowHeader: true, cell: (r) => r.label },
                { header: t.columns.orders, className: 'num', cell: (r) => r.orders ?? '—' },
                { header: t.columns.tickets, className: 'num', cell: (r) => r.tickets },
                { header: t.columns.gross, className: 'num', cell: (r) => money(r.grossMinor, r.currency) },
                { header: t.columns.refunded, className: 'num', cell: (r) => money(r.refundedMinor, r.currency) },
                { header: t.columns.net, className: 'num', cell: (r) => (r.total ? <strong>{money(r.netMinor, r.currency)}</strong> : money(r.netMinor, r.currency)) },
              ]}
            />
          </div>
          {groupBy === 'ticket_type' && data.rows.length > 0 && <p className="hint">{t.ordersNotAdded}</p>}
        </>
      )}
      <ReportSchedules events={events} />
    </>
  );
}
