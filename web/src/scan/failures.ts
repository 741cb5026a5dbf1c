/** How the scan desk classifies a failed request, the errors it throws to the screens, and its random ids. */
import { ApiError } from '../api/client';
import { TimeoutError } from './timeouts';

export function randomId(bytes = 12): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const statusOf = (e: unknown): number | undefined => (e instanceof ApiError ? e.status : typeof (e as { status?: unknown })?.status === 'number' ? (e as { status: number }).status : undefined);

/** No answer worth believing: no network, a timeout, or the server failing. The check is decided locally instead. */
export function isNetworkFailure(e: unknown): boolean {
  if (e instanceof TimeoutError) return true;
  const status = statusOf(e);
  return status === undefined || status === 0 || status === 408 || status === 429 || status >= 500;
}

/** A check that cannot go on: the session ended on the server, or the device lost its access. */
export class DeskError extends Error {
  constructor(
    message: string,
    readonly code: 'session_ended' | 'signed_out' | 'no_session' | 'refused',
  ) {
    super(message);
  }
}
