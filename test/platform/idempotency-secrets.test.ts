/**
 * Answers that carry a secret shown once (sessions, API keys, device tokens, webhook secrets, order links) never
 * land in the idempotency store (D1 `idempotency_keys`, read raw here); a replay with the same key answers 409
 * `idempotency_secret_not_replayable` and the work is still done once. Every operation that answers with a token
 * or a secret must be marked `mintsSecret`, so a new one cannot forget.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/app';
import { MINTS_SECRET_EXTENSION } from '../../src/platform/openapi';
import { api, signup, uniqueEmail, uniqueIp } from '../support/api';
import { hold } from '../support/checkout';
import { onSaleEvent } from '../support/events';

/** Everything the store holds for this Idempotency-Key, as text. */
async function stored(key: string): Promise<{ text: string; status: string | undefined }> {
  const rows = await env.DB.prepare('select * from idempotency_keys where key = ?').bind(key).all<Record<string, unknown>>();
  return { text: JSON.stringify(rows.results), status: rows.results[0]?.status as string | undefined };
}

async function expectWithheld(key: string, secrets: string[], replay: () => Promise<{ status: number; body: any }>) {
  const row = await stored(key);
  expect(row.status).toBe('secret_withheld');
  for (const secret of secrets) expect(row.text).not.toContain(secret);
  const again = await replay();
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('idempotency_secret_not_replayable');
  expect(again.body.detail).toMatch(/succeeded/);
  expect(JSON.stringify(again.body)).not.toMatch(/vge_|whsec|eyJ/);
}

describe('secrets and the idempotency store', () => {
  it('an API key: created once, never stored, a replay is 409', async () => {
    const owner = await signup();
    const key = `key-${crypto.randomUUID()}`;
    const create = () => api('POST', `/orgs/${owner.orgId}/api-keys`, { token: owner.token, body: { name: 'ci', scopes: ['events.read'] }, headers: { 'Idempotency-Key': key } });
    const first = await create();
    expect(first.status).toBe(201);
    await expectWithheld(key, [first.body.secret], create);
    const keys = await env.DB.prepare('select count(*) as n from api_keys where organization_id = ?').bind(owner.orgId).first<{ n: number }>();
    expect(keys!.n).toBe(1);
  });

  it('a session from login: neither the token nor the cookie is stored', async () => {
    const owner = await signup();
    const key = `login-${crypto.randomUUID()}`;
    const ip = uniqueIp();
    const login = () => api('POST', '/auth/login', { body: { email: owner.email, password: owner.password }, headers: { 'Idempotency-Key': key, 'CF-Connecting-IP': ip } });
    const first = await login();
    expect(first.status).toBe(200);
    await expectWithheld(key, [first.body.token, first.body.csrfToken], login);
  });

  it('a webhook signing secret and a device token', async () => {
    const owner = await signup();
    const hookKey = `hook-${crypto.randomUUID()}`;
    const hook = () =>
      api('POST', `/orgs/${owner.orgId}/webhooks`, { token: owner.token, body: { url: 'https://hooks.example.com/x', eventTypes: ['order.paid'] }, headers: { 'Idempotency-Key': hookKey } });
    const h = await hook();
    expect(h.status).toBe(201);
    await expectWithheld(hookKey, [h.body.secret], hook);

    const { eventId } = await onSaleEvent(owner);
    const deviceKey = `device-${crypto.randomUUID()}`;
    const device = () => api('POST', `/orgs/${owner.orgId}/devices`, { token: owner.token, body: { name: 'Gate A', eventIds: [eventId] }, headers: { 'Idempotency-Key': deviceKey } });
    const d = await device();
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    await expectWithheld(deviceKey, [d.body.token], device);
  });

  it('the order link from checkout: not stored, a replay is 409 and opens no second order', async () => {
    const owner = await signup();
    const { eventId, gaTypeId } = await onSaleEvent(owner);
    const held = await hold(eventId, { ticketTypeId: gaTypeId, quantity: 1 });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const key = `checkout-${crypto.randomUUID()}`;
    const body = { holds: [held.body.id], buyer: { name: 'Buyer Test', email: uniqueEmail('buyer') } };
    const go = () => api('POST', `/public/events/${eventId}/checkout`, { body, headers: { 'Idempotency-Key': key } });
    const first = await go();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await expectWithheld(key, [first.body.accessToken], go);
    const orders = await env.DB.prepare('select count(*) as n from orders where event_id = ?').bind(eventId).first<{ n: number }>();
    expect(orders!.n).toBe(1);
  });

  it('every operation that answers with a token or a secret is marked mintsSecret', () => {
    const doc = openApiDocument() as any;
    const SECRET_FIELD = /^(token|secret|accessToken|orderUrl|csrfToken|apiKey|password|resetToken|inviteToken|refreshToken)$/;
    // These answer with ticket QR codes that GET /orgs/{orgId}/orders/{orderId} shows again to anyone with orders.read.
    const EXEMPT: Record<string, string> = {
      'POST /api/v1/orgs/{orgId}/orders/{orderId}/cancel': 'qrToken, readable again',
      'POST /api/v1/orgs/{orgId}/orders/{orderId}/tickets/{ticketId}/reissue': 'qrToken, readable again',
    };
    const fields = (schema: any, depth = 0): string[] => {
      if (!schema || depth > 8) return [];
      if (schema.$ref) return fields(doc.components.schemas[schema.$ref.split('/').pop()], depth + 1);
      const out: string[] = [];
      for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] ?? []) out.push(...fields(s, depth + 1));
      for (const [name, s] of Object.entries(schema.properties ?? {})) out.push(name, ...fields(s, depth + 1));
      if (schema.items) out.push(...fields(schema.items, depth + 1));
      return out;
    };
    const unmarked: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (method === 'get' || EXEMPT[`${method.toUpperCase()} ${path}`]) continue;
        const success = Object.entries<any>(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
        const names = success.flatMap(([, r]) => fields(r.content?.['application/json']?.schema));
        if (names.some((n) => SECRET_FIELD.test(n) || /(Token|Secret)$/.test(n) && n !== 'qrToken') && !op[MINTS_SECRET_EXTENSION]) unmarked.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(unmarked).toEqual([]);
  });
});
