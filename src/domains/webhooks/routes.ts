/** Outgoing webhooks (Standard Webhooks): endpoints, secret rotation, test events, the delivery log and replay. */
import { createRouter, idParam, json, jsonBody, mintsSecret, OrgParams, pageOf, PageQuery, problem, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  replayDelivery,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
} from './endpoints';
import { CreateWebhookSchema, DeliveryQuery, UpdateWebhookSchema, WebhookDeliverySchema, WebhookEndpointSchema, WebhookEndpointWithSecretSchema } from './schemas';

const WebhookParams = OrgParams.extend({ webhookId: idParam('whe', 'Webhook endpoint id') });
const DeliveryParams = WebhookParams.extend({ deliveryId: idParam('whd', 'Webhook delivery id') });
const tags = ['Webhooks'];

export const webhookRoutes = createRouter()
  .openapi(
    tenantRoute('webhooks.read', {
      method: 'get',
      path: '/orgs/{orgId}/webhooks',
      tags,
      summary: 'List webhook endpoints (never their secrets)',
      request: { params: OrgParams, query: PageQuery },
      responses: { 200: json(pageOf(WebhookEndpointSchema), 'A page of endpoints') },
    }),
    async (c) => c.json(await listWebhooks({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    mintsSecret(tenantRoute('webhooks.manage', {
      method: 'post',
      path: '/orgs/{orgId}/webhooks',
      tags,
      summary: 'Register a webhook endpoint for some event types; the signing secret is in this response only',
      description: 'Deliveries follow the Standard Webhooks spec: see docs/webhooks.md for the headers, the signature and the retry schedule.',
      request: { params: OrgParams, body: jsonBody(CreateWebhookSchema) },
      responses: { 201: json(WebhookEndpointWithSecretSchema, 'Registered'), 409: problem('Too many endpoints') },
    })),
    async (c) => c.json(await createWebhook({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('webhooks.read', {
      method: 'get',
      path: '/orgs/{orgId}/webhooks/{webhookId}',
      tags,
      summary: 'One webhook endpoint',
      request: { params: WebhookParams },
      responses: { 200: json(WebhookEndpointSchema, 'The endpoint') },
    }),
    async (c) => c.json(await getWebhook(tenantContext(c), c.req.valid('param').webhookId), 200),
  )
  .openapi(
    tenantRoute('webhooks.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/webhooks/{webhookId}',
      tags,
      summary: 'Change the URL, event types or description; status "active" re-enables a disabled endpoint',
      request: { params: WebhookParams, body: jsonBody(UpdateWebhookSchema) },
      responses: { 200: json(WebhookEndpointSchema, 'Updated') },
    }),
    async (c) => c.json(await updateWebhook({ ctx: tenantContext(c), webhookId: c.req.valid('param').webhookId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('webhooks.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/webhooks/{webhookId}',
      tags,
      summary: 'Delete a webhook endpoint and its delivery log',
      request: { params: WebhookParams },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteWebhook({ ctx: tenantContext(c), webhookId: c.req.valid('param').webhookId });
      return c.body(null, 204);
    },
  )
  .openapi(
    mintsSecret(tenantRoute('webhooks.manage', {
      method: 'post',
      path: '/orgs/{orgId}/webhooks/{webhookId}/rotate-secret',
      tags,
      summary: 'Rotate the signing secret (in this response only); the previous secret keeps signing alongside for 24 hours',
      request: { params: WebhookParams },
      responses: { 200: json(WebhookEndpointWithSecretSchema, 'Rotated'), 409: problem('Rotated concurrently') },
    })),
    async (c) => c.json(await rotateWebhookSecret({ ctx: tenantContext(c), webhookId: c.req.valid('param').webhookId }), 200),
  )
  .openapi(
    tenantRoute('webhooks.manage', {
      method: 'post',
      path: '/orgs/{orgId}/webhooks/{webhookId}/test',
      tags,
      summary: 'Send a webhook.test event to this endpoint only (delivered, retried and logged like any event)',
      request: { params: WebhookParams },
      responses: { 202: json(WebhookDeliverySchema, 'Queued'), 409: problem('The endpoint is disabled') },
    }),
    async (c) => c.json(await sendTestEvent({ ctx: tenantContext(c), webhookId: c.req.valid('param').webhookId }), 202),
  )
  .openapi(
    tenantRoute('webhooks.read', {
      method: 'get',
      path: '/orgs/{orgId}/webhooks/{webhookId}/deliveries',
      tags,
      summary: "The endpoint's delivery log: each delivery's state and every attempt's time, HTTP status, duration and error",
      request: { params: WebhookParams, query: DeliveryQuery },
      responses: { 200: json(pageOf(WebhookDeliverySchema), 'A page of deliveries, newest first') },
    }),
    async (c) => c.json(await listDeliveries({ ctx: tenantContext(c), webhookId: c.req.valid('param').webhookId, input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('webhooks.manage', {
      method: 'post',
      path: '/orgs/{orgId}/webhooks/{webhookId}/deliveries/{deliveryId}/replay',
      tags,
      summary: 'Try a delivery again now (a dead one too), with the same webhook-id',
      request: { params: DeliveryParams },
      responses: { 202: json(WebhookDeliverySchema, 'Queued'), 409: problem('The endpoint is disabled') },
    }),
    async (c) => {
      const { webhookId, deliveryId } = c.req.valid('param');
      return c.json(await replayDelivery({ ctx: tenantContext(c), webhookId, deliveryId }), 202);
    },
  );
