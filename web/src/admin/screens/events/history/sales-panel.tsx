/** The History screen's sales panel: tickets (bars) and net revenue (line) per hour or day, a summary and a table. */
import { useMemo, useState } from 'react';
import { formatMoney } from '../../../../api/client';
import { bucketLabel, currenciesOf, minorToMajor, salesSeries, salesSummary, salesTotals, type Bucket, type SalesHistory } from './logic';
import { TimeChart } from './time-chart';
import { FiguresTable } from './figures-table';

export function SalesPanel({ data, bucket, timeZone, locale }: { data: SalesHistory; bucket: Bucket; timeZone: string; locale?: string }) {
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const currencies = useMemo(() => currenciesOf(data.buckets), [data.buckets]);
  const [picked, setPicked] = useState('');
  const currency = currencies.includes(picked) ? picked : (currencies[0] ?? '');
  const money = (minor: number, c: string) => formatMoney(minor, c, locale);
  const totals = useMemo(() => salesTotals(data.buckets), [data.buckets]);
  const s = useMemo(() => salesSeries(data.buckets, currency, data.bucket, data.timeZone), [data.buckets, currency, data.bucket, data.timeZone]);
  const chartSeries = useMemo(
    () => [
      { label: 'Tickets', values: s.tickets, color: '#166534', bars: true },
      { label: `Net revenue (${currency})`, values: s.netMinor.map((m) => minorToMajor(m, currency)), color: '#1d4ed8', right: true },
    ],
    [s, currency],
  );
  const bucketsWithSales = new Set(data.buckets.map((r) => r.start)).size;
  const per = bucket === 'hour' ? 'Hour' : 'Day';

  return (
    <>
      <p className="hint" id="sales-summary">
        {salesSummary(totals, bucketsWithSales, data.bucket, money, nf)}
      </p>
      {currencies.length > 1 && (
        <div className="field">
          <label htmlFor="hist-currency">Currency in the chart</label>
          <select id="hist-currency" value={currency} onChange={(e) => setPicked(e.target.value)}>
            {currencies.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
      )}
      {s.x.length > 0 && (
        <figure className="history-figure" aria-describedby="sales-summary" style={{ margin: 0 }}>
          <TimeChart x={s.x} series={chartSeries} timeZone={timeZone} step={data.bucket === 'hour' ? 3600 : 86_400} rightLabel={currency} />
          <figcaption className="hint">Bars: tickets sold per {per.toLowerCase()} (left axis). Line: net revenue in {currency} (right axis).</figcaption>
        </figure>
      )}
      {data.buckets.length > 0 && (
        <FiguresTable
          summary="Show the figures as a table"
          caption={`Sales per ${per.toLowerCase()} (${timeZone})`}
          head={per}
          columns={[{ label: 'Currency', text: true }, { label: 'Orders' }, { label: 'Tickets' }, { label: 'Gross' }, { label: 'Refunded' }, { label: 'Net' }]}
          rows={data.buckets.map((r) => ({
            key: `${r.start}/${r.currency}`,
            head: bucketLabel(r, data.bucket, timeZone, locale),
            cells: [r.currency, nf.format(r.orders), nf.format(r.tickets), money(r.grossMinor, r.currency), money(r.refundedMinor, r.currency), money(r.netMinor, r.currency)],
          }))}
          footer={totals.map((t) => ({
            key: t.currency,
            head: 'Total',
            cells: [t.currency, nf.format(t.orders), nf.format(t.tickets), money(t.grossMinor, t.currency), money(t.refundedMinor, t.currency), <strong key="net">{money(t.netMinor, t.currency)}</strong>],
          }))}
        />
      )}
    </>
  );
}
