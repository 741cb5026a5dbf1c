/**
 * A uPlot time chart for the History screen: lines (occupancy) or bars and a line on a second axis (tickets and
 * revenue). The caller gives the points; the chart is made once per shape and fed new data with setData. A text
 * alternative sits beside it on the screen (a summary and a table), so the canvas itself is aria-hidden.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartSeries = { label: string; values: number[]; color: string; bars?: boolean; /** Drawn against the right-hand axis. */ right?: boolean };

/** `step`: the seconds between two buckets (an hour, a day, a snapshot's 15 minutes), for the room at the edges. */
export function TimeChart({ x, series, timeZone, step, rightLabel, height = 220 }: { x: number[]; series: ChartSeries[]; timeZone: string; step: number; rightLabel?: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => `${s.label}|${s.color}|${s.bars ? 1 : 0}|${s.right ? 1 : 0}`).join(';');
  const data = (): uPlot.AlignedData => [x, ...series.map((s) => (s.bars ? s.values.map((n) => (n > 0 ? n : null)) : s.values))];

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const hasRight = series.some((s) => s.right);
    const hasBars = series.some((s) => s.bars);
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      cursor: { drag: { x: false, y: false } },
      scales: {
        // From the data itself (uPlot's own guess for a single point spans years): half a bucket either side when
        // there are bars (no half bars at the edges), a bucket either side of a single point.
        x: {
          time: true,
          range: (u) => {
            const xs = u.data[0];
            if (!xs.length) return [0, 1];
            const lo = xs[0]!;
            const hi = xs[xs.length - 1]!;
            const pad = hasBars ? step / 2 : lo === hi ? step : 0;
            return [lo - pad, hi + pad];
          },
        },
        y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil((max ?? 0) * 1.1))] },
        ...(hasRight ? { r: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, (max ?? 0) * 1.1)] as uPlot.Range.MinMax } } : {}),
      },
      axes: [
        { stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, space: 60 },
        { stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, size: 50 },
        ...(hasRight ? [{ scale: 'r', side: 1 as const, stroke: '#4b5563', grid: { show: false }, size: 70, label: rightLabel }] : []),
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.bars ? 1 : 2,
          scale: s.right ? 'r' : 'y',
          ...(s.bars ? { fill: `${s.color}59`, paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } } : { points: { show: x.length < 60 } }),
        })),
      ],
    };
    plot.current = new uPlot(opts, data(), el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Made once per shape; data changes go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, timeZone, step, rightLabel, height]);

  useEffect(() => {
    plot.current?.setData(data());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [x, series]);

  return <div ref={box} className="chart" aria-hidden="true" />;
}
