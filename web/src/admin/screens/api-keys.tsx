/** API keys: the list (prefixes, never secrets), creating one with its scopes and expiry (secret shown once), revoking. */
import { useState } from 'react';
import { Link } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { Field, Input, ProblemBanner, SubmitButton, useForm } from '../../ui/forms';
import { PagedTable, usePaged } from '../../ui/list';
import { atLeast, useOrg } from '../session';
import { ConfirmAction, SecretOnce, StatusBadge, Time } from './ops/common';
import { listFieldError, placedKeys, API_KEY_SCOPES, groupScopes, humanize, keyState, readOnlyScopes, type ApiKeyScope } from './ops/logic';
import { zonedLocalToUtc } from '../../ui/time';
import './ops/ops.css';
import { plural } from '../../ui/plural';

type ApiKey = Schemas['ApiKey'];

const SCOPE_HELP: Record<string, string> = {
  'organization.read': 'See the organization and its settings',
  'organization.update': 'Change the organization name and settings',
  'members.read': 'List team members and roles',
  'members.manage': 'Change roles of and remove members',
  'invitations.manage': 'Invite people, resend and revoke invitations',
  'api_keys.read': 'List API keys',
  'audit.read': 'Read the audit log',
  'venues.read': 'See venues, gates and layouts',
  'venues.manage': 'Change venues, gates and layouts',
  'events.read': 'See events, ticket types and availability',
  'events.manage': 'Create and change events and ticket types',
  'pricing.read': 'See coupons and pricing rules',
  'pricing.manage': 'Change coupons and pricing rules',
  'orders.read': 'Search orders, tickets, payments, refunds',
  'orders.manage': 'Cancel unpaid orders, resend confirmations, re-issue tickets',
  'orders.refund': 'Refund orders',
  'finance.read': 'Ledger and settlements',
  'devices.read': 'List scanner devices',
  'checkins.read': 'See every scan',
  'checkins.undo': 'Take back a check-in',
  'webhooks.read': 'List webhooks and read delivery logs',
  'exports.manage': 'Request and download CSV exports',
  'analytics.read': 'See funnels, conversion and top referrers',
  'analytics.manage': 'Save, change and delete funnels; refresh the funnel figures',
};

export default function ApiKeysScreen() {
  const { orgId, role, organization } = useOrg();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Schemas['CreatedApiKey'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = usePaged<ApiKey>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/api-keys', { params: { path: { orgId }, query: { cursor, limit: 25 } } })), [orgId]);
  const canManage = atLeast(role, 'admin');
  const form = useForm<{ name: string; scopes: ApiKeyScope[]; expiresOn: string }>({ name: '', scopes: [], expiresOn: '' });
  const tz = organization.settings.timezone;
  const now = Date.now();

  const scopesError = listFieldError(form.errors, 'scopes');
  const toggle = (s: ApiKeyScope, on: boolean) => form.set('scopes', on ? [...form.values.scopes, s] : form.values.scopes.filter((x) => x !== s));

  return (
    <>
      <div className="ops-head">
        <h1>API keys</h1>
        {canManage && !creating && (
          <button type="button" className="primary" onClick={() => (setCreated(null), setCreating(true))}>
            Create API key
          </button>
        )}
      </div>
      <p className="hint">
        A key lets your own systems call the API as this organization: send it as <code>Authorization: Bearer …</code>. Give each key only the scopes it needs.
      </p>
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}

      {creating && (
        <section className="card ops-card" aria-labelledby="create-key-title">
          <h2 id="create-key-title">Create an API key</h2>
          <form
            noValidate
            onSubmit={(e) =>
              form.submit(async (v) => {
                const expiresAt = v.expiresOn ? zonedLocalToUtc(v.expiresOn, tz) : null;
                const key = await call(
                  api.POST('/api/v1/orgs/{orgId}/api-keys', {
                    params: { path: { orgId } },
                    body: { name: v.name.trim(), scopes: v.scopes, ...(expiresAt ? { expiresAt } : {}) },
                  }),
                );
                setCreated(key);
                setCreating(false);
                form.reset();
                list.reload();
              }, e)
            }
          >
            <ProblemBanner error={form.problem} fields={placedKeys(form.errors, ['name', 'scopes', 'expiresAt'])} />
            <Input form={form} name="name" label="Key name" hint="What uses it, e.g. “Box office sync”" required />
            <fieldset className={`ops-checks${scopesError ? ' invalid' : ''}`} aria-describedby={scopesError ? 'key-scopes-error' : undefined}>
              <legend>Scopes</legend>
              <div className="ops-actions">
                <button type="button" onClick={() => form.set('scopes', readOnlyScopes())}>
                  Read-only
                </button>
                <button type="button" onClick={() => form.set('scopes', [...API_KEY_SCOPES])}>
                  Everything
                </button>
                <button type="button" onClick={() => form.set('scopes', [])}>
                  None
                </button>
              </div>
              <div className="grid">
                {groupScopes(API_KEY_SCOPES).map((g) => (
                  <div key={g.group}>
                    <h3>{humanize(g.group)}</h3>
                    {g.scopes.map((s) => (
                      <label key={s} title={SCOPE_HELP[s]}>
                        <input type="checkbox" checked={form.values.scopes.includes(s as ApiKeyScope)} onChange={(e) => toggle(s as ApiKeyScope, e.target.checked)} /> <code>{s}</code>
                        <span className="visually-hidden">: {SCOPE_HELP[s]}</span>
                      </label>
                    ))}
                  </div>
                ))}
              </div>
              {scopesError && (
                <small id="key-scopes-error" className="field-error" role="alert">
                  {scopesError}
                </small>
              )}
            </fieldset>
            <Field label="Expires on (optional)" error={form.errors.expiresAt} hint={`At the start of that day, ${tz}. Leave empty for a key that does not expire.`}>
              {(a) => <input {...a} type="date" name="expiresOn" value={form.values.expiresOn} onChange={(e) => form.set('expiresOn', e.target.value)} />}
            </Field>
            <div className="ops-actions">
              <SubmitButton busy={form.busy}>Create key</SubmitButton>
              <button type="button" onClick={() => setCreating(false)}>
                Cancel
              </button>
            </div>
          </form>
        </section>
      )}
      {created && (
        <SecretOnce title={`API key “${created.name}”`} secret={created.secret} testId="api-key-secret" onDone={() => setCreated(null)}>
          <p>
            Scopes: <code>{created.scopes.join(', ')}</code>
          </p>
        </SecretOnce>
      )}

      <PagedTable
        list={list}
        caption="API keys"
        rowKey={(k) => k.id}
        empty="No API keys."
        columns={[
          { header: 'Name', cell: (k) => k.name },
          { header: 'Key', cell: (k) => <code>{k.prefix}…</code> },
          {
            header: 'Scopes',
            cell: (k) => (
              <details className="ops-more">
                <summary>{plural(k.scopes.length, 'scope')}</summary>
                <code>{k.scopes.join(', ')}</code>
              </details>
            ),
          },
          {
            header: 'Status',
            cell: (k) => {
              const s = keyState(k, now);
              return <StatusBadge status={s === 'expired' ? 'expired_key' : s} label={humanize(s)} />;
            },
          },
          {
            header: 'Last used',
            cell: (k) => (
              <>
                <Time iso={k.lastUsedAt} fallback="Never" />
                {k.lastUsedAt && (
                  <>
                    <br />
                    <Link href={`~/admin/orgs/${orgId}/api-requests?apiKeyId=${encodeURIComponent(k.id)}`}>Requests</Link>
                  </>
                )}
              </>
            ),
          },
          { header: 'Expires', cell: (k) => <Time iso={k.expiresAt} fallback="Never" opts={{ dateStyle: 'medium' }} /> },
          { header: 'Created', cell: (k) => <Time iso={k.createdAt} opts={{ dateStyle: 'medium' }} /> },
          {
            header: 'Actions',
            cell: (k) =>
              canManage && !k.revokedAt ? (
                <ConfirmAction
                  label="Revoke"
                  confirmLabel={`Yes, revoke ${k.name}`}
                  question={`Revoke “${k.name}”? Requests with it are refused from now on.`}
                  onConfirm={async () => {
                    setError(null);
                    await call(api.DELETE('/api/v1/orgs/{orgId}/api-keys/{apiKeyId}', { params: { path: { orgId, apiKeyId: k.id } } }));
                    list.reload();
                  }}
                />
              ) : null,
          },
        ]}
      />
    </>
  );
}
