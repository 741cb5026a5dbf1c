/**
 * The waiting list's email links, signed like the export links (HMAC-SHA256 under FILES_SIGNING_SECRET) with purposes
 * of their own: the claim link names the entry and its offer's hold (`/waitlist/{entryId}?hold=…&signature=…`), the
 * leave link the entry (`/waitlist/{entryId}/leave?signature=…`). Nothing secret is stored: emails sign at compose time.
 */
import { base64url } from '../../platform/ids';
import { filesSignature, validFilesSignature } from '../exports/links';

type LinkEnv = { APP_URL: string; FILES_SIGNING_SECRET: string };
const claimMessage = (entryId: string, holdId: string) => `waitlist-claim:${entryId}:${holdId}`;
const leaveMessage = (entryId: string) => `waitlist-leave:${entryId}`;

export async function claimUrl(env: LinkEnv, entryId: string, holdId: string): Promise<string> {
  const url = new URL(`/waitlist/${encodeURIComponent(entryId)}`, env.APP_URL);
  url.searchParams.set('hold', holdId);
  url.searchParams.set('signature', base64url(await filesSignature(env.FILES_SIGNING_SECRET, claimMessage(entryId, holdId))));
  return url.toString();
}

export async function leaveUrl(env: LinkEnv, entryId: string): Promise<string> {
  const url = new URL(`/waitlist/${encodeURIComponent(entryId)}/leave`, env.APP_URL);
  url.searchParams.set('signature', base64url(await filesSignature(env.FILES_SIGNING_SECRET, leaveMessage(entryId))));
  return url.toString();
}

export const validClaimSignature = (env: LinkEnv, entryId: string, holdId: string, signature: string) => validFilesSignature(env.FILES_SIGNING_SECRET, claimMessage(entryId, holdId), signature);
export const validLeaveSignature = (env: LinkEnv, entryId: string, signature: string) => validFilesSignature(env.FILES_SIGNING_SECRET, leaveMessage(entryId), signature);
