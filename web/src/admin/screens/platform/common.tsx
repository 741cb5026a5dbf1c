/** Shared pieces of the Platform area: who is operating, times in the viewer's timezone, organization names by id. */
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { api, call, formatInZone, type Schemas } from '../../../api/client';
import { loadAll } from '../../../ui/load';
import { useSession } from '../../session';
import { canAct, viewerTimeZone } from './logic';

export type PlatformOrganization = Schemas['PlatformOrganization'];

/** The signed-in operator and whether they may act (platform admin) or only look (platform staff). */
export function useOperator() {
  const { me } = useSession();
  return { user: me!.user, admin: canAct(me?.user), memberships: me!.memberships };
}

const zone = viewerTimeZone();

/** An instant in the viewer's timezone (operators work across organizations); hover shows UTC. */
export function PlatformTime({ iso, fallback = '—', opts }: { iso: string | null | undefined; fallback?: string; opts?: Intl.DateTimeFormatOptions }) {
  if (!iso) return <>{fallback}</>;
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {formatInZone(iso, zone, undefined, opts)}
    </time>
  );
}

export const PLATFORM_TIME_ZONE = zone;

let orgsSeen: PlatformOrganization[] | null = null;
let orgsLoading: Promise<PlatformOrganization[]> | null = null;

/**
 * Organizations by id, to name them in the fee policies and to pick one (up to 2,000, newest first; an id beyond
 * that still shows as its id). Fetched once per visit of the area and refreshed when asked.
 */
export function useOrganizations(): { list: PlatformOrganization[]; byId: Map<string, PlatformOrganization>; refresh: () => void } {
  const [list, setList] = useState<PlatformOrganization[]>(() => orgsSeen ?? []);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    if (!orgsLoading || tick > 0) {
      orgsLoading = loadAll((cursor) => call(api.GET('/api/v1/platform/organizations', { params: { query: { limit: 200, cursor } } })));
      orgsLoading.then((l) => (orgsSeen = l)).catch(() => (orgsLoading = null));
    }
    orgsLoading.then((l) => !cancelled && setList(l)).catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [tick]);
  return { list, byId: new Map(list.map((o) => [o.id, o])), refresh: () => setTick((t) => t + 1) };
}

/** "← Dead letters": the way back from a record to its list. */
export function PlatformBack({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className="ops-back">
      {`← ${label}`}
    </Link>
  );
}
