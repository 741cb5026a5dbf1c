/** A test client for an event's live channel: collects messages and waits for one that matches. */
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { GateLiveMessage, LiveMessage, PublicLiveMessage } from '../../src/shared/live-protocol';
import { api } from './api';

export type Socket<M = LiveMessage> = { ws: WebSocket; messages: M[]; raw: string[]; next: (pred: (m: M) => boolean) => Promise<M> };

export type LiveOptions = { ticket?: string; origin?: string; ip?: string; since?: number; only?: 'queue' };

/** The raw upgrade answer (101, or a refusal), for tests of who may open the channel. */
export function upgrade(eventId: string, options: LiveOptions = {}): Promise<Response> {
  const params = new URLSearchParams();
  if (options.ticket !== undefined) params.set('ticket', options.ticket);
  if (options.since !== undefined) params.set('since', String(options.since));
  if (options.only !== undefined) params.set('only', options.only);
  const query = params.size ? `?${params}` : '';
  const headers: Record<string, string> = { Upgrade: 'websocket' };
  if (options.origin) headers.Origin = options.origin;
  if (options.ip) headers['CF-Connecting-IP'] = options.ip;
  return SELF.fetch(`https://voelgoed.test/api/v1/events/${eventId}/live${query}`, { headers });
}

function collect<M>(res: Response, parse: (v: unknown) => M): Socket<M> {
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: M[] = [];
  const raw: string[] = [];
  const waiters: { pred: (m: M) => boolean; resolve: (m: M) => void }[] = [];
  ws.accept();
  ws.addEventListener('message', (e) => {
    raw.push(String(e.data));
    const msg = parse(JSON.parse(String(e.data)));
    messages.push(msg);
    for (const w of [...waiters]) if (w.pred(msg)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(msg));
  });
  const next = (pred: (m: M) => boolean) =>
    new Promise<M>((resolve, reject) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      waiters.push({ pred, resolve });
      setTimeout(() => reject(new Error('no such live message within 5 s')), 5_000);
    });
  return { ws, messages, raw, next };
}

/** A buyer's socket: the public projection (strictly parsed: an organizer figure in it fails the parse). */
export async function openLive(eventId: string, options: Omit<LiveOptions, 'ticket'> = {}): Promise<Socket<PublicLiveMessage>> {
  return collect(await upgrade(eventId, options), (v) => PublicLiveMessage.parse(v));
}

/**
 * A buyer following the public channel the way the storefront does: the seat map over HTTP (its version), then the
 * socket from that version.
 */
export async function followPublic(eventId: string, options: Omit<LiveOptions, 'ticket' | 'since'> = {}) {
  const map = await api('GET', `/public/events/${eventId}/seat-map`);
  expect(map.status, JSON.stringify(map.body)).toBe(200);
  return { map: map.body as { version: number; seats: [string, number, number, string, number, string][] }, socket: await openLive(eventId, { ...options, since: map.body.version }) };
}

/** Versions must follow on by one on every channel: answers the deltas' versions, failing on a gap or repeat. */
export function expectContiguous(messages: { type: string; version?: number }[], from: number) {
  const versions = messages.filter((m) => m.type === 'delta').map((m) => m.version!);
  expect(versions).toEqual(versions.map((_, i) => from + 1 + i));
  return versions;
}

/** An organizer's socket, with a fresh ticket minted by `token` (events.read). */
export async function openOrganizerLive(orgId: string, eventId: string, token: string, options: Omit<LiveOptions, 'ticket'> = {}): Promise<Socket<LiveMessage>> {
  const minted = await api('POST', `/orgs/${orgId}/events/${eventId}/live-ticket`, { token });
  expect(minted.status, JSON.stringify(minted.body)).toBe(201);
  return collect(await upgrade(eventId, { ...options, ticket: minted.body.ticket }), (v) => LiveMessage.parse(v));
}

/** A scanner device's socket (gate counts), with a ticket minted by its device token. */
export async function openGateLive(eventId: string, deviceToken: string): Promise<Socket<GateLiveMessage>> {
  const minted = await api('POST', `/device/events/${eventId}/live-ticket`, { token: deviceToken });
  expect(minted.status, JSON.stringify(minted.body)).toBe(201);
  return collect(await upgrade(eventId, { ticket: minted.body.ticket }), (v) => GateLiveMessage.parse(v));
}
