/**
 * What the seat map shows, derived from the model and the buyer's state: which categories are sold online, the
 * buyer's picks and held seats as marks, the draw batches, how many seats are left, and each seat's description for
 * screen readers. `tick` changes whenever live statuses changed (the model is mutated in place).
 */
import { useCallback, useMemo } from 'react';
import type { Schemas } from '../api/client';
import { priceForCategory, sellableCategories, type Hold, type SeatPick } from './cart';
import { useI18n } from './I18n';
import { seatText } from './labels';
import { buildBatches, MARK_MINE, MARK_SELECTED } from './seatmap/batches';
import { AVAILABLE, FLAG_ACCESSIBLE, FLAG_RESTRICTED_VIEW, type SeatModel } from './seatmap/model';

type SeatViewInput = { model: SeatModel | null; event: Schemas['PublicEvent'] | null; picks: SeatPick[]; holds: Hold[]; tick: number };

export function useSeatView({ model, event, picks, holds, tick }: SeatViewInput) {
  const { t, money } = useI18n();
  const sellable = useMemo(() => (model && event ? sellableCategories(model.categories.map((c) => c.key), event.ticketTypes) : []), [model, event]);
  const pickedIdx = useMemo(() => new Set(model ? picks.map((p) => model.index.get(p.seatId)).filter((i): i is number => i !== undefined) : []), [model, picks]);
  const mineIdx = useMemo(
    () => new Set(model ? holds.flatMap((h) => (h.status === 'active' ? h.seats : [])).map((id) => model.index.get(id)).filter((i): i is number => i !== undefined) : []),
    [model, holds],
  );
  const marks = useMemo(() => {
    const a = new Uint8Array(model?.count ?? 0);
    for (const i of pickedIdx) a[i] = MARK_SELECTED;
    for (const i of mineIdx) a[i] = MARK_MINE;
    return a;
  }, [model, pickedIdx, mineIdx]);
  const batches = useMemo(() => (model ? buildBatches(model, marks, sellable) : []), [model, marks, sellable, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  const availableSeats = useMemo(() => {
    if (!model) return 0;
    let n = 0;
    for (let i = 0; i < model.count; i++) if (model.status[i] === AVAILABLE && sellable[model.category[i]!]) n++;
    return n;
  }, [model, sellable, tick]); // eslint-disable-line react-hooks/exhaustive-deps

  const describe = useCallback(
    (i: number) => {
      if (!model || !event) return '';
      const cat = model.categories[model.category[i]!]!;
      const price = priceForCategory(event.ticketTypes, cat.key);
      const parts = [seatText(model.ids[i]!, t, model.sectionNames), cat.name];
      if (price) parts.push(money(price.minor, price.currency));
      if (model.flags[i]! & FLAG_ACCESSIBLE) parts.push(t.accessible);
      if (model.flags[i]! & FLAG_RESTRICTED_VIEW) parts.push(t.restrictedView);
      if (mineIdx.has(i)) parts.push(t.legendMine);
      else if (!price) parts.push(t.notSoldOnline);
      else if (model.status[i] !== AVAILABLE) parts.push(t.legendUnavailable);
      return parts.join(' · ');
    },
    // `tick`: the status part changes live.
    [model, event, t, money, mineIdx, tick], // eslint-disable-line react-hooks/exhaustive-deps
  );

  return { sellable, pickedIdx, mineIdx, batches, availableSeats, describe };
}
