/**
 * Settings → Reporting data: how far the reporting database (Postgres, the cold layer) is behind, the latest hourly
 * D1 ↔ Postgres check per event and the archived events (GET /orgs/{orgId}/replication; needs finance.read).
 */
import { useEffect, useState } from 'react';
import { api, ApiError, call, formatInZone, type Schemas } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';
import { Table } from '../../../ui/table';
import { useOrg } from '../../session';
import { lagText } from './format';

type Status = Schemas['ReplicationStatus'];

const STATUS_TEXT: Record<Status['checks'][number]['status'], { text: string; badge: string }> = {
  ok: { text: 'In step', badge: 'ok' },
  lag: { text: 'Catching up', badge: 'warn' },
  replayed: { text: 'Re-sent', badge: 'warn' },
  drift: { text: 'Drift', badge: 'bad' },
  postgres_unavailable: { text: 'Reporting database away', badge: 'bad' },
};

export function ReplicationSection() {
  const { orgId, organization } = useOrg();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    call(api.GET('/api/v1/orgs/{orgId}/replication', { params: { path: { orgId } } }))
      .then(setStatus)
      .catch((e) => setError(e));
  }, [orgId]);
  const zone = organization.settings.timezone;
  return (
    <section className="card" aria-labelledby="replication-heading">
      <h2 id="replication-heading">Reporting data</h2>
      <ProblemBanner error={error} />
      {!status && !error && <p className="loading">Loading…</p>}
      {status && (
        <>
          <p>
            {status.lag.pending === 0 ? (
              <>Reports are up to date: every change has reached the reporting database.</>
            ) : (
              <>
                <strong>{status.lag.pending.toLocaleString('en-US')}</strong> changes on their way to the reporting database; the oldest is {lagText(status.lag.oldestPendingSeconds)} old.
              </>
            )}
          </p>
          {status.checks.length > 0 && (
            <Table<Status['checks'][number]>
              caption="Latest hourly check per event"
              items={status.checks}
              rowKey={(c) => c.id}
              columns={[
                { header: 'Event', rowHeader: true, className: 'ops-id', cell: (c) => c.eventId },
                { header: 'Checked', cell: (c) => formatInZone(c.ranAt, zone) },
                { header: 'Result', cell: (c) => <span className={`badge ${STATUS_TEXT[c.status].badge}`}>{STATUS_TEXT[c.status].text}</span> },
                {
                  header: 'Differences',
                  cell: (c) =>
                    Object.entries(c.differences)
                      .map(([key, v]) => `${key}: ${v.d1} here, ${v.pg} in reports`)
                      .join('; ') || '—',
                },
              ]}
            />
          )}
          {status.archives.length > 0 && (
            <Table<Status['archives'][number]>
              caption="Archived events (their orders, tickets and scans are kept in the reporting database)"
              items={status.archives}
              rowKey={(a) => a.eventId}
              columns={[
                { header: 'Event', rowHeader: true, className: 'ops-id', cell: (a) => a.eventId },
                { header: 'Archived', cell: (a) => (a.archivedAt ? formatInZone(a.archivedAt, zone) : 'under way') },
                {
                  header: 'Rows moved',
                  cell: (a) =>
                    Object.entries(a.counts)
                      .map(([table, n]) => `${n} ${table.replace('_', ' ')}`)
                      .join(', '),
                },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
