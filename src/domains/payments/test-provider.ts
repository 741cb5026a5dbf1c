/**
 * The built-in test PSP, so the whole checkout runs locally and in tests without a network:
 * - createSession returns a signed, self-contained session id (nothing is stored) and a link to a hosted page
 *   served by this Worker (`/pay/test/{sessionId}`, see test-pages.ts) with Pay / Fail / Cancel;
 * - those buttons send a signed webhook to `/api/v1/webhooks/payments/test`, after the redirect, like a real PSP;
 * - refunds succeed at once.
 * Signatures follow Stripe's scheme: `Voelgoed-Test-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.
 * Everything is keyed by TEST_PROVIDER_WEBHOOK_SECRET; without it (and always in production) the provider is off.
 */
import { z } from 'zod';
import { isDevelopmentLike } from '../../platform/app-env';
import { sha256Hex } from '../../platform/crypto';
import { base64url, fromBase64url } from '../../platform/ids';
import { PaymentProviderError, PaymentProviderNotConfiguredError, WebhookPayloadError, WebhookSignatureError } from './errors';
import type { CreatedSession, CreateSessionInput, PaymentProvider, PaymentSecrets, ProviderEvent } from './provider';

export const TEST_SIGNATURE_HEADER = 'Voelgoed-Test-Signature';
/** A webhook signed longer ago than this (or this far in the future) is refused: a captured request can't be replayed later. */
export const TEST_WEBHOOK_TOLERANCE_SECONDS = 300;
/** How long the hosted page accepts a session (Stripe's shortest Checkout Session lifetime). */
export const TEST_SESSION_TTL_SECONDS = 30 * 60;
export const TEST_WEBHOOK_PATH = '/api/v1/webhooks/payments/test';
export const TEST_PAGE_PATH = '/pay/test';
const SESSION_PREFIX = 'tps_';
const MAX_DESCRIPTION = 200;

export type TestPaymentAction = 'pay' | 'fail' | 'cancel';
export const TEST_PAYMENT_ACTIONS: readonly TestPaymentAction[] = ['pay', 'fail', 'cancel'];

const EVENT_TYPE_BY_ACTION = {
  pay: 'payment.succeeded',
  fail: 'payment.failed',
  cancel: 'payment.cancelled',
} as const satisfies Record<TestPaymentAction, string>;

/** What a session id carries (signed, not encrypted: nothing in it is secret from the buyer it was made for). */
export type TestSession = {
  amountMinor: number;
  currency: string;
  description: string;
  orderId: string;
  organizationId: string;
  paymentId: string;
  successUrl: string;
  cancelUrl: string;
  /** Unix seconds. */
  expiresAt: number;
};

/** Compact wire form of a session; the buyer's email is left out on purpose (session ids appear in URLs and logs). */
const SessionWire = z.object({
  v: z.literal(1),
  amt: z.number().int().positive(),
  cur: z.string().regex(/^[A-Z]{3}$/),
  desc: z.string(),
  oid: z.string(),
  org: z.string(),
  pid: z.string(),
  ok: z.string(),
  no: z.string(),
  exp: z.number().int(),
});

const Metadata = z.record(z.string(), z.string());
const Envelope = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.unknown() });
const SucceededData = z.object({
  sessionId: z.string().min(1),
  paymentId: z.string().min(1),
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  metadata: Metadata,
});
const EndedData = z.object({ sessionId: z.string().min(1), metadata: Metadata });

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message)));
}

/** crypto.subtle.verify compares in constant time. */
async function hmacVerify(secret: string, message: string, signature: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(message));
}

const toHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(hex: string): Uint8Array | null {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

/** Sessions are signed over "session.<payload>", webhooks over "<t>.<body>": one secret, two messages that can't be confused. */
const sessionMessage = (payload: string) => `session.${payload}`;

/** The `Voelgoed-Test-Signature` value for `body`, as the test provider sends it (exported for tests that forge or replay). */
export async function signTestWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Promise<string> {
  return `t=${timestamp},v1=${toHex(await hmac(secret, `${timestamp}.${body}`))}`;
}

/** Replaces Stripe's `{CHECKOUT_SESSION_ID}` template in a return URL, so one URL works with either provider. */
export function fillSessionTemplate(url: string, sessionId: string): string {
  return url.replaceAll('{CHECKOUT_SESSION_ID}', encodeURIComponent(sessionId));
}

function absoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export type TestProviderOptions = {
  secret: string;
  /** Where the hosted page lives (APP_URL). */
  appUrl: string;
  /** Milliseconds; tests move the clock. */
  now?: () => number;
  sessionTtlSeconds?: number;
};

export class TestPaymentProvider implements PaymentProvider {
  readonly name = 'test' as const;
  private readonly secret: string;
  private readonly appUrl: string;
  private readonly now: () => number;
  private readonly ttl: number;

  constructor(options: TestProviderOptions) {
    this.secret = options.secret;
    this.appUrl = options.appUrl.replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
    this.ttl = options.sessionTtlSeconds ?? TEST_SESSION_TTL_SECONDS;
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async createSession(input: CreateSessionInput): Promise<CreatedSession> {
    // Refuse what a real PSP would refuse, so the test provider doesn't let a bad request through that Stripe wouldn't.
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new PaymentProviderError('amountMinor must be a positive integer.', 'invalid_amount');
    const currency = input.currency.toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new PaymentProviderError('currency must be a three-letter ISO code.', 'invalid_currency');
    if (!absoluteHttpUrl(input.successUrl) || !absoluteHttpUrl(input.cancelUrl)) throw new PaymentProviderError('successUrl and cancelUrl must be absolute http(s) URLs.', 'invalid_url');
    const wire: z.infer<typeof SessionWire> = {
      v: 1,
      amt: input.amountMinor,
      cur: currency,
      desc: input.description.slice(0, MAX_DESCRIPTION),
      oid: input.orderId,
      org: input.organizationId,
      pid: input.paymentId,
      ok: input.successUrl,
      no: input.cancelUrl,
      exp: this.nowSeconds() + this.ttl,
    };
    const payload = base64url(encoder.encode(JSON.stringify(wire)));
    const sessionId = `${SESSION_PREFIX}${payload}.${base64url(await hmac(this.secret, sessionMessage(payload)))}`;
    return { sessionId, redirectUrl: `${this.appUrl}${TEST_PAGE_PATH}/${sessionId}` };
  }

  /**
   * The session a session id carries, or null when it was not made with this secret, is malformed or (unless
   * `allowExpired`) has expired.
   */
  async readSession(sessionId: string, { allowExpired = false } = {}): Promise<TestSession | null> {
    if (!sessionId.startsWith(SESSION_PREFIX) || sessionId.length > 4096) return null;
    const [payload, signature, extra] = sessionId.slice(SESSION_PREFIX.length).split('.');
    if (!payload || !signature || extra !== undefined) return null;
    try {
      if (!(await hmacVerify(this.secret, sessionMessage(payload), fromBase64url(signature)))) return null;
      const wire = SessionWire.parse(JSON.parse(new TextDecoder().decode(fromBase64url(payload))));
      if (!allowExpired && wire.exp <= this.nowSeconds()) return null;
      return {
        amountMinor: wire.amt,
        currency: wire.cur,
        description: wire.desc,
        orderId: wire.oid,
        organizationId: wire.org,
        paymentId: wire.pid,
        successUrl: wire.ok,
        cancelUrl: wire.no,
        expiresAt: wire.exp,
      };
    } catch {
      return null;
    }
  }

  /**
   * The webhook body for `action` on a session. Deterministic: the same session and action always give the same
   * event id and body (a redelivery is the same event), which is what the checkout deduplicates on.
   */
  async webhookEvent(sessionId: string, session: TestSession, action: TestPaymentAction): Promise<{ eventId: string; body: string }> {
    const hash = await sha256Hex(sessionId);
    const eventId = `evt_test_${hash.slice(0, 32)}_${action}`;
    const metadata = { orderId: session.orderId, organizationId: session.organizationId, paymentId: session.paymentId };
    const type = EVENT_TYPE_BY_ACTION[action];
    const data =
      action === 'pay'
        ? { sessionId, paymentId: `pay_test_${hash.slice(0, 24)}`, amountMinor: session.amountMinor, currency: session.currency, metadata }
        : { sessionId, metadata };
    return { eventId, body: JSON.stringify({ id: eventId, object: 'event', type, livemode: false, data }) };
  }

  /** The `Voelgoed-Test-Signature` header value for `body` at `timestamp` (default now). */
  signWebhook(body: string, timestamp = this.nowSeconds()): Promise<string> {
    return signTestWebhook(this.secret, body, timestamp);
  }

  /**
   * The signed webhook request for `action` on a session, as the hosted page sends it; call it again to redeliver
   * (same event id, fresh signature). Expired sessions are allowed: a real PSP redelivers old events too.
   */
  async webhookRequest(sessionId: string, action: TestPaymentAction, options: { origin?: string; timestamp?: number } = {}): Promise<Request> {
    const session = await this.readSession(sessionId, { allowExpired: true });
    if (!session) throw new PaymentProviderError('Unknown test payment session.', 'unknown_session');
    const { body } = await this.webhookEvent(sessionId, session, action);
    const timestamp = options.timestamp ?? this.nowSeconds();
    return new Request(`${(options.origin ?? this.appUrl).replace(/\/+$/, '')}${TEST_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TEST_SIGNATURE_HEADER]: await this.signWebhook(body, timestamp) },
      body,
    });
  }

  async parseWebhook(rawBody: string, headers: Headers): Promise<ProviderEvent> {
    const header = headers.get(TEST_SIGNATURE_HEADER);
    if (!header) throw new WebhookSignatureError(`Missing ${TEST_SIGNATURE_HEADER} header.`);
    let timestamp: number | undefined;
    const signatures: Uint8Array[] = [];
    for (const part of header.split(',')) {
      const [key, value = ''] = part.trim().split('=', 2) as [string, string?];
      if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
      else if (key === 'v1') {
        const bytes = fromHex(value);
        if (bytes) signatures.push(bytes);
      }
    }
    if (timestamp === undefined || signatures.length === 0) throw new WebhookSignatureError(`Malformed ${TEST_SIGNATURE_HEADER} header.`);
    if (Math.abs(this.nowSeconds() - timestamp) > TEST_WEBHOOK_TOLERANCE_SECONDS) throw new WebhookSignatureError('The webhook timestamp is outside the tolerance.');
    // Several v1 values are allowed (as at Stripe) so a secret can be rotated; any one that matches will do.
    let valid = false;
    for (const signature of signatures) if (await hmacVerify(this.secret, `${timestamp}.${rawBody}`, signature)) valid = true;
    if (!valid) throw new WebhookSignatureError('No signature matches the body.');

    let envelope: z.infer<typeof Envelope>;
    try {
      envelope = Envelope.parse(JSON.parse(rawBody));
    } catch {
      throw new WebhookPayloadError('The webhook body is not a test-provider event.');
    }
    const { id, type, data } = envelope;
    if (type === 'payment.succeeded') {
      const parsed = SucceededData.safeParse(data);
      if (!parsed.success) throw new WebhookPayloadError(`Malformed ${type} event.`);
      return { id, type, ...parsed.data };
    }
    if (type === 'payment.failed' || type === 'payment.cancelled') {
      const parsed = EndedData.safeParse(data);
      if (!parsed.success) throw new WebhookPayloadError(`Malformed ${type} event.`);
      return { id, type, ...parsed.data };
    }
    return { id, type: 'ignored', providerType: type };
  }

  /** Succeeds at once; the refund id is derived from the idempotency key, so a retry returns the same refund. */
  async refund(input: { providerPaymentId: string; amountMinor: number; currency: string; idempotencyKey: string }) {
    if (!/^pay_test_[0-9a-f]{24}$/.test(input.providerPaymentId)) throw new PaymentProviderError('No such test payment.', 'resource_missing');
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) throw new PaymentProviderError('amountMinor must be a positive integer.', 'invalid_amount');
    if (!input.idempotencyKey) throw new PaymentProviderError('An idempotency key is required.', 'idempotency_key_missing');
    const refundId = `re_test_${(await sha256Hex(`refund.${input.idempotencyKey}`)).slice(0, 24)}`;
    // Like a PSP: the same idempotency key is the same refund (paid out once); a new key is a new payout.
    if (!paidOut.has(input.idempotencyKey)) paidOut.set(input.idempotencyKey, { refundId, providerPaymentId: input.providerPaymentId, amountMinor: input.amountMinor, currency: input.currency });
    return { refundId, status: 'succeeded' as const };
  }
}

export type TestProviderRefund = { refundId: string; providerPaymentId: string; amountMinor: number; currency: string };

/**
 * What the test provider paid out in this isolate, one entry per idempotency key, as a PSP's dashboard lists
 * refunds: tests count payouts with it (the test provider is never on in production, see createTestProvider).
 */
const paidOut = new Map<string, TestProviderRefund>();

/** The refunds the test provider paid out against one of its payments, oldest first. */
export function testProviderRefunds(providerPaymentId: string): TestProviderRefund[] {
  return [...paidOut.values()].filter((r) => r.providerPaymentId === providerPaymentId);
}

/** The test provider for this deployment; refused unless APP_ENV is development/test, and when TEST_PROVIDER_WEBHOOK_SECRET is unset. */
export function createTestProvider(env: Env, options: Pick<TestProviderOptions, 'now' | 'sessionTtlSeconds'> = {}): TestPaymentProvider {
  const secret = (env as unknown as PaymentSecrets).TEST_PROVIDER_WEBHOOK_SECRET;
  if (!isDevelopmentLike(env)) throw new PaymentProviderNotConfiguredError('The test payment provider is only available on a development or test deployment.');
  if (!secret || secret.length < 16) throw new PaymentProviderNotConfiguredError('TEST_PROVIDER_WEBHOOK_SECRET is not set (at least 16 characters).');
  return new TestPaymentProvider({ secret, appUrl: env.APP_URL, ...options });
}
