/** The API request log: requests by API keys and team members, filterable by key, who, status, method, route and days. */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { PagedTable, usePaged } from '../../ui/list';
import { loadAll } from '../../ui/load';
import { useOrg } from '../session';
import { Time } from './ops/common';
import { shortId } from './ops/logic';
import { consoleLang, EMPTY_FILTERS, FILTER_KEYS, METHODS, requestLogQuery, STATUS_CHOICES, statusTone, STRINGS, validStatus, type RequestFilters } from './api-requests/logic';
import './ops/ops.css';

type Entry = Schemas['ApiRequest'];
type ApiKey = Schemas['ApiKey'];

export default function ApiRequestsScreen() {
  const { orgId, organization } = useOrg();
  const t = STRINGS[consoleLang()];
  const tz = organization.settings.timezone;
  const [params, setParams] = useSearchParams();
  const applied: RequestFilters = { ...EMPTY_FILTERS };
  for (const k of FILTER_KEYS) applied[k] = params.get(k) ?? '';
  const [draft, setDraft] = useState<RequestFilters>(applied);
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const query = requestLogQuery(applied, tz);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    loadAll((cursor) => call(api.GET('/api/v1/orgs/{orgId}/api-keys', { params: { path: { orgId }, query: { limit: 200, cursor } } })))
      .then(setKeys)
      .catch(() => setKeys([]));
  }, [orgId]);

  const list = usePaged<Entry>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/api-requests', { params: { path: { orgId }, query: { cursor, limit: 50, ...query } } })), [orgId, queryKey]);

  const byKey = new Map(keys.map((k) => [k.id, k]));
  const apply = (f: RequestFilters) => {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (f[k].trim()) p.set(k, f[k].trim());
    setParams(p, { replace: true });
  };
  const field = (k: keyof RequestFilters) => ({ value: draft[k], onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft((d) => ({ ...d, [k]: e.target.value })) });
  const filtered = FILTER_KEYS.some((k) => applied[k]);
  const badRange = Boolean(draft.fromDate && draft.toDate && draft.toDate < draft.fromDate);
  const badStatus = !validStatus(draft.status);

  const who = (e: Entry) => {
    if (e.actorType === 'user' || !e.apiKeyId) return t.member;
    const key = byKey.get(e.apiKeyId);
    return (
      <>
        {key ? key.name : t.key}
        <br />
        <small className="hint ops-id nowrap" title={e.apiKeyId}>
          {key ? key.prefix : shortId(e.apiKeyId)}
          {key?.revokedAt ? ` (${t.revoked})` : ''}
        </small>
      </>
    );
  };

  return (
    <>
      <h1>{t.title}</h1>
      <p className="hint">{t.intro}</p>
      <form
        className="toolbar ops-filters"
        role="search"
        aria-label={t.filterLabel}
        onSubmit={(e) => {
          e.preventDefault();
          if (!badRange && !badStatus) apply(draft);
        }}
      >
        <div className="field">
          <label htmlFor="req-key">{t.key}</label>
          <select id="req-key" {...field('apiKeyId')}>
            <option value="">{t.anyKey}</option>
            {keys.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name} ({k.prefix})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="req-who">{t.who}</label>
          <select id="req-who" {...field('actorType')}>
            <option value="">{t.anyone}</option>
            <option value="api_key">{t.keys}</option>
            <option value="user">{t.members}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="req-status">{t.status}</label>
          <input
            id="req-status"
            list="req-statuses"
            {...field('status')}
            maxLength={3}
            aria-invalid={badStatus}
            aria-describedby={badStatus ? 'req-status-error' : 'req-status-hint'}
          />
          <datalist id="req-statuses">
            {STATUS_CHOICES.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          {badStatus ? (
            <small id="req-status-error" className="field-error" role="alert">
              {t.statusInvalid}
            </small>
          ) : (
            <small id="req-status-hint" className="hint">
              {t.statusHint}
            </small>
          )}
        </div>
        <div className="field">
          <label htmlFor="req-method">{t.method}</label>
          <select id="req-method" {...field('method')}>
            <option value="">{t.anyMethod}</option>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="req-route">{t.route}</label>
          <input id="req-route" {...field('route')} maxLength={300} placeholder="/api/v1/orgs/:orgId/…" aria-describedby="req-route-hint" />
          <small id="req-route-hint" className="hint">
            {t.routeHint}
          </small>
        </div>
        <div className="field">
          <label htmlFor="req-from">{t.from}</label>
          <input id="req-from" type="date" {...field('fromDate')} />
        </div>
        <div className="field">
          <label htmlFor="req-to">{t.to}</label>
          <input id="req-to" type="date" {...field('toDate')} aria-invalid={badRange} aria-describedby={badRange ? 'req-range-error' : undefined} />
          {badRange && (
            <small id="req-range-error" className="field-error" role="alert">
              {t.badRange}
            </small>
          )}
        </div>
        <button type="submit" className="primary" disabled={badRange || badStatus}>
          {t.apply}
        </button>
        {filtered && (
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              apply(EMPTY_FILTERS);
            }}
          >
            {t.clear}
          </button>
        )}
      </form>
      <p className="hint">{t.days(tz)}</p>
      <PagedTable
        list={list}
        caption={filtered ? t.captionFiltered : t.caption}
        rowKey={(e) => `${e.id}@${e.createdAt}`}
        empty={filtered ? t.emptyFiltered : t.empty}
        columns={[
          { header: t.time, cell: (e) => <Time iso={e.createdAt} opts={{ dateStyle: 'medium', timeStyle: 'medium' }} /> },
          { header: t.who, cell: who },
          {
            header: t.request,
            cell: (e) => (
              <>
                <code>{e.method}</code> <code>{e.route}</code>
                <br />
                <small className="hint ops-id" title={e.id}>
                  {shortId(e.id, 12)}
                </small>
              </>
            ),
          },
          { header: t.status, cell: (e) => <span className={`badge ${statusTone(e.status)}`}>{e.status}</span> },
          { header: t.latency, className: 'num', cell: (e) => t.ms(e.latencyMs) },
        ]}
      />
    </>
  );
}
