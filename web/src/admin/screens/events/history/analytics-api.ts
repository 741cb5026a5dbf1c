/**
 * The buyer-journey routes the History screen reads (issue #16: funnels and top referrers, built on another branch):
 *   GET /orgs/{orgId}/events/{eventId}/funnel?from=YYYY-MM-DD&to=YYYY-MM-DD[&ticketTypeId][&channel]
 *   GET /orgs/{orgId}/events/{eventId}/referrers?from&to[&limit]
 * Their paths are not in schema.d.ts yet, so this one file types their answers by hand and calls them with fetch;
 * once they are generated, swap each body for `call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/funnel', …))` and
 * the types for `Schemas[…]`. A 404 (the route not deployed yet, or nothing recorded) reads as null: "no data yet".
 */
import { ApiError, toApiError, type Schemas } from '../../../../api/client';

export type Freshness = Schemas['FunnelFreshness'];

export type FunnelStep = {
  kind: string;
  visitors: number;
  /** A share (0–1) of the first step's visitors; null for the first step or when it had none. */
  conversionFromStart: number | null;
  /** A share (0–1) of the previous step's visitors. */
  conversionFromPrevious: number | null;
  medianSecondsFromPrevious: number | null;
};
export type Funnel = { eventId: string; from: string; to: string; timeZone: string; steps: FunnelStep[]; days: unknown[]; freshness: Freshness };
export type FunnelQuery = { from: string; to: string; ticketTypeId?: string; channel?: string };

export type Referrer = { host: string; visitors: number; orders: number };
export type Referrers = { referrers: Referrer[]; freshness: Freshness };
export type ReferrersQuery = { from: string; to: string; limit?: number };

async function getJson<T>(path: string, query: Record<string, string | number | undefined>): Promise<T | null> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const base = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  let res: Response;
  try {
    res = await fetch(`${base}/api/v1${path}?${q}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError({ title: 'Network error', status: 0, detail: e instanceof Error ? e.message : String(e), code: 'network' });
  }
  if (res.status === 404) return null;
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw toApiError(body, res);
  return body as T;
}

export const fetchFunnel = (orgId: string, eventId: string, q: FunnelQuery) =>
  getJson<Funnel>(`/orgs/${encodeURIComponent(orgId)}/events/${encodeURIComponent(eventId)}/funnel`, q);

export const fetchReferrers = (orgId: string, eventId: string, q: ReferrersQuery) =>
  getJson<Referrers>(`/orgs/${encodeURIComponent(orgId)}/events/${encodeURIComponent(eventId)}/referrers`, q);
