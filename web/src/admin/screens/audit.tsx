/** The audit log: who did what to which record, when; filterable by action, actor, target and days; each entry's changes expandable. */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { Table } from '../../ui/table';
import { useOrg } from '../session';
import { loadAll } from '../../ui/load';
import { Time } from './ops/common';
import { AUDIT_ACTION_PREFIXES, AUDIT_RESOURCE_TYPES, auditQuery, changeRows, humanize, shortId, showValue, targetPath, type AuditFilters, type ChangeRow } from './ops/logic';
import './ops/ops.css';

type Entry = Schemas['AuditLogEntry'];
type Member = Schemas['Member'];

const KEYS = ['action', 'actorId', 'resourceType', 'resourceId', 'fromDate', 'toDate'] as const;

export default function AuditScreen() {
  const { orgId, organization } = useOrg();
  const tz = organization.settings.timezone;
  const [params, setParams] = useSearchParams();
  const applied: AuditFilters = {
    action: params.get('action') ?? '',
    actorId: params.get('actorId') ?? '',
    resourceType: params.get('resourceType') ?? '',
    resourceId: params.get('resourceId') ?? '',
    fromDate: params.get('fromDate') ?? '',
    toDate: params.get('toDate') ?? '',
  };
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const [members, setMembers] = useState<Member[]>([]);
  const query = auditQuery(applied, tz);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/members', { params: { path: { orgId }, query: { limit: 200, cursor } } })))
      .then(setMembers)
      .catch(() => setMembers([]));
  }, [orgId]);

  const list = usePaged<Entry>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/audit-logs', { params: { path: { orgId }, query: { cursor, limit: 50, ...query } } })), [orgId, queryKey]);

  const byUser = new Map(members.map((m) => [m.userId, m]));
  const actor = (e: Entry) => {
    if (e.actorType === 'system') return 'System';
    if (e.actorType === 'anonymous') return 'Anonymous';
    if (e.actorType === 'user') {
      const m = e.actorId ? byUser.get(e.actorId) : undefined;
      return m ? (
        <>
          {m.name}
          <br />
          <small className="hint">{m.email}</small>
        </>
      ) : (
        <span className="ops-id nowrap" title={e.actorId ?? undefined}>
          {e.actorId ? shortId(e.actorId) : 'User'}
        </span>
      );
    }
    if (e.actorType === 'device')
      return e.actorId ? (
        <>
          Device{' '}
          <Link href={`~/admin/orgs/${orgId}/devices/${e.actorId}`} className="ops-id nowrap" title={e.actorId}>
            {shortId(e.actorId)}
          </Link>
        </>
      ) : (
        'Device'
      );
    return (
      <>
        API key{' '}
        <span className="ops-id nowrap" title={e.actorId ?? undefined}>
          {e.actorId ? shortId(e.actorId) : ''}
        </span>
      </>
    );
  };

  const apply = (f: AuditFilters) => {
    const p = new URLSearchParams();
    for (const k of KEYS) if (f[k].trim()) p.set(k, f[k].trim());
    setParams(p, { replace: true });
  };
  const field = (k: keyof AuditFilters) => ({ value: draft[k], onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft((d) => ({ ...d, [k]: e.target.value })) });
  const filtered = KEYS.some((k) => applied[k]);
  const badRange = Boolean(draft.fromDate && draft.toDate && draft.toDate < draft.fromDate);

  return (
    <>
      <h1>Audit log</h1>
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          if (!badRange) apply(draft);
        }}
      >
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" list="audit-actions" {...field('action')} placeholder="e.g. order. or order.refunded" maxLength={80} aria-describedby="audit-action-hint" />
          <small id="audit-action-hint" className="hint">
            Exact, or a prefix ending in “.”
          </small>
          <datalist id="audit-actions">
            {AUDIT_ACTION_PREFIXES.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">Who</label>
          <select id="audit-actor" {...field('actorId')}>
            <option value="">Anyone</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-type">Target type</label>
          <select id="audit-type" {...field('resourceType')}>
            <option value="">Any</option>
            {AUDIT_RESOURCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-target">Target id</label>
          <input id="audit-target" {...field('resourceId')} placeholder="e.g. ord_…" maxLength={64} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="date" {...field('fromDate')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To (inclusive)</label>
          <input id="audit-to" type="date" {...field('toDate')} aria-invalid={badRange} aria-describedby={badRange ? 'audit-range-error' : undefined} />
          {badRange && (
            <small id="audit-range-error" className="field-error" role="alert">
              Must not be before “From”.
            </small>
          )}
        </div>
        <button type="submit" className="primary" disabled={badRange}>
          Apply filters
        </button>
        {filtered && (
          <button
            type="button"
            onClick={() => {
              const empty = { action: '', actorId: '', resourceType: '', resourceId: '', fromDate: '', toDate: '' };
              setDraft(empty);
              apply(empty);
            }}
          >
            Clear
          </button>
        )}
      </form>
      <p className="hint">Days are in the organization's timezone ({tz}).</p>
      <PagedTable
        list={list}
        caption={filtered ? 'Audit entries matching the filters, newest first' : 'Audit entries, newest first'}
        rowKey={(e) => e.id}
        empty={filtered ? 'Nothing matches these filters.' : 'Nothing recorded yet.'}
        columns={[
          { header: 'Time', cell: (e) => <Time iso={e.createdAt} opts={{ dateStyle: 'medium', timeStyle: 'medium' }} /> },
          { header: 'Who', cell: actor },
          { header: 'Action', cell: (e) => <code>{e.action}</code> },
          {
            header: 'Target',
            cell: (e) => {
              const href = targetPath(e.resourceType, e.resourceId);
              return (
                <>
                  {humanize(e.resourceType)}
                  {e.resourceId && (
                    <>
                      <br />
                      {href ? (
                        <Link href={`~/admin/orgs/${orgId}${href}`} className="ops-id nowrap" title={e.resourceId}>
                          {shortId(e.resourceId)}
                        </Link>
                      ) : (
                        <span className="ops-id nowrap" title={e.resourceId}>
                          {shortId(e.resourceId)}
                        </span>
                      )}
                    </>
                  )}
                </>
              );
            },
          },
          { header: 'Details', wide: true, cell: (e) => <Details entry={e} /> },
        ]}
      />
    </>
  );
}

function Details({ entry }: { entry: Entry }) {
  const rows = changeRows(entry.changes);
  return (
    <details className="ops-more">
      <summary>{rows.length ? `${rows.length} ${rows.length === 1 ? 'change' : 'changes'}` : 'Details'}</summary>
      {rows.length > 0 && (
        <Table<ChangeRow>
          className="ops-diff ops-attempts"
          caption={`Changes of ${entry.action}`}
          captionHidden
          items={rows}
          rowKey={(r) => r.field}
          columns={[
            { header: 'Field', rowHeader: true, cell: (r) => r.field },
            // A value set (not changed from one to another) shows as the value after.
            { header: 'Before', cell: (r) => (r.kind === 'diff' ? <del>{showValue(r.from)}</del> : '') },
            { header: 'After', cell: (r) => (r.kind === 'diff' ? <ins>{showValue(r.to)}</ins> : showValue(r.value)) },
          ]}
        />
      )}
      <dl className="facts">
        {entry.requestId && (
          <>
            <dt>Request</dt>
            <dd className="ops-id">{entry.requestId}</dd>
          </>
        )}
        {entry.ip && (
          <>
            <dt>IP</dt>
            <dd>{entry.ip}</dd>
          </>
        )}
        {entry.userAgent && (
          <>
            <dt>Browser / client</dt>
            <dd>{entry.userAgent}</dd>
          </>
        )}
      </dl>
    </details>
  );
}
