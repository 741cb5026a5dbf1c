/**
 * The funnel's steps: the canonical order of the buyer journey, the side steps counted beside it, each kind's column
 * in visitor_journeys, and which earlier steps a kind's "time from the previous step" is measured from.
 */
import { JOURNEY_KINDS, type JourneyKind } from '../analytics/schemas';

/** The canonical funnel, in order (the event funnel's steps). */
export const CANONICAL_STEPS = ['page_view', 'seat_map_opened', 'ticket_selected', 'hold_made', 'checkout_started', 'payment_started', 'order_completed'] as const satisfies readonly JourneyKind[];

/** Counted beside the funnel, each timed from the step it follows. */
export const SIDE_STEPS = {
  hold_expired: ['hold_made'],
  payment_failed: ['payment_started'],
  waiting_room_joined: ['page_view'],
  waiting_room_admitted: ['waiting_room_joined'],
} as const satisfies Record<Exclude<JourneyKind, (typeof CANONICAL_STEPS)[number]>, readonly JourneyKind[]>;

/** The visitor_journeys column holding a kind's first time (constants: safe to splice into SQL). */
export const KIND_COLUMN = Object.fromEntries(JOURNEY_KINDS.map((k) => [k, `${k}_at`])) as Record<JourneyKind, string>;

/**
 * The steps a kind's gap is measured from: for a canonical step every earlier canonical step (the latest of them the
 * visitor took at or before it, so a general-admission buyer who never opens a seat map is timed from the page view);
 * for a side step the one it follows.
 */
export function previousKinds(kind: JourneyKind): readonly JourneyKind[] {
  const i = (CANONICAL_STEPS as readonly string[]).indexOf(kind);
  if (i >= 0) return CANONICAL_STEPS.slice(0, i);
  return SIDE_STEPS[kind as keyof typeof SIDE_STEPS];
}
