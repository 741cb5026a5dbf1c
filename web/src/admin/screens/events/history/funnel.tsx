/**
 * The History screen's buyer-journey panels: the funnel (visitors per step, conversion, median time between steps;
 * drawn by the shared ../../analytics/funnel-chart.tsx) and the top referrers, over the picked days, with "Refresh
 * now" for roles that may manage analytics. While nothing is recorded each panel says "No data yet".
 */
import { useMemo } from 'react';
import { FreshnessNote } from '../../../reports/freshness';
import { useLoad } from '../../../../ui/load';
import { atLeast, useOrg } from '../../../session';
import { fetchFunnel, fetchReferrers } from '../../analytics/api';
import { Bar, FunnelChart } from '../../analytics/funnel-chart';
import { Table } from '../../../../ui/table';
import { funnelEmpty, referrerRows } from '../../analytics/funnel-logic';
import { RefreshNow } from '../../analytics/refresh-now';
import { HistoryError } from './history-error';

export function FunnelPanel({ eventId, from, to }: { eventId: string; from: string; to: string }) {
  const { orgId, organization, role } = useOrg();
  const locale = organization.settings.locale;
  const funnel = useLoad(() => fetchFunnel(orgId, eventId, { from, to }), [orgId, eventId, from, to]);
  const data = funnel.error ? null : funnel.data;
  return (
    <section className="card" aria-labelledby="funnel-h" aria-busy={funnel.loading}>
      <h2 id="funnel-h">Funnel</h2>
      {atLeast(role, 'staff') && <RefreshNow onRefreshed={funnel.reload} />}
      <HistoryError error={funnel.error} retry={funnel.reload} />
      {funnel.loading && !funnel.data && <p className="hint">Loading…</p>}
      {!funnel.loading && !funnel.error && (!data || funnelEmpty(data.steps)) && <p className="hint">No data yet: buyers' visits show here once they are recorded.</p>}
      {data && <FunnelChart steps={data.steps} from={data.from} to={data.to} freshness={data.freshness} locale={locale} />}
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
            <Table<(typeof rows)[number]>
              caption={`Where visitors came from, ${from} to ${to}`}
              items={rows}
              rowKey={(r) => r.host}
              columns={[
                { header: 'Site', rowHeader: true, cell: (r) => r.host },
                { header: 'Share of visitors', hideHeader: true, className: 'bar-cell', cell: (r) => <Bar width={r.width} /> },
                { header: 'Visitors', className: 'num', cell: (r) => nf.format(r.visitors) },
                { header: 'Orders', className: 'num', cell: (r) => nf.format(r.orders) },
                { header: 'Ordered', className: 'num', cell: (r) => r.conversion },
              ]}
            />
          </div>
          {data && <FreshnessNote freshness={data.freshness} />}
        </>
      )}
    </section>
  );
}
