/** The organization's events for pickers and names (newest first; up to five pages of 100). */
import { api, call } from '../../../api/client';
import { useOrg } from '../../session';
import { loadAll, useLoad } from '../../../ui/load';

export function useEvents() {
  const { orgId } = useOrg();
  return useLoad(() => loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/events', { params: { path: { orgId }, query: { cursor, limit: 100 } } })), 5), [orgId]);
}
