/**
 * The flash sale's hot path (issue 13, item 5): a buyer's hold and release each cost one Worker → inventory-object
 * round trip and nothing else: no D1 query (the event comes from a short-lived isolate cache, no outbox pump, no stored
 * idempotent answer) and no Upstash call (the per-IP limits are Workers Rate Limiting bindings). Counted through a
 * wrapped env handed to the real Worker, with a client address so the per-IP limits run as in production.
 */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../../src/db/client';
import { publicEvent } from '../../../src/domains/events/holds';
import { BASE, api, signup, uniqueIp } from '../../support/api';
import { countingEnv, type Counts } from '../../support/counting-env';
import { fetchWorker } from '../../support/worker-fetch';
import { onSaleEvent } from '../../support/events';

describe('the hold path', () => {
  afterEach(() => vi.restoreAllMocks());

  it('costs one inventory round trip per hold and per release: no D1 query, no Upstash call, once the event is cached', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 50 });
    const counts: Counts = { d1: [], inventory: [], upstash: 0, bindings: [] };
    const wrapped = countingEnv(counts);
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      // Only calls about this buyer or event: queue consumers running in the same isolate meanwhile (an email or SMS
      // send limit, say) call Upstash too, and are no part of the hold path.
      const body = typeof init?.body === 'string' ? init.body : '';
      // Limits key an IPv6 client by its /64: its first four groups name this buyer.
      const client = ip.split(':').slice(0, 4).join(':');
      if (url.startsWith(env.UPSTASH_REDIS_REST_URL) && (body.includes(client) || body.includes(f.eventId))) counts.upstash += 1;
      return realFetch(input, init);
    });
    const ip = uniqueIp();
    // Whatever the request leaves running in the background (an outbox pump, say) counts too: fetchWorker awaits it.
    const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetchWorker(wrapped, new Request(`${BASE}${path}`, { method, headers: { 'CF-Connecting-IP': ip, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined }));
    const reset = () => Object.assign(counts, { d1: [], inventory: [], upstash: 0, bindings: [] });

    // The first hold of this isolate on the event reads the event from D1 once.
    const first = await send('POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 1 });
    expect(first.status).toBe(201);
    expect(counts.d1.length).toBeGreaterThan(0);

    reset();
    const second = await send('POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 2 }, { 'Idempotency-Key': `retry-safe-${ip}` });
    expect(second.status).toBe(201);
    expect(counts.d1).toEqual([]);
    expect(counts.upstash).toBe(0);
    expect(counts.inventory).toEqual(['holdOps']);
    // The per-IP limits still ran, at the edge: the burst and the holds class's own window.
    expect(counts.bindings).toEqual(['BURST_PUBLIC', 'LIMIT_HOLDS']);

    reset();
    const released = await send('DELETE', `/public/events/${f.eventId}/holds/${second.body.id}`);
    expect(released).toMatchObject({ status: 200, body: { id: second.body.id, status: 'released' } });
    expect(counts.d1).toEqual([]);
    expect(counts.upstash).toBe(0);
    expect(counts.inventory).toEqual(['holdOps']);
    expect(counts.bindings).toEqual(['BURST_PUBLIC', 'LIMIT_HOLD']);

    // The counting sees what it should: a quote (a class still counted in Upstash) reads D1 and calls Upstash.
    reset();
    const quote = await send('POST', `/public/events/${f.eventId}/quote`, { items: [{ ticketTypeId: f.gaTypeId, quantity: 1 }] });
    expect(quote.status).toBe(200);
    expect(counts.upstash).toBeGreaterThan(0);
    expect(counts.d1.length).toBeGreaterThan(0);

    // The inventory agrees: the released places are back, the first hold still stands.
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts.held).toBe(1);
  });

  it('still refuses a hold once the event is off sale, even while the isolate remembers it on sale', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 50 });
    const hold = () => api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } });
    expect((await hold()).status).toBe(201); // the event is now in this isolate's cache, on sale
    const closed = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/status`, { token: owner.token, body: { status: 'sales_closed' } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    // The inventory object was told (configure) and decides: 409 not_on_sale, whatever the cache says.
    const refused = await hold();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('not_on_sale');
  });

  it('reads an event once for a burst of buyers arriving together, and never remembers one that was not found', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 5 });
    const counts: Counts = { d1: [], inventory: [], upstash: 0, bindings: [] };
    // A client of its own over a counting binding; the event is not in this isolate's cache yet (it was never read).
    const db = createDb(countingEnv(counts).DB);
    const rows = await Promise.all(Array.from({ length: 50 }, () => publicEvent(db, f.eventId)));
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set([f.eventId]));
    expect(counts.d1).toHaveLength(1);

    const missing = 'evt_01jx0000000000000000000099';
    const misses = await Promise.allSettled(Array.from({ length: 10 }, () => publicEvent(db, missing)));
    expect(misses.every((m) => m.status === 'rejected')).toBe(true);
    expect(counts.d1).toHaveLength(2);
    // Asked again: a 404 is not cached (the event may be published a moment later).
    await expect(publicEvent(db, missing)).rejects.toThrow();
    expect(counts.d1).toHaveLength(3);
  });
});
