/**
 * The live channel's settings (wrangler.toml vars; docs/inventory.md, "Live channel: relays and versions"), read with
 * safe defaults: a missing or out-of-range value falls back to its default (the production check refuses those:
 * src/platform/config.ts). Also the internal headers the Worker sets on the upgrade it forwards to a relay, and the
 * relay's name, which carries the organization so no relay can serve two tenants.
 */
import type { LiveAudience } from '../../src/shared/live-protocol';

export type LiveConfig = {
  /** Public relays per event (organizer and gate have one each). */
  relays: number;
  /** Relays per event for waiting buyers' queue-only sockets (`?only=queue`): a pool of their own. */
  queueRelays: number;
  /** Sockets one relay holds at most (per-event public capacity = relays × this). */
  socketsPerRelay: number;
  /** Sockets one client (a hash of its IP) may hold on one relay. */
  perClient: number;
  /** How long the inventory collects changes before it publishes one delta per channel. */
  coalesceMs: number;
  /** Deltas kept per channel for resuming. */
  deltaWindow: number;
};

/** name → [default, min, max]: integers only. */
export const LIVE_SETTINGS = {
  LIVE_RELAYS: [4, 1, 64],
  /** Relays for the waiting room's queue-only sockets, apart from the seat map's (queue capacity = this × sockets per relay). */
  LIVE_QUEUE_RELAYS: [4, 1, 64],
  LIVE_SOCKETS_PER_RELAY: [2500, 1, 32_000],
  LIVE_MAX_SOCKETS_PER_CLIENT: [10, 1, 1_000],
  LIVE_COALESCE_MS: [10, 0, 1_000],
  LIVE_DELTA_WINDOW: [2048, 16, 100_000],
  /** How long a Worker isolate trusts its idea of the public seat map's version (src/domains/events/seat-map-snapshot.ts). */
  LIVE_SNAPSHOT_POINTER_MS: [1000, 0, 60_000],
} as const satisfies Record<string, readonly [number, number, number]>;

type LiveVars = Partial<Record<keyof typeof LIVE_SETTINGS, string>>;

/** The value, or why it is not acceptable (for the configuration check). */
export function liveSetting(name: keyof typeof LIVE_SETTINGS, raw: unknown): { value: number; problem?: string } {
  const [fallback, min, max] = LIVE_SETTINGS[name];
  if (raw === undefined || raw === '') return { value: fallback };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) return { value: fallback, problem: `must be an integer from ${min} to ${max}` };
  return { value: n };
}

export function liveConfig(env: LiveVars): LiveConfig {
  const get = (name: keyof typeof LIVE_SETTINGS) => liveSetting(name, env[name]).value;
  return {
    relays: get('LIVE_RELAYS'),
    queueRelays: get('LIVE_QUEUE_RELAYS'),
    socketsPerRelay: get('LIVE_SOCKETS_PER_RELAY'),
    perClient: get('LIVE_MAX_SOCKETS_PER_CLIENT'),
    coalesceMs: get('LIVE_COALESCE_MS'),
    deltaWindow: get('LIVE_DELTA_WINDOW'),
  };
}

/**
 * A pool of relays: one per channel, and `queue` — the public channel's waiting buyers (`?only=queue`), held apart so a
 * crowd in the waiting room never takes the seat map's sockets (and the room announces only to them).
 */
export type RelayPool = LiveAudience | 'queue';

/** Relays per pool: the public channel has `relays`, the queue pool `queueRelays`, organizer and gate one each. */
export const relayCount = (config: Pick<LiveConfig, 'relays' | 'queueRelays'>, pool: RelayPool) => (pool === 'public' ? config.relays : pool === 'queue' ? config.queueRelays : 1);

/** Highest relay index the inventory accepts a subscription from (a relay count lowered later still unsubscribes). */
export const MAX_RELAY_INDEX = 63;

/** `${orgId}:${eventId}:${pool}:${index}`: the relay's Durable Object name. */
export const relayName = (organizationId: string, eventId: string, pool: RelayPool, index: number) => `${organizationId}:${eventId}:${pool}:${index}`;

/** Headers on the Worker → relay upgrade (the Worker builds that request itself: a client can't set them). */
export const LIVE_HEADERS = {
  org: 'X-Live-Org',
  event: 'X-Live-Event',
  channel: 'X-Live-Channel',
  index: 'X-Live-Index',
  client: 'X-Live-Client',
  since: 'X-Live-Since',
  /** `queue`: a waiting buyer's socket, which gets only the waiting room's `queue` messages (no seat deltas). */
  only: 'X-Live-Only',
  /** On a relay's 503: `relay` (this relay is full: try another) or `client` (this client's cap: don't). */
  full: 'X-Live-Full',
} as const;
