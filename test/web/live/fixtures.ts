/** Live dashboard counts for tests: an empty 100-place event, with `over` on top. */
import type { LiveCounts } from '../../../web/src/admin/live/state';

export const counts = (over: Partial<LiveCounts> = {}): LiveCounts => ({
  capacity: 100,
  held: 0,
  sold: 0,
  checkedIn: 0,
  inside: 0,
  gates: {},
  checkInsPerMinute: [],
  ticketTypes: {},
  areas: {},
  ...over,
});
