/**
 * The buyer-journey routes the console reads (issue #16; docs/analytics.md, "Funnels"), typed from the generated
 * schema: the event funnel and top referrers (History screen), saved funnels and their conversion (Funnels screen),
 * and "Refresh now". A 404 on the event reads (an event gone) is null: "no data yet".
 */
import { api, ApiError, call, type Schemas } from '../../../api/client';

export type Freshness = Schemas['FunnelFreshness'];
export type FunnelStep = Schemas['FunnelStep'];
export type EventFunnel = Schemas['EventFunnel'];
export type Referrers = Schemas['EventReferrers'];
export type Referrer = Referrers['referrers'][number];
export type SavedFunnel = Schemas['Funnel'];
export type FunnelConversion = Schemas['FunnelConversion'];
export type SnapshotRefresh = Schemas['SnapshotRefresh'];
export type Range = { from: string; to: string };

async function orNull<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export const fetchFunnel = (orgId: string, eventId: string, q: Range) =>
  orNull(call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/funnel', { params: { path: { orgId, eventId }, query: q } })));

export const fetchReferrers = (orgId: string, eventId: string, q: Range & { limit?: number }) =>
  orNull(call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/referrers', { params: { path: { orgId, eventId }, query: q } })));

export const fetchConversion = (orgId: string, funnelId: string, q: Range) =>
  call(api.GET('/api/v1/orgs/{orgId}/funnels/{funnelId}/conversion', { params: { path: { orgId, funnelId }, query: q } }));

export const refreshSnapshots = (orgId: string) => call(api.POST('/api/v1/orgs/{orgId}/analytics/snapshots/refresh', { params: { path: { orgId } } }));
