/**
 * Opening the live channel (GET /api/v1/events/{eventId}/live): checks the upgrade, its Origin and the optional
 * channel ticket, then forwards a request it builds itself to one of the event's LiveRelay objects
 * (durable-objects/live-relay.ts), naming the organization, event, channel (public, organizer or gate), relay index,
 * the client (a hash of its IP) and `since`. Buyers' relay = hash(client) mod LIVE_RELAYS, so a client's sockets land
 * together (the per-client cap is per relay); a relay that is full (503 live_channel_full) sends the upgrade on to the
 * next index, and when every one is full the last 503 + Retry-After is the answer. A relay that is overloaded or
 * unreachable (the platform's failure, src/platform/transient-errors.ts) or that has not answered within
 * RELAY_ANSWER_MS is skipped the same way; when none answers, 503 live_unavailable + Retry-After (never
 * inventory_unavailable or a 500: the inventory may be fine). A bug in the relay (its own exception) stays a bug.
 * docs/inventory.md.
 */
import type { Env } from '../../env';
import { AppError, ForbiddenError } from '../../platform/errors';
import { sha256Hex } from '../../platform/crypto';
import { isDurableObjectFailure } from '../../platform/transient-errors';
import type { LiveAudience } from '../../shared/live-protocol';
import { LIVE_HEADERS, liveConfig, relayCount, relayName, type RelayPool } from '../../../durable-objects/relay/config';
import type { EventRow } from './events';
import { redeemLiveTicket } from './live-ticket';

/**
 * Browsers always send Origin on a WebSocket upgrade: only the app's own origin (APP_URL) may open the channel, so
 * another site can't ride a visitor's browser into it. Non-browser clients send none, which is fine: what they get
 * is decided by the ticket, not by cookies.
 */
export function checkOrigin(env: Pick<Env, 'APP_URL'>, origin: string | undefined) {
  if (origin === undefined) return;
  let allowed: string;
  try {
    allowed = new URL(env.APP_URL).origin;
  } catch {
    allowed = '';
  }
  if (origin !== allowed) throw new ForbiddenError('This origin may not open the live channel.', 'origin_not_allowed');
}

/** The relay for this organization, event, pool and index (the name carries the organization: no cross-tenant relay). */
export function liveRelay(env: Env, organizationId: string, eventId: string, pool: RelayPool, index: number) {
  return env.LIVE_RELAY.get(env.LIVE_RELAY.idFromName(relayName(organizationId, eventId, pool, index)));
}

/** How long all the relays of one upgrade together may take to answer (a relay that hangs must not hang the client). */
export const RELAY_ANSWER_MS = 3_000;
const NO_ANSWER = new Error('live relay did not answer in time');

export async function openLiveChannel(input: {
  env: Env;
  event: EventRow;
  upgrade: string | undefined;
  origin: string | undefined;
  ticket: string | undefined;
  ip: string | null;
  since?: number;
  /** `queue`: a waiting buyer's public socket, which gets the waiting room's messages only. */
  only?: 'queue';
}) {
  const { env, event } = input;
  if (input.upgrade?.toLowerCase() !== 'websocket') {
    throw new AppError(426, 'upgrade_required', 'Upgrade required', 'Open this URL as a WebSocket.', undefined, { Upgrade: 'websocket' });
  }
  checkOrigin(env, input.origin);
  const channel: LiveAudience = input.ticket === undefined ? 'public' : await redeemLiveTicket(env, input.ticket, event);
  const client = (await sha256Hex(`live\u0000${input.ip ?? 'unknown'}`)).slice(0, 32);
  // A waiting buyer's queue-only socket goes to the queue pool (relays of its own); everything else to its channel's.
  const pool: RelayPool = input.only === 'queue' && channel === 'public' ? 'queue' : channel;
  const count = relayCount(liveConfig(env), pool);
  const home = parseInt(client.slice(0, 8), 16) % count;
  let answer: Response | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(NO_ANSWER), RELAY_ANSWER_MS);
  });
  late.catch(() => {});
  try {
    for (let i = 0; i < count; i++) {
      const index = (home + i) % count;
      const headers: Record<string, string> = {
        Upgrade: 'websocket',
        [LIVE_HEADERS.org]: event.organizationId,
        [LIVE_HEADERS.event]: event.id,
        [LIVE_HEADERS.channel]: channel,
        [LIVE_HEADERS.index]: String(index),
        [LIVE_HEADERS.client]: client,
      };
      if (input.since !== undefined) headers[LIVE_HEADERS.since] = String(input.since);
      if (input.only === 'queue' && channel === 'public') headers[LIVE_HEADERS.only] = 'queue';
      try {
        const call = liveRelay(env, event.organizationId, event.id, pool, index).fetch(new Request('https://relay.internal/live', { headers }));
        answer = (await Promise.race([call, late])) as unknown as Response;
      } catch (error) {
        // An overloaded, unreachable or silent relay: the next one may take the client; if none answers, 503 below.
        if (error !== NO_ANSWER && !isDurableObjectFailure(error, true)) throw error;
        console.warn(JSON.stringify({ level: 'warn', msg: 'live relay unavailable', index, error: String(error) }));
        continue;
      }
      // Only a full relay sends the client on; its own per-client cap or anything else is the answer.
      if (answer.status !== 503 || answer.headers.get(LIVE_HEADERS.full) !== 'relay') break;
    }
  } finally {
    clearTimeout(timer);
  }
  if (!answer) throw new AppError(503, 'live_unavailable', 'Service unavailable', 'Live updates are not available right now; try again shortly.', undefined, { 'Retry-After': '5' });
  if (answer.status === 101) return answer;
  const headers = new Headers(answer.headers);
  headers.delete(LIVE_HEADERS.full);
  return new Response(answer.body, { status: answer.status, headers });
}
