/**
 * Outgoing webhooks: endpoints (create → signing secret once), and per endpoint (webhook-detail.tsx): edit, re-enable,
 * rotate the secret, send a test, delete, and the delivery log with every attempt, replayable.
 */
import { useState } from 'react';
import { Link, Route, Switch } from 'wouter';
import { api, call, type Schemas } from '../../../api/client';
import { ProblemBanner, SubmitButton, useForm } from '../../../ui/forms';
import { PagedTable, usePaged } from '../../../ui/list';
import { atLeast, useOrg } from '../../session';
import { SecretOnce, StatusBadge, Time } from '../ops/common';
import { placedKeys } from '../ops/logic';
import '../ops/ops.css';
import { EndpointFields, type EndpointValues } from './endpoint-fields';
import { WebhookDetail } from './webhook-detail';

type Endpoint = Schemas['WebhookEndpoint'];

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

