/** The History screen's occupancy panel: sold, held, available and checked in at each snapshot (uPlot lines). */
import { useMemo } from 'react';
import { formatInZone } from '../../../../api/client';
import { occupancySeries, occupancySummary, type OccupancyHistory } from './logic';
import { TimeChart } from './time-chart';

export function OccupancyPanel({ data, timeZone, locale }: { data: OccupancyHistory; timeZone: string; locale?: string }) {
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const s = useMemo(() => occupancySeries(data.snapshots), [data.snapshots]);
  const series = useMemo(
    () => [
      { label: 'Sold', values: s.sold, color: '#166534' },
      { label: 'Held', values: s.held, color: '#b45309' },
      { label: 'Available', values: s.available, color: '#1d4ed8' },
      { label: 'Checked in', values: s.checkedIn, color: '#7c3aed' },
    ],
    [s],
  );
  const when = (iso: string) => formatInZone(iso, timeZone, locale);
  return (
    <>
      <p className="hint" id="occupancy-summary">
        {occupancySummary(data.snapshots, when, nf)}
      </p>
      {data.truncated && <p className="hint">Only the newest {nf.format(data.snapshots.length)} snapshots are shown: pick fewer days to see the rest.</p>}
      {s.x.length > 0 && (
        <figure aria-describedby="occupancy-summary" style={{ margin: 0 }}>
          <TimeChart x={s.x} series={series} timeZone={timeZone} step={900} />
          <figcaption className="hint">A snapshot every 15 minutes while the event is on sale or on.</figcaption>
        </figure>
      )}
      {data.snapshots.length > 0 && (
        <details className="ops-more">
          <summary>Show the snapshots as a table</summary>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption>{`Occupancy snapshots (${timeZone})`}</caption>
              <thead>
                <tr>
                  <th scope="col">Taken</th>
                  <th scope="col" className="num">Sold</th>
                  <th scope="col" className="num">Held</th>
                  <th scope="col" className="num">Available</th>
                  <th scope="col" className="num">Checked in</th>
                  <th scope="col" className="num">Capacity</th>
                </tr>
              </thead>
              <tbody>
                {data.snapshots.map((p) => (
                  <tr key={p.takenAt}>
                    <th scope="row">{when(p.takenAt)}</th>
                    <td className="num">{nf.format(p.sold)}</td>
                    <td className="num">{nf.format(p.held)}</td>
                    <td className="num">{nf.format(p.available)}</td>
                    <td className="num">{nf.format(p.checkedIn)}</td>
                    <td className="num">{nf.format(p.capacity)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </>
  );
}
