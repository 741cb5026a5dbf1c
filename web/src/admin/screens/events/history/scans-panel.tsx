/**
 * The History screen's scans panel: admitted and refused scans per minute during the doors (the live dashboard's
 * per-minute chart, reused), its summary, and a table of the minutes with scans.
 */
import { useMemo } from 'react';
import { formatInZone } from '../../../../api/client';
import { PerMinuteChart } from '../charts';
import { scanSeries, scanSummary, type ScanHistory } from './logic';
import { FiguresTable } from './figures-table';

export function ScansPanel({ data, timeZone, locale }: { data: ScanHistory; timeZone: string; locale?: string }) {
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const s = useMemo(() => scanSeries(data), [data]);
  const series = useMemo(() => ({ x: s.x, y: s.y }), [s]);
  const refused = useMemo(() => ({ label: 'Refused', y: s.refused }), [s]);
  const time = (iso: string) => formatInZone(iso, timeZone, locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const summary = scanSummary(data, time, nf);
  return (
    <>
      <p className="hint">
        {formatInZone(data.from, timeZone, locale)} – {formatInZone(data.to, timeZone, locale)}
      </p>
      <p className="stat">
        <span className="stat-label">Admitted</span> <span className="stat-value">{nf.format(data.totals.admitted)}</span>
      </p>
      <p className="stat">
        <span className="stat-label">Refused</span> <span className="stat-value">{nf.format(data.totals.refused)}</span>
      </p>
      <p className="stat">
        <span className="stat-label">Exits</span> <span className="stat-value">{nf.format(data.totals.exits)}</span>
      </p>
      <p className="hint">{summary}</p>
      {s.x.length > 0 && (
        <>
          <PerMinuteChart series={series} second={refused} seriesLabel="Admitted" timeZone={timeZone} locale={locale} label={`Scans per minute. ${summary}`} />
          <p className="hint">Green: admitted per minute. Red: refused.</p>
          <FiguresTable
            summary="Show the minutes as a table"
            caption={`Scans per minute (${timeZone})`}
            head="Minute"
            columns={[{ label: 'Admitted' }, { label: 'Refused' }, { label: 'Exits' }]}
            rows={data.minutes.map((m) => ({ key: m.minute, head: time(m.minute), cells: [m.admitted, m.refused, m.exits].map((n) => nf.format(n)) }))}
          />
        </>
      )}
    </>
  );
}
