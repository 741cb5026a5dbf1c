/**
 * The event lifecycle as the console shows it: the moves src/domains/events/transitions.ts allows from each
 * status, each with the button that makes it and whether it needs a confirmation.
 */
import { TRANSITIONS as SERVER_TRANSITIONS } from '../../../../../src/domains/events/transitions';
import type { Schemas } from '../../../api/client';

export type EventStatus = Schemas['Event']['status'];
export type TargetStatus = Exclude<EventStatus, 'draft'>;

/** The server's own table (the API refuses any other move). */
export const TRANSITIONS = SERVER_TRANSITIONS as Record<EventStatus, readonly TargetStatus[]>;

export const STATUS_LABEL: Record<EventStatus, string> = {
  draft: 'Draft',
  published: 'Published',
  on_sale: 'On sale',
  sales_closed: 'Sales closed',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const STATUS_BADGE: Record<EventStatus, string> = {
  draft: '',
  published: 'warn',
  on_sale: 'ok',
  sales_closed: 'warn',
  completed: '',
  cancelled: 'bad',
};

export type Move = {
  to: TargetStatus;
  label: string;
  /** What happens, shown beside the button. */
  explain: string;
  /** Asks "are you sure?" first: it cannot be undone, or it stops sales. */
  confirm: string | null;
  danger: boolean;
};

/** The buttons for an event in `status`, in the order they are shown. */
export function movesFrom(status: EventStatus): Move[] {
  return TRANSITIONS[status].map((to) => moveTo(status, to));
}

function moveTo(from: EventStatus, to: TargetStatus): Move {
  switch (to) {
    case 'published':
      return { to, label: 'Publish', explain: 'Freezes the seating layout into the event and shows the event page; tickets are not on sale yet.', confirm: null, danger: false };
    case 'on_sale':
      return from === 'sales_closed'
        ? { to, label: 'Reopen sales', explain: 'Buyers can hold and buy tickets again.', confirm: null, danger: false }
        : { to, label: 'Put on sale', explain: 'Buyers can hold and buy tickets (within the sale window).', confirm: null, danger: false };
    case 'sales_closed':
      return { to, label: 'Close sales', explain: 'No new holds or orders; sold tickets stay valid.', confirm: 'Close sales now? Buyers will not be able to buy tickets until you reopen sales.', danger: false };
    case 'completed':
      return { to, label: 'Mark completed', explain: 'The event is over. This cannot be undone.', confirm: 'Mark this event completed? This cannot be undone.', danger: false };
    case 'cancelled':
      return {
        to,
        label: 'Cancel event',
        explain: 'Stops sales for good and emails every ticket holder. Refunds are made from Orders.',
        confirm: 'Cancel this event? Every buyer is emailed and the event can never go on sale again.',
        danger: true,
      };
  }
}
