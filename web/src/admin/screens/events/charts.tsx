/**
 * Charts of the live dashboard: check-ins per minute (uPlot bars) and usage per ticket type (plain HTML bars). The
 * History screen reuses the per-minute chart for its scans, with refused scans as a second, narrower bar.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '../../live/series';
import type { TypeRow } from '../../live/state';

/** uPlot's data: empty minutes get no bar (a zero-height bar would draw a stray stroke on the axis). */
function plotData(series: Series, second?: SecondBars): uPlot.AlignedData {
  const bars = (ys: number[]) => ys.map((n) => (n > 0 ? n : null));
  return second ? [series.x, bars(series.y), bars(second.y)] : [series.x, bars(series.y)];
}

/** A second count per minute (the History screen's refused scans), drawn as a narrower red bar over the first. */
export type SecondBars = { label: string; y: number[] };

export function PerMinuteChart({
  series,
  label,
  timeZone,
  locale,
  seriesLabel = 'Check-ins',
  second,
}: {
  series: Series;
  label: string;
  timeZone: string;
  locale?: string;
  seriesLabel?: string;
  second?: SecondBars;
}) {
  const hasSecond = Boolean(second);
  const secondLabel = second?.label;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const fmt = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 200,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // Half a minute either side, so the first and newest minutes get whole bars instead of halves at the edges.
        x: { time: true, range: (_u, min, max) => [min - 30, max + 30] },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil((max ?? 0) * 1.2))] },
      },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => fmt.format(new Date(t * 1000))), stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, space: 56 },
        { stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      ],
      series: [
        {},
        { label: seriesLabel, stroke: '#14532d', fill: 'rgba(22,101,52,0.35)', width: 1, paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false } },
        ...(hasSecond ? [{ label: secondLabel, stroke: '#991b1b', fill: 'rgba(185,28,28,0.55)', width: 1, paths: uPlot.paths.bars!({ size: [0.4, 20] }), points: { show: false } }] : []),
      ],
    };
    plot.current = new uPlot(opts, plotData(series, second), el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height: 200 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is made once; data changes go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeZone, locale, seriesLabel, hasSecond, secondLabel]);

  useEffect(() => {
    plot.current?.setData(plotData(series, second));
  }, [series, second]);

  return <div ref={box} className="chart" role="img" aria-label={label} />;
}

/** Horizontal bars: sold and held of each ticket type against its capacity (HTML, so the text keeps its size on a phone). */
export function TypeUsageChart({ rows }: { rows: TypeRow[] }) {
  const max = Math.max(1, ...rows.map((r) => r.capacity ?? r.sold + r.held));
  const pc = (n: number, of: number) => `${of > 0 ? Math.min(100, (n / of) * 100) : 0}%`;
  return (
    <div className="type-chart" role="img" aria-label={rows.map((r) => `${r.name}: ${r.sold} sold${r.held ? `, ${r.held} held` : ''}${r.capacity !== null ? ` of ${r.capacity}` : ''}`).join('; ')}>
      <ul className="legend" aria-hidden="true">
        <li>
          <span className="swatch sold" /> Sold
        </li>
        <li>
          <span className="swatch held" /> Held
        </li>
      </ul>
      {rows.map((r) => {
        const cap = r.capacity ?? r.sold + r.held;
        return (
          <div key={r.id} className="type-bar" aria-hidden="true">
            <span className="type-name">{r.name}</span>
            <span className="lane">
              <span className="track" style={{ width: pc(cap, max) }}>
                <span className="sold" style={{ width: pc(r.sold, cap) }} />
                <span className="held" style={{ width: pc(r.held, cap) }} />
              </span>
            </span>
            <span className="type-figure">{r.soldPercent !== null ? `${r.soldPercent}\u00a0%` : `${r.sold}`}</span>
          </div>
        );
      })}
    </div>
  );
}
