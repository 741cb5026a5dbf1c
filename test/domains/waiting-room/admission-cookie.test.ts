/**
 * The admission cookie (issue #14, docs/waiting-room.md "The admission cookie"): redeeming a queue ticket also sets
 * `vge_admission` — HttpOnly, Secure, SameSite=Strict, scoped to the event's public API path, carrying the token and
 * nothing else — and the holds, quotes and checkouts of that event take it in place of the `Admission` header. Neither
 * → 403 admission_required; another event's cookie → 403; the cookie from another site's page → 403 origin_not_allowed.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { admissionCookieValue } from '../../../src/domains/waiting-room/admission-cookie';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';

const roomOf = (orgId: string, eventId: string) => env.WAITING_ROOM.get(env.WAITING_ROOM.idFromName(`${orgId}:${eventId}`));

async function admitted() {
  const owner = await signup();
  const f = await onSaleEvent(owner, { layout: false, gaCapacity: 50 });
  const put = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/waiting-room`, { token: owner.token, body: { enabled: true, maxSeatsPerBuyer: 4 } });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const ticket = (await api('POST', `/public/events/${f.eventId}/queue`, { body: {} })).body.ticket as string;
  await roomOf(owner.orgId, f.eventId).tick();
  const res = await api('POST', `/public/events/${f.eventId}/queue/admit`, { headers: { Authorization: `Bearer ${ticket}` } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { f, admission: res.body.admission as string, expiresAt: res.body.expiresAt as string, setCookie: res.headers.getSetCookie() };
}

describe('the admission cookie', () => {
  it('is set on redeeming: HttpOnly, Secure, SameSite=Strict, the event’s public API path, the token alone, gone with the admission', async () => {
    const { f, admission, expiresAt, setCookie } = await admitted();
    const cookies = setCookie.filter((c) => c.startsWith('vge_admission='));
    expect(cookies).toHaveLength(1);
    const [pair, ...attrs] = cookies[0]!.split(';').map((p) => p.trim());
    // The value is exactly the token the body answers: no session id, seats or anything else beside it.
    expect(pair).toBe(`vge_admission=${admission}`);
    expect(attrs).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', `Path=/api/v1/public/events/${f.eventId}`]));
    expect(attrs.some((a) => /^Domain=/i.test(a))).toBe(false);
    const maxAge = Number(attrs.find((a) => a.startsWith('Max-Age='))!.slice('Max-Age='.length));
    expect(Math.abs(maxAge - (Date.parse(expiresAt) - Date.now()) / 1000)).toBeLessThan(5);
  });

  it('opens holds, quotes and checkouts like the header; neither, another event’s cookie, or the cookie from another site is refused', async () => {
    const { f, admission } = await admitted();
    const cookie = (token: string) => ({ Cookie: `other=1; vge_admission=${token}` });
    const hold = (headers: Record<string, string>) => api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 }, headers });
    const quote = (headers: Record<string, string>) => api('POST', `/public/events/${f.eventId}/quote`, { body: { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }] }, headers });

    // The header (API clients).
    expect((await hold({ Admission: admission })).status).toBe(201);
    // The cookie alone (the storefront), also from the app's own origin and same-origin fetch metadata.
    const byCookie = await hold(cookie(admission));
    expect(byCookie.status, JSON.stringify(byCookie.body)).toBe(201);
    expect((await hold({ ...cookie(admission), Origin: new URL(env.APP_URL).origin, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(201);
    expect((await quote(cookie(admission))).status).toBe(200);
    // The cookie's session is the header's: their seats count against one maxSeats (3 held, a 4th by cookie, no 5th).
    expect((await hold(cookie(admission))).status).toBe(201);
    const capped = await hold({ Admission: admission });
    expect(capped.status).toBe(409);
    expect(capped.body.code).toBe('admission_seat_limit');

    // Neither: refused.
    const none = await hold({});
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('admission_required');
    expect(none.headers.get('Content-Type')).toMatch(/application\/problem\+json/);
    const checkout = await api('POST', `/public/events/${f.eventId}/checkout`, { body: { holds: ['hld_01jx0000000000000000000000'], buyer: { name: 'B', email: 'b@example.com' } }, headers: cookie('garbage') });
    expect(checkout.status).toBe(403);
    expect(checkout.body.code).toBe('admission_required');

    // Another event's admission as the cookie: refused (the token names its event).
    const other = await admitted();
    const foreign = await hold(cookie(other.admission));
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('admission_required');

    // The cookie on a request another site's page started: refused even with a valid token.
    const crossOrigin = await hold({ ...cookie(admission), Origin: 'https://evil.example' });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.body.code).toBe('origin_not_allowed');
    const crossSite = await quote({ ...cookie(admission), 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('origin_not_allowed');
    // The header from anywhere is fine (a page on another site cannot read the token to send it).
    expect((await quote({ Admission: admission, Origin: 'https://api-client.example' })).status).toBe(200);
  });

  it('is read from the Cookie header by its name only', () => {
    expect(admissionCookieValue('a=1; vge_admission=tok.en.sig; b=2')).toBe('tok.en.sig');
    expect(admissionCookieValue('xvge_admission=nope')).toBeUndefined();
    expect(admissionCookieValue(undefined)).toBeUndefined();
    expect(admissionCookieValue('vge_admission=')).toBeUndefined();
  });
});
