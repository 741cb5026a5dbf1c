/** The device routes over the shared typed client (Bearer device token: useBearerToken). Failures throw ApiError; no network is status 0. */
import { api, call } from '../api/client';
import type { DeviceApi, DeviceMe, Manifest, ScanOutcome, ScanSession } from './types';

export const deviceApi: DeviceApi = {
  me: async () => (await call(api.GET('/api/v1/device/me'))) as DeviceMe,
  startSession: async (body) => (await call(api.POST('/api/v1/device/scan-sessions', { body }))) as ScanSession,
  endSession: async (sessionId) => (await call(api.POST('/api/v1/device/scan-sessions/{sessionId}/end', { params: { path: { sessionId } } }))) as ScanSession,
  scan: async (body) => (await call(api.POST('/api/v1/device/scan', { body }))) as ScanOutcome,
  upload: async (body) => (await call(api.POST('/api/v1/device/scans/batch', { body }))) as { results: ScanOutcome[] },
  manifest: async (eventId, cursor) =>
    (await call(api.GET('/api/v1/device/events/{eventId}/manifest', { params: { path: { eventId }, query: cursor ? { cursor } : {} } }))) as Manifest,
};

/** A single-use, 60-second ticket for the event's gate counts on the live channel: the socket path to open. */
export async function deviceLiveTicketPath(eventId: string): Promise<string> {
  return (await call(api.POST('/api/v1/device/events/{eventId}/live-ticket', { params: { path: { eventId } } }))).url;
}
