/** How a seat is named to the buyer, from its id (`section:row:seat`). */
import { parseSeatId } from './seatmap/model';

type SeatWords = { seatShort: (row: string, seat: string) => string; sectionSeat: (section: string, row: string, seat: string) => string };

/** "Stalls · Row A, seat 3" (or "Row A, seat 3" when the id has no section). */
export function seatText(seatId: string, t: SeatWords): string {
  const p = parseSeatId(seatId);
  return p.section ? t.sectionSeat(p.section, p.row, p.seat) : t.seatShort(p.row, p.seat);
}
