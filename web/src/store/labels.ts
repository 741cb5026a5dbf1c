/** How a seat is named to the buyer, from its id (`section:row:seat`) and, when known, its section's display name. */
import { parseSeatId } from './seatmap/model';

type SeatWords = { seatShort: (row: string, seat: string) => string; sectionSeat: (section: string, row: string, seat: string) => string };

/**
 * "Main Stand North · Row A, seat 3" with the section's name from the seat map, "Section 1 · Row A, seat 3" from a
 * short key alone, or "Row A, seat 3" when the id has no section.
 */
export function seatText(seatId: string, t: SeatWords, sectionNames?: ReadonlyMap<string, string>): string {
  const p = parseSeatId(seatId);
  if (!p.section) return t.seatShort(p.row, p.seat);
  const name = sectionNames?.get(p.section);
  return name && name !== p.section ? `${name} · ${t.seatShort(p.row, p.seat)}` : t.sectionSeat(p.section, p.row, p.seat);
}
