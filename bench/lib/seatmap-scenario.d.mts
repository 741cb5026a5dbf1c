/** Types for seatmap-scenario.mjs (tsconfig.node.json does not check JavaScript). */
import type { Page } from 'playwright-core';

/** A generated layout's shape: sections × rows per section × seats per row. */
export type LayoutSize = { sections: number; rowsPerSection: number; seatsPerRow: number };
export const STADIUM: LayoutSize;
export const HALL: LayoutSize;

export type Organizer = { org: string; token: string };
export function signUpOrganizer(base: string, organizationName: string): Promise<Organizer>;

/** `seats`: the generated layout's seat count. */
export type SeatedEvent = { eventId: string; ticketTypeId: string; seats: number };
export function seatedEventOnSale(base: string, owner: Organizer, event: { name: string; venue: string } & LayoutSize): Promise<SeatedEvent>;

/**
 * ms after navigation: `data` (seat-map JSON parsed), `painted` (first full picture); `render`: ms from data to painted;
 * `seats`: how many the JSON held; `bytes`/`wire`: the seat-map response decoded / as transferred (0 if not in the timeline).
 */
export type SeatMapTiming = { data: number; seats: number; render: number; painted: number; bytes: number; wire: number };
export function seatMapTiming(page: Page, timeoutMs?: number): Promise<SeatMapTiming>;

/**
 * Counts (redraws, animation frames, moved-snapshot and full redraws) and ms: the p50/p99 frame time of the frames
 * that redrew the map, and the p50 draw time of a moved snapshot and of a full redraw of every seat (NaN when none).
 */
export type PanZoom = { redraws: number; frames: number; quickDraws: number; fullDraws: number; frameP50: number; frameP99: number; quickDraw: number; fullDraw: number };
export function panZoom(page: Page): Promise<PanZoom>;
