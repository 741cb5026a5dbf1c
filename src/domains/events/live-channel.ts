/**
 * Opening the live channel (GET /api/v1/events/{eventId}/live): checks the upgrade, its Origin and the optional
 * channel ticket, then hands a request it builds itself to the event's inventory, naming the audience (public,
 * organizer or gate) and the client (a hash of its IP) for the per-client socket cap. The DO enforces the caps
 * (inventory/live-sockets.ts) and answers 503 + Retry-After before any upgrade.
 */
import type { Env } from '../../env';
import { AppError, ForbiddenError } from '../../platform/errors';
import { sha256Hex } from '../../platform/crypto';
import type { LiveAudience } from '../../shared/live-protocol';
import { LIVE_AUDIENCE_HEADER, LIVE_CLIENT_HEADER } from '../../../durable-objects/inventory/live-sockets';
import type { EventRow } from './events';
import { inventory } from './inventory-client';
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

export async function openLiveChannel(input: { env: Env; event: EventRow; upgrade: string | undefined; origin: string | undefined; ticket: string | undefined; ip: string | null }) {
  const { env, event } = input;
  if (input.upgrade?.toLowerCase() !== 'websocket') {
    throw new AppError(426, 'upgrade_required', 'Upgrade required', 'Open this URL as a WebSocket.', undefined, { Upgrade: 'websocket' });
  }
  checkOrigin(env, input.origin);
  const audience: LiveAudience = input.ticket === undefined ? 'public' : await redeemLiveTicket(env, input.ticket, event);
  const client = (await sha256Hex(`live\u0000${input.ip ?? 'unknown'}`)).slice(0, 32);
  const request = new Request('https://inventory.internal/live', { headers: { Upgrade: 'websocket', [LIVE_AUDIENCE_HEADER]: audience, [LIVE_CLIENT_HEADER]: client } });
  return inventory(env, event.organizationId, event.id).fetch(request) as unknown as Response;
}
