/**
 * Double admissions on the dashboard: how many people each gate let in on a ticket already used (found when an
 * offline scanner uploaded), re-read every 30 s and soon after the check-in count moves. Staff with the scans tab
 * can open the list of them there (?double=1).
 */
import { useEffect, useMemo } from 'react';
import { Link } from 'wouter';
import { api, call, type Schemas } from '../../../api/client';
import { useLoad } from '../../../ui/load';
import { plural } from '../../../ui/plural';
import { throttle } from '../../live/throttle';
import { useOrg } from '../../session';

export type DoubleAdmissions = Schemas['DoubleAdmissions'];

export function useDoubleAdmissions(eventId: string, enabled: boolean, checkedIn: number | undefined) {
  const { orgId } = useOrg();
  const load = useLoad(
    () => (enabled ? call(api.GET('/api/v1/orgs/{orgId}/events/{eventId}/double-admissions', { params: { path: { orgId, eventId } } })) : Promise.resolve(null as DoubleAdmissions | null)),
    [orgId, eventId, enabled],
  );
  const reload = load.reload;
  const soon = useMemo(() => throttle(() => reload(), 5_000), [reload]);
  useEffect(() => () => soon.cancel(), [soon]);
  useEffect(() => {
    if (!enabled) return;
    const t = setInterval(() => soon.request(), 30_000);
    return () => clearInterval(t);
  }, [enabled, soon]);
  useEffect(() => {
    if (enabled && checkedIn !== undefined) soon.request();
  }, [enabled, checkedIn, soon]);
  return load.data ?? null;
}

/** Count for one gate of the per-gate table. */
export const doubleAdmissionsAt = (d: DoubleAdmissions | null, gateId: string) => d?.gates.find((g) => g.gateId === gateId)?.count ?? 0;

/** The warning above the per-gate table when anyone was let in on a used ticket. */
export function DoubleAdmissionsNote({ data }: { data: DoubleAdmissions | null }) {
  if (!data || data.total === 0) return null;
  return (
    <p className="banner error" role="status">
      {data.total === 1 ? 'Someone was' : `${plural(data.total, 'person', 'people')} were`} let in on a ticket already used (an offline scanner could not
      know). <Link href="/scans?double=1">See which tickets</Link>
    </p>
  );
}
