/**
 * The History screen's buyer-journey panels: the funnel (visitors per step, conversion, median time between steps) and
 * the top referrers, over the picked days. Their routes come from another branch (analytics-api.ts); until they
 * answer — or while nothing is recorded — each panel says "No data yet". Pure parts: funnel-logic.ts.
 */
import { useMemo } from 'react';
import { FreshnessNote } from '../../../reports/freshness';
import { useLoad } from '../../../../ui/load';
import { useOrg } from '../../../session';
import { fetchFunnel, fetchReferrers } from './analytics-api';
import { funnelEmpty, funnelRows, funnelSummary, referrerRows } from './funnel-logic';
import { HistoryError } from './history-error';

function Bar({ width }: { width: number }) {
  return (
    <span className="lane" aria-hidden="true">
      <span className="track" style={{ width: `${width}%` }}>
        <span className="sold" style={{ width: '100%' }} />
      </span>
    </span>
  );
}

export function FunnelPanel({ eventId, from, to }: { eventId: string; from: string; to: string }) {
  const { orgId, organization } = useOrg();
  const locale = organization.settings.locale;
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const funnel = useLoad(() => fetchFunnel(orgId, eventId, { from, to }), [orgId, eventId, from, to]);
  const data = funnel.error ? null : funnel.data;
  const rows = data ? funnelRows(data.steps, locale) : [];
  return (
    <section className="card" aria-labelledby="funnel-h" aria-busy={funnel.loading}>
      <h2 id="funnel-h">Funnel</h2>
      <HistoryError error={funnel.error} retry={funnel.reload} />
      {funnel.loading && !funnel.data && <p className="hint">Loading…</p>}
      {!funnel.loading && !funnel.error && (!data || funnelEmpty(data.steps)) && <p className="hint">No data yet: buyers' visits show here once they are recorded.</p>}
      {data && !funnelEmpty(data.steps) && (
        <>
          <p className="hint">{funnelSummary(data.steps, nf, locale)}</p>
          {rows.map((r) => (
            <div key={r.kind} className="type-bar" aria-hidden="true">
              <span className="type-name">{r.label}</span>
              <Bar width={r.width} />
              <span className="type-figure">{nf.format(r.visitors)}</span>
            </div>
          ))}
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption>{`Visitors per step, ${data.from} to ${data.to}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col" className="num">Visitors</th>
                  <th scope="col" className="num">Of the first step</th>
                  <th scope="col" className="num">Of the previous step</th>
                  <th scope="col" className="num">Median time from previous</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.kind}>
                    <th scope="row">{r.label}</th>
                    <td className="num">{nf.format(r.visitors)}</td>
                    <td className="num">{r.fromStart}</td>
                    <td className="num">{r.fromPrevious}</td>
                    <td className="num">{r.median}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <FreshnessNote freshness={data.freshness} />
        </>
      )}
    </section>
  );
}

export function ReferrersPanel({ eventId, from, to }: { eventId: string; from: string; to: string }) {
  const { orgId, organization } = useOrg();
  const locale = organization.settings.locale;
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const referrers = useLoad(() => fetchReferrers(orgId, eventId, { from, to, limit: 10 }), [orgId, eventId, from, to]);
  const data = referrers.error ? null : referrers.data;
  const rows = data ? referrerRows(data.referrers, locale) : [];
  return (
    <section className="card" aria-labelledby="referrers-h" aria-busy={referrers.loading}>
      <h2 id="referrers-h">Top referrers</h2>
      <HistoryError error={referrers.error} retry={referrers.reload} />
      {referrers.loading && !referrers.data && <p className="hint">Loading…</p>}
      {!referrers.loading && !referrers.error && rows.length === 0 && <p className="hint">No data yet: the sites that send buyers here show once visits are recorded.</p>}
      {rows.length > 0 && (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption>{`Where visitors came from, ${from} to ${to}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Site</th>
                  <th scope="col">
                    <span className="visually-hidden">Share of visitors</span>
                  </th>
                  <th scope="col" className="num">Visitors</th>
                  <th scope="col" className="num">Orders</th>
                  <th scope="col" className="num">Ordered</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.host}>
                    <th scope="row">{r.host}</th>
                    <td className="type-bar" style={{ display: 'table-cell', minWidth: '6rem' }}>
                      <Bar width={r.width} />
                    </td>
                    <td className="num">{nf.format(r.visitors)}</td>
                    <td className="num">{nf.format(r.orders)}</td>
                    <td className="num">{r.conversion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data && <FreshnessNote freshness={data.freshness} />}
        </>
      )}
    </section>
  );
}
