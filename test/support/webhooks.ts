/** Test helpers for outgoing webhooks: the real receiver (tools/webhook-receiver, started by global-setup) and polling. */
import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import { api, type SignedUp } from './api';

declare module 'vitest' {
  export interface ProvidedContext {
    webhookReceiverUrl: string;
  }
}

export type Received = { method: string; path: string; headers: Record<string, string>; body: string; time: string; status: number };

/** The receiver's base URL (http://127.0.0.1:<port>): workerd's fetch reaches it like the Upstash bridge. */
export const receiverUrl = () => inject('webhookReceiverUrl');

/** A path no other test uses, under `kind` (`ok`, `fail/2`, `gone`). */
export const uniquePath = (kind: string, label = 'hook') => `/${kind}/${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Every request the receiver recorded under a path prefix, oldest first. */
export async function received(path: string): Promise<Received[]> {
  const res = await fetch(`${receiverUrl()}/__received?path=${encodeURIComponent(path)}`);
  if (!res.ok) throw new Error(`receiver: ${res.status}`);
  return res.json();
}

/** Polls `read` until `done` holds (or fails with the last value after `ms`): never a fixed sleep alone. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}

export async function createEndpoint(owner: SignedUp, body: { url: string; eventTypes: string[]; description?: string }) {
  const res = await api('POST', `/orgs/${owner.orgId}/webhooks`, { token: owner.token, body });
  if (res.status !== 201) throw new Error(`webhook create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string; url: string; status: string; eventTypes: string[] };
}

/** A delivery's state straight from D1 (no API call, so polling leaves no trace in audit or idempotency tables). */
export async function deliveryStatus(deliveryId: string): Promise<string | null> {
  const row = await env.DB.prepare('select status from webhook_deliveries where id = ?').bind(deliveryId).first<{ status: string }>();
  return row?.status ?? null;
}
