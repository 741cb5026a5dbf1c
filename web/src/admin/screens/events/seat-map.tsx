/**
 * Seat map tab: a read-only preview of the published seat map with live statuses (the storefront owns the
 * interactive map). Seats are dots coloured by category when free, and by status otherwise.
 */
import { useMemo, useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { applySeatMessage, countStatuses, seedSeatState, type SeatState } from '../../live/seats';
import { useLiveChannel } from '../../live/use-live';
import { useOrg } from '../../session';
import { useEvent } from './event-context';
import { LiveBadge } from './live-badge';
import { LoadError, useLoad } from '../../../ui/load';

const STATUS_COLOR = { held: '#f59e0b', sold: '#111827', checked_in: '#7c3aed', blocked: '#d1d5db' } as const;
const STATUS_NAME = { available: 'Available', held: 'Held', sold: 'Sold', checked_in: 'Checked in', blocked: 'Blocked' } as const;

export function SeatMapPreview() {
  const { event } = useEvent();
  const { orgId } = useOrg();
  const published = event.status !== 'draft';
  const [seatState, setSeatState] = useState<SeatState | null>(null);
  const map = useLoad(
    () =>
      published
        ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/seat-map', { params: { path: { orgId, eventId: event.id } } })).then((m) => {
            setSeatState((s) => seedSeatState(s, m.seats));
            return m;
          })
        : Promise.resolve(null),
    [orgId, event.id, published],
  );
  const live = useLiveChannel(orgId, event.id, published && Boolean(map.data), (m) => setSeatState((s) => (s ? applySeatMessage(s, m) : s)));

  if (!published) return <p className="banner">The seat map is frozen from the layout when the event is published; look at the layout under Venues & seating until then.</p>;
  if (map.error) return <LoadError error={map.error} />;
  if (!map.data || !seatState) return <p className="loading">Loading the seat map…</p>;
  if (map.data.seats.length === 0) return <p className="banner">This event has no numbered seats.</p>;
  const counts = countStatuses(seatState);
  return (
    <>
      <div className="toolbar" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>Seat map</h2>
        <LiveBadge {...live} />
      </div>
      <ul className="legend" aria-label="Seats by status">
        {(Object.keys(STATUS_NAME) as (keyof typeof STATUS_NAME)[]).map((k) => (
          <li key={k}>
            <span className="swatch" style={{ background: k === 'available' ? 'linear-gradient(90deg,#c0392b,#2980b9,#27ae60)' : STATUS_COLOR[k] }} aria-hidden="true" /> {STATUS_NAME[k]}: {counts[k]}
          </li>
        ))}
      </ul>
      <SeatSvg map={map.data} state={seatState} />
      <ul className="legend" aria-label="Seat categories">
        {map.data.categories.map((c) => (
          <li key={c.key}>
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.name}
          </li>
        ))}
      </ul>
    </>
  );
}

function SeatSvg({ map, state }: { map: Schemas['SeatMap']; state: SeatState }) {
  const geometry = useMemo(() => {
    const seats = map.seats.map((s) => ({ id: String(s[0]), x: Number(s[1]), y: Number(s[2]), category: String(s[3]) }));
    const xs = seats.map((s) => s.x);
    const ys = seats.map((s) => s.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    // Dot size from the typical distance to the nearest seat (a sample keeps it cheap).
    const sample = seats.filter((_, i) => i % Math.max(1, Math.floor(seats.length / 60)) === 0);
    const nearest = sample
      .map((a) => Math.min(...seats.filter((b) => b !== a).map((b) => Math.hypot(a.x - b.x, a.y - b.y))))
      .filter((d) => Number.isFinite(d) && d > 0)
      .sort((a, b) => a - b);
    const spacing = nearest[Math.floor(nearest.length / 2)] ?? 10;
    const r = spacing * 0.4;
    const pad = spacing * 2;
    // The stage is drawn only when it lies near the seats (a far focal point would shrink the seats to dust).
    const stage = map.focal.x >= minX - pad * 4 && map.focal.x <= maxX + pad * 4 && map.focal.y >= minY - pad * 4 && map.focal.y <= maxY + pad * 4;
    const [x0, x1, y0, y1] = stage ? [Math.min(minX, map.focal.x), Math.max(maxX, map.focal.x), Math.min(minY, map.focal.y), Math.max(maxY, map.focal.y)] : [minX, maxX, minY, maxY];
    const stageW = Math.max(geometrySpan(minX, maxX) * 0.18, spacing * 8);
    return { seats, r, stage, stageW, viewBox: `${x0 - pad} ${y0 - pad} ${x1 - x0 + 2 * pad} ${y1 - y0 + 2 * pad}`, spacing };
  }, [map]);
  const colorOf = Object.fromEntries(map.categories.map((c) => [c.key, c.color]));
  const counts = countStatuses(state);
  return (
    <div className="seat-preview">
      <svg viewBox={geometry.viewBox} role="img" aria-label={`Seat map: ${counts.available} available, ${counts.held} held, ${counts.sold} sold, ${counts.checked_in} checked in, ${counts.blocked} blocked`}>
        <g aria-hidden="true">
          {geometry.stage && (
            <>
          <rect x={map.focal.x - geometry.stageW / 2} y={map.focal.y - geometry.stageW / 8} width={geometry.stageW} height={geometry.stageW / 4} fill="#e5e7eb" rx={geometry.stageW / 20} />
          <text x={map.focal.x} y={map.focal.y + geometry.stageW / 20} textAnchor="middle" fontSize={geometry.stageW / 7} fill="#374151">
            Stage
          </text>
            </>
          )}
          {geometry.seats.map((s) => {
            const st = state.status[s.id] ?? 'available';
            return (
              <circle key={s.id} cx={s.x} cy={s.y} r={geometry.r} fill={st === 'available' ? (colorOf[s.category] ?? '#9ca3af') : STATUS_COLOR[st]}>
                <title>
                  {s.id}: {STATUS_NAME[st]}
                </title>
              </circle>
            );
          })}
        </g>
      </svg>
    </div>
  );
}

function geometrySpan(min: number, max: number): number {
  return Math.max(0, max - min);
}
