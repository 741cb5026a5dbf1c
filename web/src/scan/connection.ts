/**
 * Online or offline, as the scan desk sees it: the browser says so AND the last request did not fail on the network.
 * A failed request is classified here: network → offline until a request succeeds; 401 → the device lost its access.
 */
import { ApiError } from '../api/client';
import { isNetworkFailure, statusOf } from './failures';

export type FailureKind = 'network' | 'auth' | 'other';

export class Connection {
  /** The last request failed on the network (or took too long). */
  down = false;

  constructor(
    private readonly deps: {
      /** The browser's own idea (navigator.onLine). */
      networkUp?: () => boolean;
      /** The online state changed. */
      changed: () => void;
      /** The server answered 401: the token is no longer accepted. */
      lostAccess: (e: unknown) => void;
    },
  ) {}

  get networkUp(): boolean {
    return this.deps.networkUp?.() ?? true;
  }

  get online(): boolean {
    return this.networkUp && !this.down;
  }

  markUp() {
    if (this.down) {
      this.down = false;
      this.deps.changed();
    }
  }

  markDown() {
    if (!this.down) {
      this.down = true;
      this.deps.changed();
    }
  }

  /** A failed request: network → offline; 401 → signed out; anything else is returned for the caller to show. */
  handleFailure(e: unknown): FailureKind {
    if (isNetworkFailure(e)) {
      this.markDown();
      return 'network';
    }
    if (statusOf(e) === 401) {
      this.deps.lostAccess(e);
      return 'auth';
    }
    return 'other';
  }
}

/** Why the server stopped accepting the device token, in words for the sign-in screen. */
export function lostAccessMessage(e: unknown): string {
  return e instanceof ApiError && e.code === 'device_revoked'
    ? 'This device was revoked in Admin → Scanner devices.'
    : e instanceof ApiError && e.code === 'device_expired'
      ? 'This device token has expired; register the device again in Admin → Scanner devices.'
      : 'The device token is no longer accepted. Sign in again.';
}
