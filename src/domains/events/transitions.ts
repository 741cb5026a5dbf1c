/** Which status an event may move to from each status: the one table the API enforces and the admin console shows. */
import type { EventStatus } from '../../db/schema/events';

export const TRANSITIONS: Record<EventStatus, readonly EventStatus[]> = {
  draft: ['published', 'cancelled'],
  published: ['on_sale', 'cancelled'],
  on_sale: ['sales_closed', 'cancelled'],
  sales_closed: ['on_sale', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};
