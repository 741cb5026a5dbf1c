/**
 * The unsubscribe link of a scheduled report's email: `/api/v1/public/report-schedules/{id}/unsubscribe?signature=…`,
 * signed like the export download links (src/domains/exports/links.ts: HMAC-SHA256 under FILES_SIGNING_SECRET) with
 * a purpose prefix of its own. It never expires: an old email's link still works.
 */
import { base64url } from '../../platform/ids';
import { filesSignature, validFilesSignature } from '../exports/links';

const message = (scheduleId: string) => `report-unsubscribe:${scheduleId}`;

export async function unsubscribeUrl(env: { APP_URL: string; FILES_SIGNING_SECRET: string }, scheduleId: string): Promise<string> {
  const url = new URL(`/api/v1/public/report-schedules/${encodeURIComponent(scheduleId)}/unsubscribe`, env.APP_URL);
  url.searchParams.set('signature', base64url(await filesSignature(env.FILES_SIGNING_SECRET, message(scheduleId))));
  return url.toString();
}

/** Checked in constant time. */
export const validUnsubscribeSignature = (secret: string, scheduleId: string, signature: string | undefined) => validFilesSignature(secret, message(scheduleId), signature);
