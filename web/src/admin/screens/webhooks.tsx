/**
 * Outgoing webhooks: endpoints (create → signing secret once), and per endpoint: edit, re-enable, rotate the secret,
 * send a test, delete, and the delivery log with every attempt, replayable.
 */
import { useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { api, call, type Schemas } from '../../api/client';
import { Field, Input, ProblemBanner, SubmitButton, useForm, type FormState } from '../../ui/forms';
import { PagedTable, usePaged } from '../../ui/list';
import { useLoad } from '../../ui/load';
import { atLeast, useOrg } from '../session';
import { ActionOutcome, BackLink, ConfirmAction, JsonBlock, RecordPending, SecretOnce, StatusBadge, Time, useActions } from './ops/common';
import { listFieldError, placedKeys, deliverySummary, describeAttempt, formatDuration, humanize, WEBHOOK_EVENT_TYPES, type WebhookEventType } from './ops/logic';
import './ops/ops.css';

type Endpoint = Schemas['WebhookEndpoint'];
type Delivery = Schemas['WebhookDelivery'];
type EndpointValues = { url: string; eventTypes: WebhookEventType[]; description: string };

export default function WebhooksScreen() {
  return (
    <Switch>
      <Route path="/" component={WebhookList} />
      <Route path="/:webhookId">{(p) => <WebhookDetail webhookId={p.webhookId} />}</Route>
    </Switch>
  );
}

function WebhookList() {
  const { orgId, role } = useOrg();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Schemas['WebhookEndpointWithSecret'] | null>(null);
  const list = usePaged<Endpoint>((cursor) => call(api.GET('/api/v1/orgs/{orgId}/webhooks', { params: { path: { orgId }, query: { cursor, limit: 25 } } })), [orgId]);
  const canManage = atLeast(role, 'admin');
  const form = useForm<EndpointValues>({ url: '', eventTypes: [], description: '' });

  return (
    <>
      <div className="ops-head">
        <h1>Webhooks</h1>
        {canManage && !adding && (
          <button type="button" className="primary" onClick={() => (setCreated(null), setAdding(true))}>
            Add endpoint
          </button>
        )}
      </div>
      <p className="hint">
        Voelgoed POSTs each event you choose to your URL, signed per the Standard Webhooks spec, and retries with backoff. An endpoint failing 5 deliveries in a row is disabled.
      </p>
      {adding && (
        <section className="card ops-card" aria-labelledby="add-webhook-title">
          <h2 id="add-webhook-title">Add a webhook endpoint</h2>
          <form
            noValidate
            onSubmit={(e) =>
              form.submit(async (v) => {
                const ep = await call(
                  api.POST('/api/v1/orgs/{orgId}/webhooks', {
                    params: { path: { orgId } },
                    body: { url: v.url.trim(), eventTypes: v.eventTypes, ...(v.description.trim() ? { description: v.description.trim() } : {}) },
                  }),
                );
                setCreated(ep);
                setAdding(false);
                form.reset();
                list.reload();
              }, e)
            }
          >
            <ProblemBanner error={form.problem} fields={placedKeys(form.errors, ['url', 'eventTypes', 'description'])} />
            <EndpointFields form={form} />
            <div className="ops-actions">
              <SubmitButton busy={form.busy}>Add endpoint</SubmitButton>
              <button type="button" onClick={() => setAdding(false)}>
                Cancel
              </button>
            </div>
          </form>
        </section>
      )}
      {created && (
        <SecretOnce title="Signing secret of the new endpoint" secret={created.secret} testId="webhook-secret" onDone={() => setCreated(null)}>
          <p>
            Verify every delivery's <code>webhook-signature</code> with it. <Link href={`/${created.id}`}>Open the endpoint</Link> to send a test event.
          </p>
        </SecretOnce>
      )}
      <PagedTable
        list={list}
        caption="Webhook endpoints"
        rowKey={(w) => w.id}
        empty="No endpoints yet."
        columns={[
          {
            header: 'URL',
            cell: (w) => (
              <>
                <Link href={`/${w.id}`} className="ops-id">
                  {w.url}
                </Link>
                {w.description && (
                  <>
                    <br />
                    <small className="hint">{w.description}</small>
                  </>
                )}
              </>
            ),
          },
          { header: 'Events', cell: (w) => w.eventTypes.join(', ') },
          {
            header: 'Status',
            cell: (w) => (
              <>
                <StatusBadge status={w.status} />
                {w.consecutiveFailures > 0 && <small className="hint"> {w.consecutiveFailures} failing in a row</small>}
              </>
            ),
          },
          { header: 'Created', cell: (w) => <Time iso={w.createdAt} /> },
        ]}
      />
    </>
  );
}

function EndpointFields({ form }: { form: FormState<EndpointValues> }) {
  const chosen = form.values.eventTypes;
  const err = listFieldError(form.errors, 'eventTypes');
  return (
    <>
      <Input
        form={form}
        name="url"
        label="Endpoint URL"
        type="url"
        placeholder="https://hooks.example.com/voelgoed"
        hint="https only (plain http to localhost outside production)."
        required
      />
      <fieldset className={`ops-checks${err ? ' invalid' : ''}`} aria-describedby={err ? 'webhook-types-error' : undefined}>
        <legend>Event types</legend>
        <div className="grid">
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t.value}>
              <input
                type="checkbox"
                checked={chosen.includes(t.value)}
                onChange={(e) => form.set('eventTypes', e.target.checked ? [...chosen, t.value] : chosen.filter((x) => x !== t.value))}
              />{' '}
              {t.label} <code className="hint">{t.value}</code>
            </label>
          ))}
        </div>
        {err && (
          <small id="webhook-types-error" className="field-error" role="alert">
            {err}
          </small>
        )}
      </fieldset>
      <Field label="Description" error={form.errors.description} hint="Optional: what receives these events.">
        {(a) => <input {...a} name="description" maxLength={500} value={form.values.description} onChange={(e) => form.set('description', e.target.value)} />}
      </Field>
    </>
  );
}

function WebhookDetail({ webhookId }: { webhookId: string }) {
  const { orgId, role } = useOrg();
  const [, navigate] = useLocation();
  const { notice, setNotice, error: actionError, act } = useActions();
  const [secret, setSecret] = useState<string | null>(null);
  const [statusFilter, setStatusFilter] = useState<'' | Delivery['status']>('');
  const canManage = atLeast(role, 'admin');
  const form = useForm<EndpointValues>({ url: '', eventTypes: [], description: '' });
  const path = { orgId, webhookId };

  const fill = (ep: Endpoint) => form.setValues({ url: ep.url, eventTypes: ep.eventTypes as WebhookEventType[], description: ep.description ?? '' });
  const {
    data: endpoint,
    setData: setEndpoint,
    error,
  } = useLoad(async () => {
    const ep = await call(api.GET('/api/v1/orgs/{orgId}/webhooks/{webhookId}', { params: { path } }));
    fill(ep);
    return ep;
  }, [orgId, webhookId]);
  const show = (ep: Endpoint) => {
    setEndpoint(ep);
    fill(ep);
  };

  const deliveries = usePaged<Delivery>(
    (cursor) => call(api.GET('/api/v1/orgs/{orgId}/webhooks/{webhookId}/deliveries', { params: { path, query: { cursor, limit: 20, status: statusFilter || undefined } } })),
    [orgId, webhookId, statusFilter],
  );

  // While a delivery is being tried, its next attempts show up by themselves.
  const anyPending = deliveries.items.some((d) => d.status === 'pending');
  const { reload } = deliveries;
  useEffect(() => {
    if (!anyPending) return;
    const t = setInterval(reload, 5000);
    return () => clearInterval(t);
  }, [anyPending, reload]);

  if (error || !endpoint) return <RecordPending area="webhooks" label="Webhooks" error={error} />;

  return (
    <>
      <BackLink area="webhooks" label="Webhooks" />
      <div className="ops-head">
        <h1 className="ops-id">{endpoint.url}</h1>
        <StatusBadge status={endpoint.status} />
      </div>
      <ActionOutcome notice={notice} error={actionError} />
      {secret && (
        <SecretOnce title="New signing secret" secret={secret} testId="webhook-secret" onDone={() => setSecret(null)}>
          <p>The previous secret keeps signing alongside it for 24 hours, so receivers can switch over.</p>
        </SecretOnce>
      )}
      <dl className="facts card">
        <dt>Status</dt>
        <dd>
          {humanize(endpoint.status)}
          {endpoint.disabledReason && ` — ${endpoint.disabledReason}`}
        </dd>
        <dt>Failures in a row</dt>
        <dd>{endpoint.consecutiveFailures} (disabled at 5)</dd>
        <dt>Event types</dt>
        <dd>{endpoint.eventTypes.join(', ')}</dd>
        {endpoint.description && (
          <>
            <dt>Description</dt>
            <dd>{endpoint.description}</dd>
          </>
        )}
        {endpoint.previousSecretExpiresAt && (
          <>
            <dt>Previous secret</dt>
            <dd>
              Still signing until <Time iso={endpoint.previousSecretExpiresAt} />
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>
          <Time iso={endpoint.createdAt} />
        </dd>
      </dl>

      {canManage && (
        <div className="ops-actions" role="group" aria-label="Endpoint actions">
          {endpoint.status === 'disabled' && (
            <button
              type="button"
              className="primary"
              onClick={() =>
                act(async () => {
                  show(await call(api.PATCH('/api/v1/orgs/{orgId}/webhooks/{webhookId}', { params: { path }, body: { status: 'active' } })));
                  setNotice('Re-enabled: deliveries resume and the failure count starts again at 0.');
                })
              }
            >
              Re-enable
            </button>
          )}
          <button
            type="button"
            onClick={() =>
              act(async () => {
                await call(api.POST('/api/v1/orgs/{orgId}/webhooks/{webhookId}/test', { params: { path } }));
                setNotice('A webhook.test event is on its way; it appears in the delivery log below.');
                setTimeout(deliveries.reload, 1500);
              })
            }
          >
            Send test event
          </button>
          <ConfirmAction
            label="Rotate secret"
            danger={false}
            question="Make a new signing secret? The current one keeps signing for 24 hours."
            confirmLabel="Yes, rotate"
            onConfirm={() =>
              act(async () => {
                const ep = await call(api.POST('/api/v1/orgs/{orgId}/webhooks/{webhookId}/rotate-secret', { params: { path } }));
                show(ep);
                setSecret(ep.secret);
              })
            }
          />
          <ConfirmAction
            label="Delete endpoint"
            question="Delete this endpoint and its delivery log?"
            confirmLabel="Yes, delete"
            onConfirm={() =>
              act(async () => {
                await call(api.DELETE('/api/v1/orgs/{orgId}/webhooks/{webhookId}', { params: { path } }));
                navigate(`~/admin/orgs/${orgId}/webhooks`);
              })
            }
          />
        </div>
      )}

      {canManage && (
        <details className="card ops-card ops-more">
          <summary>Change URL, event types or description</summary>
          <form
            noValidate
            onSubmit={(e) =>
              form.submit(async (v) => {
                show(
                  await call(
                    api.PATCH('/api/v1/orgs/{orgId}/webhooks/{webhookId}', {
                      params: { path },
                      body: { url: v.url.trim(), eventTypes: v.eventTypes, description: v.description.trim() || null },
                    }),
                  ),
                );
                setNotice('Saved.');
              }, e)
            }
          >
            <ProblemBanner error={form.problem} fields={placedKeys(form.errors, ['url', 'eventTypes', 'description'])} />
            <EndpointFields form={form} />
            <SubmitButton busy={form.busy}>Save changes</SubmitButton>
          </form>
        </details>
      )}

      <div className="ops-head">
        <h2 id="deliveries-title">Delivery log</h2>
        <div className="field">
          <label htmlFor="delivery-status">Show</label>
          <select id="delivery-status" value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as typeof statusFilter)}>
            <option value="">Every delivery</option>
            <option value="pending">Pending (being tried)</option>
            <option value="succeeded">Succeeded</option>
            <option value="dead">Dead (every retry failed)</option>
            <option value="failed">Failed (endpoint disabled)</option>
          </select>
        </div>
        <button type="button" onClick={deliveries.reload}>
          Refresh
        </button>
      </div>
      <PagedTable
        list={deliveries}
        caption="Deliveries, newest first"
        rowKey={(d) => d.id}
        empty="No deliveries yet."
        columns={[
          { header: 'Created', cell: (d) => <Time iso={d.createdAt} opts={{ dateStyle: 'medium', timeStyle: 'medium' }} /> },
          { header: 'Event', cell: (d) => <code>{d.eventType}</code> },
          {
            header: 'State',
            cell: (d) => (
              <>
                <StatusBadge status={d.status} />
                <br />
                <small className="hint">{deliverySummary(d)}</small>
                {d.status === 'pending' && d.nextAttemptAt && (
                  <small className="hint">
                    <br />
                    Next try <Time iso={d.nextAttemptAt} opts={{ timeStyle: 'medium' }} />
                  </small>
                )}
              </>
            ),
          },
          { header: 'Attempts', cell: (d) => <DeliveryAttempts delivery={d} /> },
          {
            header: 'Actions',
            cell: (d) =>
              canManage ? (
                <button
                  type="button"
                  aria-label={`Replay ${d.eventType} delivery of ${new Date(d.createdAt).toISOString()}`}
                  onClick={() =>
                    act(async () => {
                      await call(api.POST('/api/v1/orgs/{orgId}/webhooks/{webhookId}/deliveries/{deliveryId}/replay', { params: { path: { ...path, deliveryId: d.id } } }));
                      setNotice(`Replaying the ${d.eventType} delivery (same webhook-id ${d.eventId}).`);
                      setTimeout(deliveries.reload, 1500);
                    })
                  }
                >
                  Replay
                </button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

function DeliveryAttempts({ delivery }: { delivery: Delivery }) {
  return (
    <details className="ops-more">
      <summary>
        {delivery.attempts.length} {delivery.attempts.length === 1 ? 'attempt' : 'attempts'} and payload
      </summary>
      {delivery.attempts.length > 0 && (
        <table className="ops-attempts">
          <caption className="visually-hidden">Attempts of delivery {delivery.id}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">HTTP status</th>
              <th scope="col">Duration</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((a, i) => {
              const d = describeAttempt(a);
              return (
                <tr key={`${a.at}-${i}`}>
                  <td>{i + 1}</td>
                  <td>
                    <Time iso={a.at} opts={{ dateStyle: 'short', timeStyle: 'medium' }} />
                  </td>
                  <td>{a.status ?? '—'}</td>
                  <td>{formatDuration(a.durationMs)}</td>
                  <td className={d.ok ? '' : 'field-error'}>{d.outcome}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="hint">
        webhook-id <code>{delivery.eventId}</code>
      </p>
      <JsonBlock value={delivery.payload} label="Payload" />
    </details>
  );
}
