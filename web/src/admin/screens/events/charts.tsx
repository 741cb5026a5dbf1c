/** Charts of the live dashboard: check-ins per minute (uPlot bars) and usage per ticket type (plain SVG bars). */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from '../../live/series';
import type { TypeRow } from '../../live/state';

export function PerMinuteChart({ series, label, timeZone }: { series: Series; label: string; timeZone: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const fmt = new Intl.DateTimeFormat(undefined, { timeZone, hour: '2-digit', minute: '2-digit' });
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: 200,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.2))] } },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => fmt.format(new Date(t * 1000))), stroke: '#4b5563', grid: { stroke: '#e5e7eb' } },
        { stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      ],
      series: [{}, { label: 'Check-ins', stroke: '#14532d', fill: 'rgba(22,101,52,0.35)', width: 1, paths: uPlot.paths.bars!({ size: [0.8, 40] }), points: { show: false } }],
    };
    plot.current = new uPlot(opts, [series.x, series.y], el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(240, el.clientWidth), height: 200 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is made once; data changes go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeZone]);

  useEffect(() => {
    plot.current?.setData([series.x, series.y]);
  }, [series]);

  return <div ref={box} className="chart" role="img" aria-label={label} />;
}

/** Horizontal bars: sold and held of each ticket type against its capacity. */
export function TypeUsageChart({ rows }: { rows: TypeRow[] }) {
  // A narrow canvas so the text stays readable when the SVG is scaled down on a phone.
  const rowH = 34;
  const width = 460;
  const labelW = 150;
  const barW = width - labelW - 60;
  const max = Math.max(1, ...rows.map((r) => r.capacity ?? r.sold + r.held));
  return (
    <svg className="type-chart" viewBox={`0 0 ${width} ${rows.length * rowH + 10}`} role="img" aria-label={rows.map((r) => `${r.name}: ${r.sold} sold${r.capacity !== null ? ` of ${r.capacity}` : ''}`).join('; ')}>
      {rows.map((r, i) => {
        const y = i * rowH + 5;
        const cap = r.capacity ?? r.sold + r.held;
        const scale = (n: number) => (n / max) * barW;
        return (
          <g key={r.id} aria-hidden="true">
            <text x={labelW - 8} y={y + 15} textAnchor="end" fontSize="15" fill="#111827">
              {r.name.length > 18 ? `${r.name.slice(0, 17)}…` : r.name}
            </text>
            <rect x={labelW} y={y + 3} width={scale(cap)} height={18} fill="#e5e7eb" rx="3" />
            <rect x={labelW} y={y + 3} width={scale(r.sold)} height={18} fill="#166534" rx="3" />
            <rect x={labelW + scale(r.sold)} y={y + 3} width={scale(r.held)} height={18} fill="#f59e0b" />
            <text x={labelW + scale(cap) + 6} y={y + 15} fontSize="14" fill="#4b5563">
              {r.soldPercent !== null ? `${r.soldPercent} %` : `${r.sold}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
