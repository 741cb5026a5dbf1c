/** Signing the scanner in: the device token read from what staff typed or scanned, and checked with the server. */
import { ApiError } from '../api/client';
import { readDeviceToken } from './device-token';
import { statusOf } from './failures';
import type { DeviceApi, DeviceMe } from './types';

/**
 * Reads the device token out of `text` and asks the server whose it is (GET /device/me), with the HTTP client
 * holding the new token meanwhile and the previous one again when it fails. Throws ApiError naming `body.token`
 * when it is not a token or the server does not accept it.
 */
export async function verifyDeviceToken(text: string, api: DeviceApi, setToken: (token: string | undefined) => void, previous: string | null): Promise<{ token: string; me: DeviceMe }> {
  const token = readDeviceToken(text);
  if (!token) {
    throw new ApiError({ title: 'Not a device token', status: 422, errors: [{ path: 'body.token', message: 'A device token starts with vgd_ (Admin → Scanner devices)' }] });
  }
  setToken(token);
  try {
    return { token, me: await api.me() };
  } catch (e) {
    setToken(previous ?? undefined);
    if (statusOf(e) === 401) {
      throw new ApiError({ title: 'Token not accepted', status: 401, errors: [{ path: 'body.token', message: 'This token is unknown or the device was revoked' }] });
    }
    throw e;
  }
}
