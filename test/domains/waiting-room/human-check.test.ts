/**
 * Turnstile on holding without a queue (docs/waiting-room.md): where TURNSTILE_SECRET is set, a hold of an event with
 * no active room needs the widget's token once; the answer's human pass then stands in for it on later holds,
 * extensions and quotes of that event (never of another); an admission needs neither. Through the real Worker with
 * Cloudflare's documented test secrets, which the development/test adapter answers itself.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signHumanPass } from '../../../src/domains/waiting-room/human-pass';
import { signAdmission } from '../../../src/domains/waiting-room/tokens';
import { TURNSTILE_TEST_SECRETS } from '../../../src/platform/turnstile';
import { api, BASE, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { fetchWorker } from '../../support/worker-fetch';

const withSecret = (secret: string) => ({ ...env, TURNSTILE_SECRET: secret }) as Cloudflare.Env;
const TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';

function client(secret: string) {
  const e = withSecret(secret);
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetchWorker(e, new Request(`${BASE}${path}`, { method, headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined }));
  return { send };
}

describe('Turnstile on holds without a queue', () => {
  it('asks for the token once, then takes the pass on holds, extensions and quotes of that event only', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 20 });
    const other = await onSaleEvent(owner, { layout: false, gaCapacity: 20 });
    const { send } = client(TURNSTILE_TEST_SECRETS.pass);
    const hold = (eventId: string, typeId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => send('POST', `/public/events/${eventId}/holds`, { ticketTypeId: typeId, quantity: 1, ...extra }, headers);

    const bare = await hold(f.eventId, f.gaTypeId);
    expect(bare.status).toBe(403);
    expect(bare.body.code).toBe('turnstile_failed');
    expect(bare.headers.get('Content-Type')).toMatch(/application\/problem\+json/);

    // The always-pass secret takes the widget's token; the answer carries a pass for this event (body and header).
    const first = await hold(f.eventId, f.gaTypeId, { turnstileToken: TOKEN });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const pass = first.body.humanPass as string;
    expect(pass).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first.headers.get('Human-Pass')).toBe(pass);
    const claims = JSON.parse(atob(pass.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims).toMatchObject({ iss: 'voelgoed/human', aud: f.eventId });
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(600);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(1800);

    // Later holds, the extension and the quote send the pass instead of a new token; nothing new is handed out.
    const second = await hold(f.eventId, f.gaTypeId, {}, { 'Human-Pass': pass });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.humanPass).toBeUndefined();
    expect((await send('POST', `/public/events/${f.eventId}/holds/${second.body.id}/extend`, undefined, { 'Human-Pass': pass })).status).toBe(200);
    const extendBare = await send('POST', `/public/events/${f.eventId}/holds/${first.body.id}/extend`);
    expect(extendBare.status).toBe(403);
    expect(extendBare.body.code).toBe('turnstile_failed');
    const quote = (headers: Record<string, string>, extra: Record<string, unknown> = {}) => send('POST', `/public/events/${f.eventId}/quote`, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }], ...extra }, headers);
    expect((await quote({ 'Human-Pass': pass })).status).toBe(200);
    expect((await quote({})).body.code).toBe('turnstile_failed');
    const quoted = await quote({}, { turnstileToken: TOKEN });
    expect(quoted.status).toBe(200);
    expect(quoted.headers.get('Human-Pass')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // The pass is bound to its event, and it expires.
    const elsewhere = await hold(other.eventId, other.gaTypeId, {}, { 'Human-Pass': pass });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('turnstile_failed');
    const expired = await signHumanPass(env, f.eventId, -10);
    expect((await hold(f.eventId, f.gaTypeId, {}, { 'Human-Pass': expired.pass })).body.code).toBe('turnstile_failed');
    expect((await hold(f.eventId, f.gaTypeId, {}, { 'Human-Pass': 'forged.pass.value' })).body.code).toBe('turnstile_failed');
  });

  it('refuses a token under the always-fail secret, and checks nothing without a secret', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    const failing = await client(TURNSTILE_TEST_SECRETS.fail).send('POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 1, turnstileToken: TOKEN });
    expect(failing.status).toBe(403);
    expect(failing.body.code).toBe('turnstile_failed');
    expect(failing.body.detail).toContain('invalid-input-response');
    // The test run's own environment sets no secret: holds are not checked (and hand out no pass).
    const unchecked = await api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } });
    expect(unchecked.status).toBe(201);
    expect(unchecked.body.humanPass).toBeUndefined();
  });

  it('needs no token from a buyer with an admission (the queue’s join checked them)', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 5 });
    expect((await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true } })).status).toBe(200);
    const { send } = client(TURNSTILE_TEST_SECRETS.pass);
    const admission = await signAdmission(env, { sessionId: `ses_${crypto.randomUUID()}`, eventId: f.eventId, maxSeats: 2, expiresAt: Date.now() + 600_000 });
    const held = await send('POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 1 }, { Admission: admission });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.body.humanPass).toBeUndefined();
    // Extending a hold made through the room needs no pass either.
    expect((await send('POST', `/public/events/${f.eventId}/holds/${held.body.id}/extend`)).status).toBe(200);
  });
});
