/**
 * Reports: sales by day, ticket type or channel (GET /orgs/{orgId}/reports/sales, read from the Postgres copy), for
 * an event or all, over whole days in the organization's timezone; the filters live in the URL. Pure parts:
 * ./reports/logic.ts (test/web/reports/sales.test.ts).
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { api, call, formatMoney, type Schemas } from '../../api/client';
import { loadAll, LoadError, useLoad } from '../../ui/load';
import { FreshnessNote } from '../reports/freshness';
import { useOrg } from '../session';
import { consoleLang } from './api-requests/logic';
import { badRange, EMPTY_FILTERS, filtersFromParams, GROUPS, paramsFromFilters, rowLabel, salesQuery, STRINGS, totalsByCurrency, type SalesFilters } from './reports/logic';
import { ReportSchedules } from './reports/schedules';
import './ops/ops.css';

type EventT = Schemas['Event'];

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
          {/* Focusable: on a phone the table scrolls sideways, and keyboard users must reach it. */}
          <div className="table-wrap" tabIndex={0}>
            <table className="ops-table" aria-busy={report.loading}>
              <caption>{`${t.caption(t.groups[groupBy])} — ${eventName}`}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columns.label[groupBy]}</th>
                  <th scope="col" className="num">
                    {t.columns.orders}
                  </th>
                  <th scope="col" className="num">
                    {t.columns.tickets}
                  </th>
                  <th scope="col" className="num">
                    {t.columns.gross}
                  </th>
                  <th scope="col" className="num">
                    {t.columns.refunded}
                  </th>
                  <th scope="col" className="num">
                    {t.columns.net}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.rows.length === 0 ? (
                  <tr>
                    <td colSpan={6} className="empty">
                      {t.empty}
                    </td>
                  </tr>
                ) : (
                  data.rows.map((r) => (
                    <tr key={`${r.key}/${r.currency}`}>
                      <th scope="row">{rowLabel(r, groupBy, lang, locale)}</th>
                      <td className="num">{r.orders}</td>
                      <td className="num">{r.tickets}</td>
                      <td className="num">{money(r.grossMinor, r.currency)}</td>
                      <td className="num">{money(r.refundedMinor, r.currency)}</td>
                      <td className="num">{money(r.netMinor, r.currency)}</td>
                    </tr>
                  ))
                )}
              </tbody>
              {totals.length > 0 && (
                <tfoot>
                  {totals.map((s) => (
                    <tr key={s.currency}>
                      <th scope="row">{t.total(s.currency)}</th>
                      <td className="num">{s.orders ?? '—'}</td>
                      <td className="num">{s.tickets}</td>
                      <td className="num">{money(s.grossMinor, s.currency)}</td>
                      <td className="num">{money(s.refundedMinor, s.currency)}</td>
                      <td className="num">
                        <strong>{money(s.netMinor, s.currency)}</strong>
                      </td>
                    </tr>
                  ))}
                </tfoot>
              )}
            </table>
          </div>
          {groupBy === 'ticket_type' && data.rows.length > 0 && <p className="hint">{t.ordersNotAdded}</p>}
        </>
      )}
      <ReportSchedules events={events} />
    </>
  );
}
