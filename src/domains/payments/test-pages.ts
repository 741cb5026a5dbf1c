/**
 * The test provider's hosted payment page, served by this Worker at `/pay/test/{sessionId}` (plain Hono routes: not
 * part of the API or its OpenAPI document). Pay / Fail / Cancel are plain POST forms (the CSP allows no scripts);
 * each redirects the browser at once (303) and sends the signed webhook afterwards, in waitUntil, to
 * `POST /api/v1/webhooks/payments/test` through `dispatch` (the app's own fetch, in-process: no network, so it works
 * the same in wrangler dev and in tests). A delivery that is not answered 2xx is retried, with the same event id.
 */
import { Hono, type Context, type ExecutionContext } from 'hono';
import type { AppEnv } from '../../platform/openapi';
import { log } from '../../platform/logger';
import { AppError } from '../../platform/errors';
import {
  createTestProvider,
  fillSessionTemplate,
  TEST_PAGE_PATH,
  TEST_SIGNATURE_HEADER,
  TEST_WEBHOOK_PATH,
  type TestPaymentAction,
  type TestPaymentProvider,
  type TestSession,
} from './test-provider';

/** Hands a request to the Worker's own fetch handler; app.ts passes `(req, env, ctx) => app.fetch(req, env, ctx)`. */
export type DeliverWebhook = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

export type TestPaymentPagesOptions = {
  dispatch: DeliverWebhook;
  /** Delay before each delivery attempt; its length is the number of attempts. */
  retryDelaysMs?: number[];
};

const DEFAULT_RETRY_DELAYS_MS = [0, 1_000, 5_000];

export function formatMoney(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'code' });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f3f4f6; color: #111827; }
  main { max-width: 28rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
  .badge { display: inline-block; margin: 0 0 1rem; padding: .2rem .6rem; border-radius: 999px; background: #fef3c7; color: #78350f; font-size: .875rem; font-weight: 600; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .5rem 1rem; margin: 0 0 1.5rem; }
  dt { color: #4b5563; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .actions { display: grid; gap: .75rem; }
  form { margin: 0; }
  button { width: 100%; font: inherit; font-size: 1rem; padding: .75rem 1rem; border-radius: 8px; border: 2px solid #1f2937; background: #fff; color: #111827; cursor: pointer; }
  button.pay { background: #166534; border-color: #166534; color: #fff; font-weight: 600; }
  button.fail { border-color: #991b1b; color: #991b1b; }
  button:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
  .note { color: #4b5563; font-size: .875rem; margin: 1.5rem 0 0; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Voelgoed Events</title>
<style>${STYLE}</style>
</head>
<body>
<main aria-labelledby="title">
${body}
</main>
</body>
</html>`;
}

export function renderPaymentPage(sessionId: string, session: TestSession): string {
  const amount = escapeHtml(formatMoney(session.amountMinor, session.currency));
  const base = `${TEST_PAGE_PATH}/${encodeURIComponent(sessionId)}`;
  const expires = new Date(session.expiresAt * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return page(
    `Pay ${formatMoney(session.amountMinor, session.currency)}`,
    `<p class="badge">Test payment: no money moves</p>
<h1 id="title">Pay ${amount}</h1>
<dl>
<dt>For</dt><dd>${escapeHtml(session.description)}</dd>
<dt>Amount</dt><dd>${amount}</dd>
<dt>Order</dt><dd>${escapeHtml(session.orderId)}</dd>
</dl>
<p>This page stands in for a payment provider. Choose what it reports to the platform:</p>
<div class="actions">
<form method="post" action="${base}/pay"><button type="submit" class="pay">Pay ${amount}</button></form>
<form method="post" action="${base}/fail"><button type="submit" class="fail">Fail the payment</button></form>
<form method="post" action="${base}/cancel"><button type="submit">Cancel and go back</button></form>
</div>
<p class="note">This session expires at <time datetime="${expires}">${expires.replace('T', ' ').replace('Z', ' UTC')}</time>.</p>`,
  );
}

function notFoundPage(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      'Payment link not found',
      `<h1 id="title">Payment link not found</h1>
<p>This payment link is invalid or has expired. Go back to the shop and start the checkout again.</p>`,
    ),
    404,
  );
}

/** The provider and session for a request, or null (no test provider here, or a forged, malformed or expired id). */
async function resolve(c: Context<AppEnv>): Promise<{ provider: TestPaymentProvider; sessionId: string; session: TestSession } | null> {
  let provider: TestPaymentProvider;
  try {
    provider = createTestProvider(c.env);
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
  const sessionId = c.req.param('sessionId') ?? '';
  const session = await provider.readSession(sessionId);
  return session ? { provider, sessionId, session } : null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one event, re-signing each attempt (a fresh timestamp, the same body and event id), until a 2xx. */
async function deliver(
  provider: TestPaymentProvider,
  { sessionId, session, action, origin }: { sessionId: string; session: TestSession; action: TestPaymentAction; origin: string },
  { dispatch, env, ctx, delays }: { dispatch: DeliverWebhook; env: Env; ctx: ExecutionContext; delays: number[] },
): Promise<void> {
  const { eventId, body } = await provider.webhookEvent(sessionId, session, action);
  const fields = { eventId, orderId: session.orderId, organizationId: session.organizationId };
  for (const [attempt, delay] of delays.entries()) {
    if (delay > 0) await sleep(delay);
    try {
      const request = new Request(`${origin}${TEST_WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TEST_SIGNATURE_HEADER]: await provider.signWebhook(body) },
        body,
      });
      const res = await dispatch(request, env, ctx);
      await res.body?.cancel();
      if (res.ok) return;
      log('warn', 'test payment webhook not accepted', { ...fields, attempt: attempt + 1, status: res.status });
    } catch (err) {
      log('warn', 'test payment webhook delivery failed', { ...fields, attempt: attempt + 1, error: String(err) });
    }
  }
  log('error', 'test payment webhook given up', { ...fields, attempts: delays.length });
}

/** Mount at the app root: `app.route('/', testPaymentPages({ dispatch: (req, env, ctx) => app.fetch(req, env, ctx) }))`. */
export function testPaymentPages({ dispatch, retryDelaysMs = DEFAULT_RETRY_DELAYS_MS }: TestPaymentPagesOptions) {
  const router = new Hono<AppEnv>();

  router.get(`${TEST_PAGE_PATH}/:sessionId`, async (c) => {
    const found = await resolve(c);
    if (!found) return notFoundPage(c);
    c.header('Cache-Control', 'no-store');
    return c.html(renderPaymentPage(found.sessionId, found.session));
  });

  router.post(`${TEST_PAGE_PATH}/:sessionId/:action{pay|fail|cancel}`, async (c) => {
    const found = await resolve(c);
    if (!found) return notFoundPage(c);
    const action = c.req.param('action') as TestPaymentAction;
    const { provider, sessionId, session } = found;
    // Like a real PSP: the browser is sent back at once, the webhook follows; the checkout must not rely on the order.
    c.executionCtx.waitUntil(
      deliver(provider, { sessionId, session, action, origin: new URL(c.req.url).origin }, { dispatch, env: c.env, ctx: c.executionCtx, delays: retryDelaysMs }),
    );
    return c.redirect(fillSessionTemplate(action === 'pay' ? session.successUrl : session.cancelUrl, sessionId), 303);
  });

  return router;
}
