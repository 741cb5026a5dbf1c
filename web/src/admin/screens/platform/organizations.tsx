/** Every organization on the platform, newest first (GET /platform/organizations): its id, slug, when it started. */
import { Link } from 'wouter';
import { api, call } from '../../../api/client';
import { PagedTable, usePaged } from '../../../ui/list';
import { PlatformTime, useOperator, type PlatformOrganization } from './common';

export default function OrganizationsScreen() {
  const { admin, memberships } = useOperator();
  const list = usePaged<PlatformOrganization>((cursor) => call(api.GET('/api/v1/platform/organizations', { params: { query: { cursor, limit: 25 } } })));
  const mine = new Set(memberships.map((m) => m.organizationId));

  return (
    <>
      <div className="ops-head">
        <h1>Organizations</h1>
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      </div>
      <p className="hint">Every organization on the platform, newest first.</p>
      <PagedTable
        list={list}
        caption="Organizations, newest first"
        rowKey={(o) => o.id}
        empty="No organizations yet."
        columns={[
          { header: 'Name', cell: (o) => <strong>{o.name}</strong> },
          { header: 'Slug', cell: (o) => <span className="ops-id">{o.slug}</span> },
          {
            header: 'Id',
            cell: (o) => <span className="ops-id">{o.id}</span>,
          },
          { header: 'Created', cell: (o) => <PlatformTime iso={o.createdAt} /> },
          {
            header: 'Actions',
            cell: (o) => (
              <span className="platform-actions">
                <Link href={`~/admin/platform/fee-policies?organizationId=${encodeURIComponent(o.id)}`} aria-label={`Fee policies of ${o.name}`}>
                  Fee policies
                </Link>
                {admin && (
                  <Link
                    href={`~/admin/platform/fee-policies?organizationId=${encodeURIComponent(o.id)}&set=1`}
                    aria-label={`Set the fee policy of ${o.name}`}
                  >
                    Set fee policy
                  </Link>
                )}
                {mine.has(o.id) && (
                  <Link href={`~/admin/orgs/${o.id}/events`} aria-label={`Open ${o.name} in the console`}>
                    Open console
                  </Link>
                )}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}
