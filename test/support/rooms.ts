/** A waiting room's configuration for tests of the room object and its tick: on, auto rate, sale in a minute. */
import type { RoomConfig } from '../../durable-objects/waiting-room/types';

export function roomConfig(over: Partial<RoomConfig> = {}): RoomConfig {
  return {
    organizationId: 'org_test',
    eventId: `evt_${crypto.randomUUID()}`,
    enabled: true,
    preQueueOpensAt: null,
    shuffleAtStart: true,
    ratePerMinute: null,
    maxActive: 100,
    sessionMinutes: 10,
    maxSeatsPerBuyer: 4,
    saleStartsAt: Date.now() + 60_000,
    ...over,
  };
}
