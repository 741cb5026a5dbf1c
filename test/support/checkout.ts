/** Test helpers for checkout: hold, start checkout, and pay, fail or cancel on the built-in test provider's page. */
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { api, uniqueEmail } from './api';

export async function hold(eventId: string, body: Record<string, unknown>) {
  const res = await api('POST', `/public/events/${eventId}/holds`, { body });
  return res;
}

export async function checkout(eventId: string, holdIds: string[], extra: Record<string, unknown> = {}) {
  const res = await api('POST', `/public/events/${eventId}/checkout`, {
    body: { holds: holdIds, buyer: { name: 'Buyer Test', email: uniqueEmail('buyer') }, ...extra },
  });
  return res;
}

export function sessionIdOf(redirectUrl: string): string {
  return new URL(redirectUrl).pathname.split('/').pop()!;
}

/** Presses a button on the test provider's hosted page; its webhook arrives asynchronously. */
export async function pressPaymentButton(redirectUrl: string, action: 'pay' | 'fail' | 'cancel') {
  const res = await SELF.fetch(`https://voelgoed.test/pay/test/${sessionIdOf(redirectUrl)}/${action}`, { method: 'POST', redirect: 'manual' });
  expect(res.status).toBe(303);
  return res;
}

/** Waits until the order behind `accessToken` reaches `status` (the webhook is asynchronous). */
export async function orderReaches(accessToken: string, status: string | string[], ms = 15_000) {
  const wanted = [status].flat();
  const until = Date.now() + ms;
  let last: any;
  while (Date.now() < until) {
    last = await api('GET', `/public/orders/${accessToken}`);
    if (wanted.includes(last.body?.status)) return last.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`order never became ${wanted.join('/')}: last ${JSON.stringify(last?.body)}`);
}
