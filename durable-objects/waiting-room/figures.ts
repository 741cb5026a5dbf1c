/** The console's figures from the room's own records (queue.ts): the sale rate and when the sale sells out at it. */
import { MIN_LEARNT_SESSIONS, type ShopperHistory } from './tick';
import type { RoomCursor, RoomFigures, AdmissionControl } from './types';

/** Sales need this much history before a rate is shown (a single tick's jump says little). */
const MIN_SPAN_MS = 5_000;

/** Places sold per minute over the kept samples ([at, sold], oldest first); null while they span under 5 s. */
export function salesPerMinute(samples: readonly [number, number][]): number | null {
  if (samples.length < 2) return null;
  const [firstAt, firstSold] = samples[0]!;
  const [lastAt, lastSold] = samples[samples.length - 1]!;
  const span = lastAt - firstAt;
  if (span < MIN_SPAN_MS) return null;
  return (Math.max(0, lastSold - firstSold) * 60_000) / span;
}

export function soldOutEtaSeconds(seatsLeft: number | null, perMinute: number | null): number | null {
  if (seatsLeft === null) return null;
  if (seatsLeft === 0) return 0;
  return perMinute && perMinute > 0 ? Math.ceil((seatsLeft / perMinute) * 60) : null;
}

export function roomFigures(input: {
  cursor: RoomCursor;
  admission: AdmissionControl;
  active: number;
  paid: number;
  admittedLastMinute: number;
  sales: readonly [number, number][];
  seatsLeft: number | null;
  history?: ShopperHistory;
}): RoomFigures {
  const perMinute = salesPerMinute(input.sales);
  const h = input.history;
  return {
    ...input.cursor,
    admission: input.admission,
    active: input.active,
    paid: input.paid,
    admittedLastMinute: input.admittedLastMinute,
    salesPerMinute: perMinute === null ? null : Math.round(perMinute * 10) / 10,
    soldOutEtaSeconds: soldOutEtaSeconds(input.seatsLeft, perMinute),
    seatsLeft: input.seatsLeft,
    completionRate: h && h.ended >= MIN_LEARNT_SESSIONS ? Math.round((h.paid / h.ended) * 100) / 100 : null,
    seatsPerShopper: h && h.paid >= MIN_LEARNT_SESSIONS ? Math.round((h.seatsBought / h.paid) * 10) / 10 : null,
  };
}
