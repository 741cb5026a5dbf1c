/** The History screen's sales panel: tickets (bars) and net revenue (line) per hour or day, a summary and a table. */
import { useMemo, useState } from 'react';
import { formatMoney } from '../../../../api/client';
import { bucketLabel, currenciesOf, minorToMajor, salesSeries, salesSummary, salesTotals, type Bucket, type SalesHistory } from './logic';
import { TimeChart } from './time-chart';

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
        <details className="ops-more">
          <summary>Show the figures as a table</summary>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption>{`Sales per ${per.toLowerCase()} (${timeZone})`}</caption>
              <thead>
                <tr>
                  <th scope="col">{per}</th>
                  <th scope="col">Currency</th>
                  <th scope="col" className="num">Orders</th>
                  <th scope="col" className="num">Tickets</th>
                  <th scope="col" className="num">Gross</th>
                  <th scope="col" className="num">Refunded</th>
                  <th scope="col" className="num">Net</th>
                </tr>
              </thead>
              <tbody>
                {data.buckets.map((r) => (
                  <tr key={`${r.start}/${r.currency}`}>
                    <th scope="row">{bucketLabel(r, data.bucket, timeZone, locale)}</th>
                    <td>{r.currency}</td>
                    <td className="num">{nf.format(r.orders)}</td>
                    <td className="num">{nf.format(r.tickets)}</td>
                    <td className="num">{money(r.grossMinor, r.currency)}</td>
                    <td className="num">{money(r.refundedMinor, r.currency)}</td>
                    <td className="num">{money(r.netMinor, r.currency)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                {totals.map((t) => (
                  <tr key={t.currency}>
                    <th scope="row">Total</th>
                    <td>{t.currency}</td>
                    <td className="num">{nf.format(t.orders)}</td>
                    <td className="num">{nf.format(t.tickets)}</td>
                    <td className="num">{money(t.grossMinor, t.currency)}</td>
                    <td className="num">{money(t.refundedMinor, t.currency)}</td>
                    <td className="num">
                      <strong>{money(t.netMinor, t.currency)}</strong>
                    </td>
                  </tr>
                ))}
              </tfoot>
            </table>
          </div>
        </details>
      )}
    </>
  );
}
