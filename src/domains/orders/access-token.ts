/**
 * The buyer's order link: `APP_URL/orders/{token}`, where the token is 256 random bits (base64url). D1 looks an
 * order up by the token's SHA-256 (`orders.access_token_hash`); the only other copy is sealed (AES-256-GCM under a
 * key derived from TICKET_KEY_SECRET, bound to the order id, `orders.access_token_sealed`), opened only to write
 * the link into the buyer's emails. The token never appears in a log, an idempotency record or an organizer's view.
 * Rotating (POST /orgs/{orgId}/orders/{orderId}/rotate-link) mints a new token and the old link answers 404.
 *
 * Orders created before random links (no sealed copy) keep their old link, HMAC-SHA256 of the order id under
 * JWT_SECRET, until an organizer rotates it.
 */
import { sha256Hex } from '../../platform/crypto';
import { base64url, randomToken } from '../../platform/ids';
import { sealer } from '../../platform/sealed';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const sealed = sealer('voelgoed-events/order-link/v2');

type LinkEnv = { TICKET_KEY_SECRET: string; JWT_SECRET: string; APP_URL: string };
export type OrderLink = { token: string; hash: string; sealed: string };

/** A fresh link for `orderId`: the token (for the buyer, once), its hash and its sealed copy (for the order row). */
export async function mintOrderLink(env: Pick<LinkEnv, 'TICKET_KEY_SECRET'>, orderId: string): Promise<OrderLink> {
  const token = randomToken(32);
  return { token, hash: await sha256Hex(token), sealed: await sealed.seal(env.TICKET_KEY_SECRET, orderId, `order-link:${orderId}`, encoder.encode(token)) };
}

/** The current token of an order, for the emails sent to its buyer. */
export async function orderLinkToken(env: LinkEnv, order: { id: string; accessTokenSealed: string | null }): Promise<string> {
  if (order.accessTokenSealed) return decoder.decode(await sealed.open(env.TICKET_KEY_SECRET, order.id, `order-link:${order.id}`, order.accessTokenSealed));
  return legacyOrderToken(env, order.id);
}

export async function orderUrl(env: LinkEnv, order: { id: string; accessTokenSealed: string | null }): Promise<string> {
  return `${env.APP_URL}/orders/${await orderLinkToken(env, order)}`;
}

const legacyKeys = new Map<string, Promise<CryptoKey>>();

async function legacyOrderToken(env: Pick<LinkEnv, 'JWT_SECRET'>, orderId: string): Promise<string> {
  let key = legacyKeys.get(env.JWT_SECRET);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(`voelgoed/order-link/v1:${env.JWT_SECRET}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    legacyKeys.set(env.JWT_SECRET, key);
  }
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(orderId))));
}
