/** Shapes shared by the EventInventory Durable Object, its helpers and the Worker code that calls it. */

/** One seat as the inventory knows it, copied from the layout snapshot at publish. */
export type SeatSpec = {
  /** `${sectionKey}:${rowLabel}:${seatLabel}` — unique within the event, stable for its life. */
  id: string;
  section: string;
  row: string;
  label: string;
  /** Order of the seat within its row (0, 1, 2, …), left to right as drawn. */
  position: number;
  x: number;
  y: number;
  category: string;
  accessible: boolean;
  restrictedView: boolean;
  notForSale: boolean;
};

export type GaAreaSpec = { key: string; name: string; capacity: number };

export type TicketTypeSpec = {
  id: string;
  kind: 'seated' | 'ga';
  name: string;
  /** Seated: the categories it sells. */
  categories: string[];
  /** GA: the area whose capacity it shares, if any. */
  gaAreaKey: string | null;
  /** Its own cap, if any (GA without an area always has one). */
  capacity: number | null;
  minPerOrder: number;
  maxPerOrder: number;
  /** Epoch ms; null = open. */
  saleStartsAt: number | null;
  saleEndsAt: number | null;
  visible: boolean;
  /** Gates that admit it; empty = every gate. */
  gateIds: string[];
};

/** What best-available chooses from: the rows of the requested categories, seats in `position` order. */
export type SelectableRow = {
  section: string;
  row: string;
  seats: SelectableSeat[];
  /** The row's bounding box (seats never move): lets best-available skip rows that cannot beat its best block. */
  box?: { minX: number; maxX: number; minY: number; maxY: number };
};

export type SelectableSeat = {
  id: string;
  position: number;
  x: number;
  y: number;
  category: string;
  accessible: boolean;
  /** Free to hold right now (available, for sale). */
  free: boolean;
};

export type BestAvailableRequest = {
  quantity: number;
  /** Allowed categories (from the ticket type, narrowed by the buyer's choice). */
  categories: string[];
  /** true: only accessible seats; false: only non-accessible seats. */
  accessible: boolean;
  focal: { x: number; y: number };
};
