/**
 * `npm run bench:analytics` (issue #16, item 8; docs/benchmarks.md): EVENTS (default 1,000,000) buyer-journey events
 * into Postgres, printing
 * - the edge: storefront batches (50 events, as sendBeacon sends them) through the Worker's POST /public/analytics,
 *   events/s, beside the no-op route (GET /ping) measured in the same run;
 * - the pipeline's store step: the analytics queue's journey messages (100 items, as the recorder sends them) in
 *   batches of 50 (the queue's max_batch_size) through the queue consumer's own code (consumeBatch) into the
 *   partitioned table, events/s, beside a bulk insert straight into Postgres;
 * - the funnel snapshot job's time over all of them;
 * - one funnel's query time over the raw events vs over the snapshots.
 * Fails (non-zero exit) on a 5xx or any refused batch at the edge, on an event lost or doubled on the way to Postgres,
 * or when the funnel from the snapshots differs from the funnel counted from the raw events.
 *
 * With EVENTS=1,000,000 the embedded Postgres holds everything in memory: `TEST_POSTGRES=local npm run bench:analytics`
 * runs it on the machine's server instead (docs/benchmarks.md says which the figures are from).
 */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { expect, inject, it } from 'vitest';
import { withOrganization } from '../src/db/postgres-client';
import type { JourneyItem, JourneyMessage } from '../src/domains/analytics/schemas';
import { analyticsConsumer } from '../src/domains/analytics/consumer';
import { consumeBatch } from '../src/queues/consumer';
import { computeFunnelSnapshots } from '../src/domains/funnels/compute-snapshots';
import { CANONICAL_STEPS } from '../src/domains/funnels/kinds';
import { daysBetween, localDay } from '../src/domains/funnels/range';
import { api, BASE, signup, uniqueIp } from '../test/support/api';
import { capturedAnalyticsQueue } from '../test/support/analytics';
import { onSaleEvent } from '../test/support/events';
import { rawPostgres } from '../test/support/postgres-rows';
import { fetchWorker } from '../test/support/worker-fetch';
import { journeys } from './lib/journeys';

/** The ordered funnel counted straight from analytics_events, as a dashboard without snapshots would have to. */
async function rawFunnel(orgId: string, eventId: string, firstDay: string, lastDay: string, timeZone: string): Promise<number[]> {
  const firsts = CANONICAL_STEPS.map((k, i) => `min(occurred_at) filter (where kind = '${k}') as s${i}`).join(', ');
  const reached = CANONICAL_STEPS.map((_, i) => `count(*) filter (where ${['s0 is not null', ...CANONICAL_STEPS.slice(1, i + 1).map((__, j) => `s${j + 1} >= s${j}`)].join(' and ')})::int as r${i}`).join(', ');
  return withOrganization(env, orgId, async (tx) => {
    const result = await tx.execute(sql`with merged as (
        select visitor_id, ${sql.raw(firsts)} from analytics_events
         where organization_id = ${orgId} and event_id = ${eventId} and visitor_id is not null
           and occurred_at >= (${firstDay}::date)::timestamp at time zone ${timeZone}
           and occurred_at < (${lastDay}::date + 1)::timestamp at time zone ${timeZone}
         group by visitor_id)
      select ${sql.raw(reached)} from merged`);
    const row = result.rows[0] as Record<string, number>;
    return CANONICAL_STEPS.map((_, i) => Number(row[`r${i}`]));
  });
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

const EVENTS = inject('benchAnalyticsEvents');
/** Storefront batches through the Worker (the rest go straight to the store step, as the queue would hand them on). */
const EDGE_EVENTS = Math.min(20_000, Math.floor(EVENTS / 10));
const BEACON = 50;
const MESSAGE = inject('benchMessageItems');
const EDGE_CONCURRENCY = 16;
const QUEUE_BATCH = 50;
const STORE_CONCURRENCY = 4;
const queueCtx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
const BASELINE_ROWS = Math.min(200_000, EVENTS);
const DAYS = 7;
const RUN = crypto.randomUUID().replace(/-/g, '').slice(0, 6);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

/** Runs `work` over `items` with at most `n` at once. */
async function pool<T>(items: Iterable<T>, n: number, work: (item: T) => Promise<void>) {
  const it = items[Symbol.iterator]();
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let next = it.next(); !next.done; next = it.next()) await work(next.value);
    }),
  );
}

function* inChunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en');

async function storedCount(orgId: string): Promise<number> {
  return withOrganization(env, orgId, async (tx) => Number(((await tx.execute(sql`select count(*) as n from analytics_events where organization_id = ${orgId}`)).rows[0] as { n: string }).n));
}

it(`ingests ${EVENTS.toLocaleString('en')} analytics events and times the snapshot job and a funnel over raw events vs snapshots`, async () => {
  const lines: string[] = [`bench:analytics ${new Date().toISOString()} (Postgres: ${env.TEST_POSTGRES_SOURCE})`];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };

  const owner = await signup();
  const a = await onSaleEvent(owner, { layout: false });
  const b = await onSaleEvent(owner, { layout: false });
  const from = Date.now() - DAYS * 86_400_000;
  const plan = { organizationId: owner.orgId, eventIds: [a.eventId, b.eventId], ticketTypeIds: [a.gaTypeId, b.gaTypeId], from, days: DAYS, tag: RUN };

  // 1. The edge: storefront batches through the Worker. Each request from its own address (the per-address limit is
  //    not what is measured); what the Worker queues is kept and stored in step 2 with the rest.
  const captured = capturedAnalyticsQueue();
  const edgeEnv = { ...env, ANALYTICS_QUEUE: captured.queue };
  const statuses = new Map<number, number>();
  let accepted = 0;
  const edgeItems = [...journeys({ ...plan, seed: 1 }, EDGE_EVENTS)];
  const beacons = [...inChunks(edgeItems, BEACON)].map((batch) =>
    batch.map((i) => ({ id: crypto.randomUUID(), kind: 'page_view', occurredAt: new Date(i.occurredAt).toISOString(), eventId: i.eventId, visitorId: i.visitorId ?? undefined, locale: i.locale ?? undefined })),
  );
  const edge = await timed(() =>
    pool(beacons, EDGE_CONCURRENCY, async (events) => {
      const res = await fetchWorker(edgeEnv, new Request(`${BASE}/public/analytics`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'CF-Connecting-IP': uniqueIp() }, body: JSON.stringify({ events }) }));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 202) accepted += res.body.accepted;
    }),
  );
  const noop = await timed(() =>
    pool(beacons, EDGE_CONCURRENCY, async () => {
      const res = await fetchWorker(env, new Request(`${BASE}/ping`, { headers: { 'CF-Connecting-IP': uniqueIp() } }));
      statuses.set(res.status === 200 ? -200 : res.status, (statuses.get(res.status === 200 ? -200 : res.status) ?? 0) + 1);
    }),
  );
  say(
    `edge: ${fmt(beacons.length)} beacons of ${BEACON} = ${fmt(accepted)} events in ${(edge.ms / 1000).toFixed(1)} s = ${fmt(perSecond(accepted, edge.ms))} events/s (${fmt(perSecond(beacons.length, edge.ms))} req/s)  ·  baseline no-op route (GET /ping): ${fmt(perSecond(beacons.length, noop.ms))} req/s`,
  );
  expect(Object.fromEntries(statuses)).toEqual({ 202: beacons.length, [-200]: beacons.length });
  expect(accepted).toBe(beacons.length * BEACON);

  // 2. The store step: journey messages through the consumer's code, STORE_CONCURRENCY at a time (the queue's
  //    consumer concurrency), the edge's messages among them.
  const queued = (captured.sent as JourneyMessage[]).filter((m) => m.kind === 'journey');
  const rest = journeys({ ...plan, seed: 2 }, EVENTS - accepted);
  function* messages(): Generator<JourneyMessage> {
    yield* queued;
    for (const items of inChunks<JourneyItem>(rest, MESSAGE)) yield { kind: 'journey', items };
  }
  // As the queue delivers them: batches of QUEUE_BATCH messages (wrangler.toml's max_batch_size) to consumeBatch.
  let messagesSent = 0;
  let acked = 0;
  const outcomes = new Map<string, number>();
  const store = await timed(() =>
    pool(inChunks(messages(), QUEUE_BATCH), STORE_CONCURRENCY, async (bodies) => {
      messagesSent += bodies.length;
      const batch = {
        queue: 'voelgoed-analytics',
        messages: bodies.map((body, i) => ({
          id: `${RUN}-${messagesSent}-${i}`,
          timestamp: new Date(),
          body,
          attempts: 1,
          ack: () => void (acked += 1),
          retry: () => void outcomes.set('retried', (outcomes.get('retried') ?? 0) + 1),
        })),
      } as unknown as MessageBatch<unknown>;
      await consumeBatch(batch, env, queueCtx, { analytics: analyticsConsumer });
    }),
  );
  const stored = await storedCount(owner.orgId);

  // Baseline: rows bulk-inserted straight into the same table (one statement, no queue, no per-message transaction).
  const base = await signup();
  const baseline = await timed(() =>
    withOrganization(env, base.orgId, (tx) =>
      tx.execute(sql`insert into analytics_events (id, organization_id, occurred_at, event_id, kind, source, channel, device_class, locale, visitor_id)
        select 'base-' || ${RUN} || '-' || i, ${base.orgId}, now() - (i % ${DAYS * 86_400}) * interval '1 second', 'evt_bench', 'page_view', 'client', 'storefront', 'mobile', 'en-ZA', 'v_base' || i
        from generate_series(1, ${BASELINE_ROWS}) as i`),
    ),
  );
  const inserted = stored;
  say(
    `store: ${fmt(inserted)} events into Postgres in ${(store.ms / 1000).toFixed(1)} s = ${fmt(perSecond(inserted, store.ms))} events/s (${fmt(messagesSent)} messages of ${MESSAGE} in batches of ${QUEUE_BATCH}, ${STORE_CONCURRENCY} batches at once)  ·  baseline (bulk insert straight into the table, ${fmt(BASELINE_ROWS)} rows): ${fmt(perSecond(BASELINE_ROWS, baseline.ms))} rows/s`,
  );
  say(`rows in analytics_events: ${fmt(stored)} of ${fmt(EVENTS)} sent`);
  // Nothing lost, nothing doubled, every message acked.
  expect(Object.fromEntries(outcomes)).toEqual({});
  expect(acked).toBe(messagesSent);
  expect(stored).toBe(EVENTS);
  await rawPostgres((client) => client.query('analyze analytics_events'));

  // 3. The funnel snapshot job over every day of the journeys (the 15-minute job does today, yesterday and late days).
  const timeZone = (await api('GET', `/orgs/${owner.orgId}/events/${a.eventId}/funnel`, { token: owner.token })).body.timeZone as string;
  const firstDay = localDay(new Date(from), timeZone);
  const lastDay = localDay(new Date(), timeZone);
  const snapshot = await timed(() => computeFunnelSnapshots(env, owner.orgId, { from: firstDay, to: lastDay, timeZone }));
  say(`snapshot job: ${snapshot.value.days} days, ${fmt(snapshot.value.journeys)} visitor-days, ${fmt(snapshot.value.snapshots)} snapshot rows from ${fmt(stored)} events in ${(snapshot.ms / 1000).toFixed(1)} s`);

  // 4. One funnel (the canonical steps, one event, every day): counted from the raw events vs read from the snapshots
  //    (a saved funnel's conversion: visitor_journeys), median of 3 each; they must agree step by step.
  const created = await api('POST', `/orgs/${owner.orgId}/funnels`, { token: owner.token, body: { name: 'Bench: page to order', eventId: a.eventId, steps: CANONICAL_STEPS } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const rawTimes: number[] = [];
  const snapTimes: number[] = [];
  const eventFunnelTimes: number[] = [];
  let fromRaw: number[] = [];
  let fromSnapshots: number[] = [];
  for (let k = 0; k < 3; k++) {
    const raw = await timed(() => rawFunnel(owner.orgId, a.eventId, firstDay, lastDay, timeZone));
    const snap = await timed(() => api('GET', `/orgs/${owner.orgId}/funnels/${created.body.id}/conversion?from=${firstDay}&to=${lastDay}`, { token: owner.token }));
    const eventFunnel = await timed(() => api('GET', `/orgs/${owner.orgId}/events/${a.eventId}/funnel?from=${firstDay}&to=${lastDay}`, { token: owner.token }));
    expect(snap.value.status, JSON.stringify(snap.value.body)).toBe(200);
    expect(eventFunnel.value.status, JSON.stringify(eventFunnel.value.body)).toBe(200);
    rawTimes.push(raw.ms);
    snapTimes.push(snap.ms);
    eventFunnelTimes.push(eventFunnel.ms);
    fromRaw = raw.value;
    fromSnapshots = (snap.value.body.steps as { visitors: number }[]).map((st) => st.visitors);
  }
  say(
    `funnel (${CANONICAL_STEPS.length} steps, one event, ${daysBetween(firstDay, lastDay).length} days): raw events ${median(rawTimes).toFixed(0)} ms (SQL alone)  ·  snapshots ${median(snapTimes).toFixed(0)} ms (the API's saved-funnel conversion, HTTP included)  ·  the event's funnel from funnel_snapshots ${median(eventFunnelTimes).toFixed(0)} ms (API)  ·  visitors per step ${fromSnapshots.map(fmt).join(' → ')}`,
  );
  // The snapshots tell what the raw events tell.
  expect(fromSnapshots).toEqual(fromRaw);

  console.log(`\n${lines.join('\n')}`);
});
