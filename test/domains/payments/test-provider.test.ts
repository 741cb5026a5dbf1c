/** The test PSP's hosted page: rendering, refusing forged or expired sessions, and Pay / Fail / Cancel with async signed webhooks. */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/app';
import { testPaymentPages, type DeliverWebhook } from '../../../src/domains/payments/test-pages';
import { createTestProvider, TEST_SIGNATURE_HEADER, TEST_WEBHOOK_PATH, type TestPaymentProvider } from '../../../src/domains/payments/test-provider';
import { WebhookSignatureError, type CreateSessionInput } from '../../../src/domains/payments/provider';
import type { AppEnv } from '../../../src/platform/openapi';

const ORIGIN = 'https://voelgoed.test';

function input(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    paymentId: `pay_${crypto.randomUUID()}`,
    orderId: 'ord_page1',
    organizationId: 'org_page1',
    amountMinor: 12_345,
    currency: 'ZAR',
    description: '2 tickets: Jazz on the Lawn',
    buyerEmail: 'buyer@example.com',
    successUrl: 'https://shop.example/thanks?session={CHECKOUT_SESSION_ID}',
    cancelUrl: 'https://shop.example/cancelled',
    ...overrides,
  };
}

type Delivered = { request: Request; body: string };

/** The hosted-page router alone, with a dispatch that records what it is handed and answers as `answer` says. */
function harness(answer: (n: number) => Response | Promise<Response> = () => new Response(null, { status: 200 }), retryDelaysMs = [0, 0, 0]) {
  const delivered: Delivered[] = [];
  const dispatch: DeliverWebhook = async (request) => {
    delivered.push({ request, body: await request.clone().text() });
    return answer(delivered.length);
  };
  const app = new Hono<AppEnv>().route('/', testPaymentPages({ dispatch, retryDelaysMs }));
  const call = async (path: string, init?: RequestInit) => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${ORIGIN}${path}`, init), env, ctx);
    return { res, settled: () => waitOnExecutionContext(ctx) };
  };
  return { delivered, call };
}

async function newSession(provider: TestPaymentProvider = createTestProvider(env), overrides: Partial<CreateSessionInput> = {}) {
  const data = input(overrides);
  const session = await provider.createSession(data);
  return { ...session, input: data, path: new URL(session.redirectUrl).pathname };
}

describe('test provider hosted page', () => {
  it('renders the amount with its currency, the description and three POST forms', async () => {
    const { call } = harness();
    const session = await newSession(undefined, { description: 'Jazz <on> the "Lawn" & more' });
    expect(session.redirectUrl).toBe(`${env.APP_URL}/pay/test/${session.sessionId}`);
    const { res } = await call(session.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<h1 id="title">Pay ZAR\s123\.45<\/h1>/);
    expect(html).toContain('Jazz &lt;on&gt; the &quot;Lawn&quot; &amp; more');
    expect(html).not.toContain('<script');
    const forms = [...html.matchAll(/<form method="post" action="([^"]+)"><button type="submit"[^>]*>([^<]+)<\/button><\/form>/g)];
    expect(forms.map((m) => m[1])).toEqual(['pay', 'fail', 'cancel'].map((a) => `/pay/test/${session.sessionId}/${a}`));
    expect(forms.map((m) => m[2])).toEqual([expect.stringMatching(/^Pay ZAR\s123\.45$/), 'Fail the payment', 'Cancel and go back']);
  });

  it('formats by the currency’s own minor unit', async () => {
    const { call } = harness();
    const yen = await newSession(undefined, { amountMinor: 5_000, currency: 'JPY' });
    expect(await (await call(yen.path)).res.text()).toMatch(/JPY\s5,000/);
  });

  it('answers a forged, tampered, foreign or expired session with a 404 page and sends nothing', async () => {
    const { call, delivered } = harness();
    const session = await newSession();
    const [payload, signature] = session.sessionId.slice('tps_'.length).split('.') as [string, string];
    const forgedPayload = btoa(JSON.stringify({ ...JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))), amt: 1 })).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    const foreign = await createTestProvider({ ...env, TEST_PROVIDER_WEBHOOK_SECRET: 'another-deployments-secret-0123456789' }).createSession(input());
    const expired = await newSession(createTestProvider(env, { now: () => Date.now() - 31 * 60_000 }));
    const bad = [
      `tps_${forgedPayload}.${signature}`,
      // One character of the signature changed (the middle one: a base64url text's last character may carry bits a
      // decoder ignores, so changing it could, once in a thousand runs, be no change at all).
      `tps_${payload}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`,
      foreign.sessionId,
      expired.sessionId,
      'tps_not-a-session',
      'cs_test_whatever',
    ];
    for (const id of bad) {
      const page = await call(`/pay/test/${id}`);
      expect(page.res.status, id).toBe(404);
      expect(await page.res.text()).toContain('invalid or has expired');
      const post = await call(`/pay/test/${id}/pay`, { method: 'POST' });
      expect(post.res.status).toBe(404);
      await post.settled();
    }
    expect(delivered).toHaveLength(0);
  });

  it('Pay redirects (303) to the success URL at once, then delivers a signed payment.succeeded webhook', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { call, delivered } = harness(async () => {
      await gate;
      return new Response(null, { status: 200 });
    });
    const provider = createTestProvider(env);
    const session = await newSession(provider);
    const { res, settled } = await call(`${session.path}/pay`, { method: 'POST' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`https://shop.example/thanks?session=${encodeURIComponent(session.sessionId)}`);
    // The browser has its answer while the webhook is still in flight.
    release();
    await settled();

    expect(delivered).toHaveLength(1);
    const [{ request, body }] = delivered as [Delivered];
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${ORIGIN}${TEST_WEBHOOK_PATH}`);
    expect(request.headers.get('Content-Type')).toBe('application/json');
    expect(request.headers.get(TEST_SIGNATURE_HEADER)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = await provider.parseWebhook(body, request.headers);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_test_[0-9a-f]{32}_pay$/),
      type: 'payment.succeeded',
      sessionId: session.sessionId,
      paymentId: expect.stringMatching(/^pay_test_[0-9a-f]{24}$/),
      amountMinor: 12_345,
      currency: 'ZAR',
      metadata: { orderId: 'ord_page1', organizationId: 'org_page1', paymentId: session.input.paymentId },
    });

    // The test helper rebuilds the same event (same id), freshly signed: a redelivery for dedupe tests.
    const resent = await provider.webhookRequest(session.sessionId, 'pay');
    expect(new URL(resent.url).pathname).toBe(TEST_WEBHOOK_PATH);
    expect(await provider.parseWebhook(await resent.text(), resent.headers)).toEqual(event);
  });

  it.each([
    ['fail', 'payment.failed'],
    ['cancel', 'payment.cancelled'],
  ] as const)('%s redirects (303) to the cancel URL and delivers %s', async (action, type) => {
    const { call, delivered } = harness();
    const provider = createTestProvider(env);
    const session = await newSession(provider);
    const { res, settled } = await call(`${session.path}/${action}`, { method: 'POST' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('https://shop.example/cancelled');
    await settled();
    expect(delivered).toHaveLength(1);
    const event = await provider.parseWebhook(delivered[0]!.body, delivered[0]!.request.headers);
    expect(event).toEqual({
      id: expect.stringMatching(new RegExp(`_${action}$`)),
      type,
      sessionId: session.sessionId,
      metadata: { orderId: 'ord_page1', organizationId: 'org_page1', paymentId: session.input.paymentId },
    });
  });

  it('retries a delivery the platform did not accept, with the same event id, and sends the same id when Pay is pressed twice', async () => {
    const { call, delivered } = harness((n) => new Response(null, { status: n === 1 ? 500 : 200 }));
    const provider = createTestProvider(env);
    const session = await newSession(provider);
    await (await call(`${session.path}/pay`, { method: 'POST' })).settled();
    await (await call(`${session.path}/pay`, { method: 'POST' })).settled();
    expect(delivered).toHaveLength(3);
    const events = await Promise.all(delivered.map((d) => provider.parseWebhook(d.body, d.request.headers)));
    expect(new Set(events.map((e) => e.id)).size).toBe(1);
  });

  it('gives up after the configured attempts without failing the request', async () => {
    const { call, delivered } = harness(() => {
      throw new Error('platform down');
    });
    const session = await newSession();
    const { res, settled } = await call(`${session.path}/cancel`, { method: 'POST' });
    expect(res.status).toBe(303);
    await settled();
    expect(delivered).toHaveLength(3);
  });

  it('refuses a webhook signed too far in the future as well as too long ago', async () => {
    const provider = createTestProvider(env);
    const session = await newSession(provider);
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now + 10 * 60, now - 10 * 60]) {
      const request = await provider.webhookRequest(session.sessionId, 'pay', { timestamp });
      await expect(provider.parseWebhook(await request.text(), request.headers)).rejects.toBeInstanceOf(WebhookSignatureError);
    }
    const fresh = await provider.webhookRequest(session.sessionId, 'pay', { timestamp: now - 4 * 60 });
    await expect(provider.parseWebhook(await fresh.text(), fresh.headers)).resolves.toMatchObject({ type: 'payment.succeeded' });
  });

  it('is mounted on the Worker outside the API, under the app’s CSP, and absent from the OpenAPI document', async () => {
    const session = await newSession();
    const res = await SELF.fetch(`${ORIGIN}${session.path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('Pay ZAR');
    expect((await SELF.fetch(`${ORIGIN}/pay/test/tps_forged.sig`)).status).toBe(404);
    expect(Object.keys(openApiDocument().paths ?? {}).filter((p) => p.includes('/pay/'))).toEqual([]);
  });
});
