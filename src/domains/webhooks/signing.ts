/**
 * Webhook signing secrets and signatures, per the Standard Webhooks spec (https://www.standardwebhooks.com):
 * a secret is `whsec_` + base64 of 24 random bytes; a signature is `v1,` + base64 HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}`, keyed with the base64-decoded bytes after `whsec_`.
 *
 * At rest a secret is encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from
 * WEBHOOK_SECRET_KEY and the endpoint id, the (organization, endpoint) pair bound in as associated
 * data: the same approach as the per-event ticket keys (src/domains/tickets/keys.ts).
 */
import { randomBytes } from '../../platform/ids';
import { memo, sealer } from '../../platform/sealed';

export type WebhookSecretEnv = { WEBHOOK_SECRET_KEY: string };
type EndpointIds = { organizationId: string; endpointId: string };

export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 24;
const MIN_KEY_LENGTH = 32;
const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
};
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A fresh signing secret, `whsec_<base64 of 24 random bytes>`. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${toBase64(randomBytes(SECRET_BYTES))}`;
}

function masterKeyOf(env: WebhookSecretEnv): string {
  const key = env.WEBHOOK_SECRET_KEY;
  if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH) {
    throw new Error(`WEBHOOK_SECRET_KEY must be set to at least ${MIN_KEY_LENGTH} characters (see docs/webhooks.md)`);
  }
  return key;
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();
const wrapped = sealer('voelgoed-events/webhook-secret/v1');
const associatedData = (ids: EndpointIds) => `${ids.organizationId}/${ids.endpointId}`;

/** base64url(iv ‖ AES-256-GCM(secret)) under HKDF(WEBHOOK_SECRET_KEY, salt = endpoint id), with a fresh random IV. */
export async function encryptWebhookSecret(env: WebhookSecretEnv, ids: EndpointIds, secret: string): Promise<string> {
  return wrapped.seal(masterKeyOf(env), ids.endpointId, associatedData(ids), encoder.encode(secret));
}

/** The `whsec_…` secret back; throws when the key, organization or endpoint don't match. */
export async function decryptWebhookSecret(env: WebhookSecretEnv, ids: EndpointIds, stored: string): Promise<string> {
  return new TextDecoder().decode(await wrapped.open(masterKeyOf(env), ids.endpointId, associatedData(ids), stored));
}

/** The HMAC key of a secret: the base64-decoded bytes after `whsec_`. */
function hmacKey(secret: string): Promise<CryptoKey> {
  return memo(hmacKeys, secret, async () => {
    if (!secret.startsWith(SECRET_PREFIX)) throw new Error('A webhook secret starts with whsec_');
    return crypto.subtle.importKey('raw', fromBase64(secret.slice(SECRET_PREFIX.length)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  });
}

/** `v1,<base64 signature>` of one message under one secret. */
export async function signWebhook(secret: string, msgId: string, timestampSeconds: number, body: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${msgId}.${timestampSeconds}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}

/** The `webhook-signature` header: one signature per secret, space-separated (the current one first). */
export async function signatureHeader(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): Promise<string> {
  return (await Promise.all(secrets.map((s) => signWebhook(s, msgId, timestampSeconds, body)))).join(' ');
}
