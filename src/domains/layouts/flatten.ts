/** Turns a layout document into the flat seat and GA lists an event's inventory is built from at publish. */
import type { GaAreaSpec, SeatSpec } from '../../../durable-objects/inventory/types';
import type { LayoutDocument } from './document';

export type FlatLayout = { seats: SeatSpec[]; gaAreas: GaAreaSpec[]; focal: { x: number; y: number } };

/** Seat ids are `section:row:seat`; `position` is the seat's index in its row, since rows are listed left to right. */
export function flattenLayout(doc: LayoutDocument): FlatLayout {
  const seats: SeatSpec[] = [];
  for (const section of doc.sections) {
    for (const row of section.rows) {
      row.seats.forEach((seat, position) => {
        seats.push({
          id: `${section.key}:${row.label}:${seat.label}`,
          section: section.key,
          row: row.label,
          label: seat.label,
          position,
          x: seat.x,
          y: seat.y,
          category: seat.category,
          accessible: seat.accessible ?? false,
          restrictedView: seat.restrictedView ?? false,
          notForSale: seat.notForSale ?? false,
        });
      });
    }
  }
  return {
    seats,
    gaAreas: doc.gaAreas.map(({ key, name, capacity }) => ({ key, name, capacity })),
    focal: { x: doc.focal.x, y: doc.focal.y },
  };
}
