/** How often the scan desk syncs, how long it waits for the server, and the deadline wrapper it uses. */

export const SYNC_EVERY_MS = 30_000;
export const RETRY_EVERY_MS = 10_000;
export const ONLINE_TIMEOUT_MS = 5_000;
/** A sync request that hangs (a captive portal, a dying connection) must not block every later sync. */
export const SYNC_REQUEST_TIMEOUT_MS = 30_000;
export const UPLOAD_BATCH = 500;
export const MIRROR_SAVE_DELAY_MS = 1_000;
export const MAX_CORRECTIONS = 50;

export class TimeoutError extends Error {}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new TimeoutError('The server took too long')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
