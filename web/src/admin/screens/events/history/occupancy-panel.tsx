/** The History screen's occupancy panel: sold, held, available and checked in at each snapshot (uPlot lines). */
import { useMemo } from 'react';
import { formatInZone } from '../../../../api/client';
import { occupancySeries, occupancySummary, type OccupancyHistory } from './logic';
import { TimeChart } from './time-chart';
import { FiguresTable } from './figures-table';

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
        <FiguresTable
          summary="Show the snapshots as a table"
          caption={`Occupancy snapshots (${timeZone})`}
          head="Taken"
          columns={[{ label: 'Sold' }, { label: 'Held' }, { label: 'Available' }, { label: 'Checked in' }, { label: 'Capacity' }]}
          rows={data.snapshots.map((p) => ({ key: p.takenAt, head: when(p.takenAt), cells: [p.sold, p.held, p.available, p.checkedIn, p.capacity].map((n) => nf.format(n)) }))}
        />
      )}
    </>
  );
}
