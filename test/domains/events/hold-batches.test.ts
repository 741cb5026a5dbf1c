/**
 * Buyers' holds and releases arriving together at one isolate ride to the inventory several to a call
 * (src/domains/events/hold-batches.ts), and each buyer still gets exactly the answer of their own request: a seat goes
 * to one contender only, a sold-out refusal lands on the right buyers, a failed call answers 503 for what it carried
 * and leaves nothing held, and each hold is its own transaction in the object.
 */
import { describe, expect, it } from 'vitest';
import { BASE, api, signup, uniqueIp } from '../../support/api';
import { countingEnv, type Counts } from '../../support/counting-env';
import { onSaleEvent } from '../../support/events';
import { fetchWorker } from '../../support/worker-fetch';
import { FaultPlan, faultyEnv, SHAPES } from '../../support/faults';

/** Sends one request through the real Worker with `env`, from its own client address. */
const send = (env: Cloudflare.Env, method: string, path: string, body?: unknown) =>
  fetchWorker(env, new Request(`${BASE}${path}`, { method, headers: { 'CF-Connecting-IP': uniqueIp(), ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined }));

const fresh = (): Counts => ({ d1: [], inventory: [], upstash: 0, bindings: [] });

describe('hold batches', () => {
  it('gives each of 40 buyers racing for 30 places their own answer, in fewer inventory calls than holds', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 30 });
    const counts = fresh();
    const env = countingEnv(counts);
    await send(env, 'GET', `/public/events/${f.eventId}`); // the event in this isolate's cache
    counts.inventory.length = 0;

    const holds = await Promise.all(Array.from({ length: 40 }, () => send(env, 'POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 1 })));
    const won = holds.filter((h) => h.status === 201);
    expect(won).toHaveLength(30);
    expect(holds.filter((h) => h.status === 409).every((h) => h.body.code === 'sold_out')).toBe(true);
    expect(new Set(won.map((h) => h.body.id)).size).toBe(30);
    expect(counts.inventory.every((m) => m === 'holdOps')).toBe(true);
    expect(counts.inventory.length).toBeLessThan(40);

    counts.inventory.length = 0;
    const released = await Promise.all(won.map((h) => send(env, 'DELETE', `/public/events/${f.eventId}/holds/${h.body.id}`)));
    // Each release answers its own hold.
    released.forEach((r, i) => expect(r).toMatchObject({ status: 200, body: { id: won[i]!.body.id, status: 'released' } }));
    expect(counts.inventory.length).toBeLessThan(30);
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts.held).toBe(0);
  });

  it('answers every buyer when each hold is its own request (its own I/O context), through waves that queue behind calls out', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 45 });
    // Separate requests, as in production: a request whose hold waited must still be able to send the next call itself.
    for (const wave of [20, 40]) {
      const answers = await Promise.all(Array.from({ length: wave }, () => api('POST', `/public/events/${f.eventId}/holds`, { body: { ticketTypeId: f.gaTypeId, quantity: 1 } })));
      const won = answers.filter((a) => a.status === 201).length;
      expect(won).toBe(wave === 20 ? 20 : 25);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'sold_out')).toBe(true);
    }
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts.held).toBe(45);
  });

  it('lets one of many buyers of the same seats have them while buyers of other seats all get theirs', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner);
    const seats: string[] = (await api('GET', `/public/events/${f.eventId}/seat-map`)).body.seats.map((s: [string]) => s[0]);
    const env = countingEnv(fresh());
    const contested = seats.slice(0, 2);
    const others = seats.slice(2, 12);
    const requests = [
      ...Array.from({ length: 10 }, () => ({ seats: contested })),
      ...others.map((seat) => ({ seats: [seat] })),
    ].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(requests.map((r) => send(env, 'POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.seatedTypeId, seats: r.seats })));
    answers.forEach((a, i) => {
      if (a.status === 201) expect(a.body.seats).toEqual(requests[i]!.seats);
      else expect(a.body.code).toBe('seats_unavailable');
    });
    const contestedWins = answers.filter((a, i) => a.status === 201 && requests[i]!.seats === contested);
    expect(contestedWins).toHaveLength(1);
    expect(answers.filter((a, i) => a.status === 201 && requests[i]!.seats !== contested)).toHaveLength(others.length);
  });

  it('answers 503 with Retry-After for the holds of a call the object refused, holding nothing for them', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 100 });
    const plan = new FaultPlan([{ kind: 'durableObject', nth: 1, error: SHAPES.doOverloaded }]);
    const env = faultyEnv(plan);
    await send(countingEnv(fresh()), 'GET', `/public/events/${f.eventId}`); // the event in this isolate's cache
    const holds = await Promise.all(Array.from({ length: 12 }, () => send(env, 'POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 1 })));
    const refused = holds.filter((h) => h.status === 503);
    expect(plan.injected).toHaveLength(1);
    expect(refused.length).toBeGreaterThan(0);
    for (const h of refused) {
      expect(h.body.code).toBe('inventory_unavailable');
      expect(h.headers.get('Retry-After')).toBe('2');
    }
    // Overloaded is never retried; everything not refused was held, nothing more.
    expect(holds.filter((h) => h.status === 201)).toHaveLength(12 - refused.length);
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts.held).toBe(12 - refused.length);
  });

  it('sends a call of holds once more when the runtime marks it retryable, and each hold is made once', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { gaCapacity: 100 });
    // The first call is applied, then its connection drops: the retry finds the same hold ids and answers them.
    const plan = new FaultPlan([{ kind: 'durableObject', nth: 1, error: SHAPES.doNetworkLost, when: 'after' }]);
    const env = faultyEnv(plan);
    await send(countingEnv(fresh()), 'GET', `/public/events/${f.eventId}`); // the event in this isolate's cache
    const holds = await Promise.all(Array.from({ length: 6 }, () => send(env, 'POST', `/public/events/${f.eventId}/holds`, { ticketTypeId: f.gaTypeId, quantity: 2 })));
    expect(plan.injected).toHaveLength(1);
    expect(holds.map((h) => h.status)).toEqual(Array(6).fill(201));
    const availability = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}/availability`, { token: owner.token });
    expect(availability.body.counts.held).toBe(12);
  });
});
