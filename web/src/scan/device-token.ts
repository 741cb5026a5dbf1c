/**
 * Device tokens reach the scanner three ways: typed or pasted, in the link `/scan/#token=vgd_…` (the fragment never
 * reaches a server or its logs), or as a QR code holding either. These read the token out of any of them.
 */

const TOKEN = /^vgd_[A-Za-z0-9_-]{8,200}$/;

/** The token in a fragment like `#token=vgd_…` (other fragment parameters are kept by the caller). */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/** The hash with the token removed ('' when nothing else was in it). */
export function hashWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

/** A token from what was typed, pasted or read from a QR code: the bare token or a link carrying it. */
export function readDeviceToken(text: string): string | null {
  const value = text.trim();
  if (!value) return null;
  if (TOKEN.test(value)) return value;
  const hashAt = value.indexOf('#');
  if (hashAt >= 0) {
    const fromHash = tokenFromHash(value.slice(hashAt));
    if (fromHash && TOKEN.test(fromHash)) return fromHash;
  }
  try {
    const fromQuery = new URL(value).searchParams.get('token');
    if (fromQuery && TOKEN.test(fromQuery)) return fromQuery;
  } catch {
    // not a URL
  }
  return null;
}

/** Whether text looks like a device token rather than a ticket (a sign-in QR shown to the ticket camera). */
export function looksLikeDeviceToken(text: string): boolean {
  return readDeviceToken(text) !== null;
}
