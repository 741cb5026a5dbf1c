/**
 * The buyer's order link token: HMAC-SHA256 of the order id under a server secret (base64url), so
 * the link can be written into emails sent long after checkout while D1 stores only its SHA-256
 * (looked up like any access token). Unguessable without the secret; rotating JWT_SECRET changes
 * every order link (old links then answer 404), so it is derived under its own label.
 */
import { base64url } from '../../platform/ids';

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string) {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(`voelgoed/order-link/v1:${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

export async function orderAccessToken(env: { JWT_SECRET: string }, orderId: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await keyFor(env.JWT_SECRET), encoder.encode(orderId));
  return base64url(new Uint8Array(mac));
}

export async function orderUrl(env: { JWT_SECRET: string; APP_URL: string }, orderId: string): Promise<string> {
  return `${env.APP_URL}/orders/${await orderAccessToken(env, orderId)}`;
}
