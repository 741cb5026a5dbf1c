/**
 * The unsubscribe link of a scheduled report's email: `/api/v1/public/report-schedules/{id}/unsubscribe?signature=…`,
 * the signature an HMAC-SHA256 over the schedule id under FILES_SIGNING_SECRET (a purpose prefix keeps it apart from
 * the export download links signed with the same secret). It never expires: an old email's link still works.
 */
import { timingSafeEqual } from '../../platform/crypto';
import { base64url, fromBase64url } from '../../platform/ids';

const encoder = new TextEncoder();

async function sign(secret: string, scheduleId: string): Promise<Uint8Array> {
  if (!secret || secret.length < 32) throw new Error('FILES_SIGNING_SECRET must be set (at least 32 characters).');
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`report-unsubscribe:${scheduleId}`)));
}

export async function unsubscribeUrl(env: { APP_URL: string; FILES_SIGNING_SECRET: string }, scheduleId: string): Promise<string> {
  const url = new URL(`/api/v1/public/report-schedules/${encodeURIComponent(scheduleId)}/unsubscribe`, env.APP_URL);
  url.searchParams.set('signature', base64url(await sign(env.FILES_SIGNING_SECRET, scheduleId)));
  return url.toString();
}

/** Checked in constant time. */
export async function validUnsubscribeSignature(secret: string, scheduleId: string, signature: string | undefined): Promise<boolean> {
  if (!signature || !/^[A-Za-z0-9_-]{1,128}$/.test(signature)) return false;
  let given: Uint8Array;
  try {
    given = fromBase64url(signature);
  } catch {
    return false;
  }
  return timingSafeEqual(given, await sign(secret, scheduleId));
}
