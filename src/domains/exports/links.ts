/**
 * Expiring download links: `/api/v1/files/exports/{exportId}?expires=<unix seconds>&signature=<base64url>`,
 * the signature an HMAC-SHA256 over the export id and the expiry under FILES_SIGNING_SECRET. Whoever has
 * the link may download until it expires (15 minutes), never after the file itself expires.
 */
import { timingSafeEqual } from '../../platform/crypto';
import { base64url, fromBase64url } from '../../platform/ids';

export const LINK_TTL_SECONDS = 15 * 60;
export const DOWNLOAD_PATH = '/api/v1/files/exports';

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (!secret || secret.length < 32) throw new Error('FILES_SIGNING_SECRET must be set (at least 32 characters).');
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA256 of `message` under FILES_SIGNING_SECRET (a purpose prefix in the message keeps each kind of link apart). */
export async function filesSignature(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message)));
}

/** A base64url signature from a link, checked in constant time against filesSignature(secret, message). */
export async function validFilesSignature(secret: string, message: string, signature: string | undefined): Promise<boolean> {
  if (!signature || !/^[A-Za-z0-9_-]{1,128}$/.test(signature)) return false;
  let given: Uint8Array;
  try {
    given = fromBase64url(signature);
  } catch {
    return false;
  }
  return timingSafeEqual(given, await filesSignature(secret, message));
}

const sign = (secret: string, exportId: string, expires: number) => filesSignature(secret, `export:${exportId}:${expires}`);

/** A link valid for LINK_TTL_SECONDS, or until `notAfter` (the file's own expiry) when that is sooner. */
export async function downloadLink(env: { APP_URL: string; FILES_SIGNING_SECRET: string }, exportId: string, now: Date, notAfter?: Date | null) {
  let expires = Math.floor(now.getTime() / 1000) + LINK_TTL_SECONDS;
  if (notAfter) expires = Math.min(expires, Math.floor(notAfter.getTime() / 1000));
  const signature = base64url(await sign(env.FILES_SIGNING_SECRET, exportId, expires));
  const url = new URL(`${DOWNLOAD_PATH}/${encodeURIComponent(exportId)}`, env.APP_URL);
  url.searchParams.set('expires', String(expires));
  url.searchParams.set('signature', signature);
  return { url: url.toString(), expiresAt: new Date(expires * 1000) };
}

export type LinkVerdict = 'ok' | 'bad_signature' | 'expired';

/** The signature is checked in constant time before the expiry, so a forged link learns nothing from timing. */
export async function verifyDownloadLink(secret: string, exportId: string, expires: string | undefined, signature: string | undefined, now: Date): Promise<LinkVerdict> {
  if (!expires || !/^\d{1,12}$/.test(expires)) return 'bad_signature';
  if (!(await validFilesSignature(secret, `export:${exportId}:${Number(expires)}`, signature))) return 'bad_signature';
  return Number(expires) * 1000 <= now.getTime() ? 'expired' : 'ok';
}
