/**
 * A fake Stripe API, played in-process behind the SDK's own fetch HTTP client (the one production uses), so the
 * adapter's requests go through the real SDK: URL, form encoding, headers, idempotency keys, response parsing and
 * error mapping. This is the one mock in the payments tests: Stripe is a remote PSP that tests can't reach.
 * It implements just what the adapter calls: POST /v1/checkout/sessions and POST /v1/refunds, with Stripe's
 * idempotency semantics (same key and body → the same response; same key, other body → 400 idempotency_error).
 */
import Stripe from 'stripe';

export type FakeStripeRequest = { method: string; path: string; headers: Headers; form: Record<string, string> };

type Stored = { status: number; body: unknown; requestBody: string };

let counter = 0;
const fakeId = (prefix: string) => `${prefix}_test_${Date.now().toString(36)}${(++counter).toString(36).padStart(4, '0')}${crypto.randomUUID().slice(0, 8)}`;

function stripeError(status: number, type: string, message: string, code?: string) {
  return { status, body: { error: { type, message, ...(code ? { code } : {}) } } };
}

export class FakeStripeApi {
  readonly requests: FakeStripeRequest[] = [];
  readonly sessions = new Map<string, Record<string, any>>();
  private readonly idempotent = new Map<string, Stored>();

  constructor(readonly secretKey: string) {}

  /** An SDK HTTP client whose every request lands here. */
  httpClient() {
    return Stripe.createFetchHttpClient(this.fetch);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = new TextDecoder().decode(await request.arrayBuffer());
    const form = Object.fromEntries(new URLSearchParams(text));
    this.requests.push({ method: request.method, path: url.pathname, headers: request.headers, form });
    if (url.hostname !== 'api.stripe.com') return Response.json(stripeError(400, 'invalid_request_error', 'Wrong host').body, { status: 400 });
    if (request.headers.get('Authorization') !== `Bearer ${this.secretKey}`)
      return Response.json(stripeError(401, 'invalid_request_error', 'Invalid API Key provided').body, { status: 401 });

    const key = request.headers.get('Idempotency-Key');
    const scope = key ? `${request.method} ${url.pathname} ${key}` : undefined;
    const previous = scope ? this.idempotent.get(scope) : undefined;
    if (previous) {
      if (previous.requestBody !== text) {
        return Response.json(stripeError(400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.').body, { status: 400 });
      }
      return Response.json(previous.body, { status: previous.status, headers: { 'Idempotent-Replayed': 'true' } });
    }
    const { status, body } = this.route(request.method, url.pathname, form);
    if (scope) this.idempotent.set(scope, { status, body, requestBody: text });
    return Response.json(body, { status, headers: { 'Request-Id': fakeId('req') } });
  };

  private route(method: string, path: string, form: Record<string, string>): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createSession(form);
    if (method === 'POST' && path === '/v1/refunds') return this.createRefund(form);
    return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }

  private createSession(form: Record<string, string>) {
    const unitAmount = Number(form['line_items[0][price_data][unit_amount]']);
    const quantity = Number(form['line_items[0][quantity]'] ?? 1);
    if (form.mode !== 'payment' || !Number.isInteger(unitAmount) || !form['line_items[0][price_data][currency]']) {
      return stripeError(400, 'invalid_request_error', 'Missing required param.', 'parameter_missing');
    }
    const id = fakeId('cs');
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) {
      const m = /^metadata\[(.+)\]$/.exec(k);
      if (m) metadata[m[1]!] = v;
    }
    const session = {
      id,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: unitAmount * quantity,
      amount_subtotal: unitAmount * quantity,
      currency: form['line_items[0][price_data][currency]'],
      client_reference_id: form.client_reference_id ?? null,
      customer_email: form.customer_email ?? null,
      success_url: form.success_url,
      cancel_url: form.cancel_url,
      metadata,
      payment_intent: null,
      livemode: false,
      url: `https://checkout.stripe.com/c/pay/${id}`,
    };
    this.sessions.set(id, session);
    return { status: 200, body: session };
  }

  private createRefund(form: Record<string, string>) {
    const paymentIntent = form.payment_intent;
    if (!paymentIntent?.startsWith('pi_')) return stripeError(400, 'invalid_request_error', `No such payment_intent: '${paymentIntent}'`, 'resource_missing');
    return {
      status: 200,
      body: { id: fakeId('re'), object: 'refund', amount: Number(form.amount), payment_intent: paymentIntent, status: 'succeeded', currency: 'zar' },
    };
  }

  /** The event Stripe would send for a session: paid (completed), expired, or an async payment that failed. */
  event(sessionId: string, type: 'checkout.session.completed' | 'checkout.session.expired' | 'checkout.session.async_payment_failed', overrides: Record<string, unknown> = {}) {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe: no session ${sessionId}`);
    const object: Record<string, unknown> =
      type === 'checkout.session.completed'
        ? { ...session, status: 'complete', payment_status: 'paid', payment_intent: `pi_${sessionId.slice(3)}`, ...overrides }
        : type === 'checkout.session.expired'
          ? { ...session, status: 'expired', url: null, ...overrides }
          : { ...session, status: 'complete', payment_status: 'unpaid', payment_intent: `pi_${sessionId.slice(3)}`, ...overrides };
    return {
      id: fakeId('evt'),
      object: 'event',
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    };
  }
}
