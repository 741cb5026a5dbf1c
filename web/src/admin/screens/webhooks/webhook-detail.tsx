/** One webhook endpoint: edit, re-enable, rotate the secret, send a test, delete, and its delivery log. */
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { api, call, type Schemas } from '../../../api/client';
import { ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { PagedTable, usePaged } from '../../../ui/list';
import { useLoad } from '../../../ui/load';
import { atLeast, useOrg } from '../../session';
import { ActionOutcome, BackLink, ConfirmAction, RecordPending, SecretOnce, StatusBadge, Time, useActions } from '../ops/common';
import { placedKeys, deliverySummary, humanize, type WebhookEventType } from '../ops/logic';
import { EndpointFields, type EndpointValues } from './endpoint-fields';
import { DeliveryAttempts } from './delivery-attempts';

type Endpoint = Schemas['WebhookEndpoint'];
type Delivery = Schemas['WebhookDelivery'];

export function WebhookDetail({ webhookId }: { webhookId: string }) {
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
          { header: 'Attempts', wide: true, cell: (d) => <DeliveryAttempts delivery={d} /> },
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
