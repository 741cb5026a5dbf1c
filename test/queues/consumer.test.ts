/**
 * src/queues/consumer.ts — consumeBatch: each message acked when its consumer returns, retried when it throws; a
 * consumer's `together` messages handled in one call, and when that call fails, each on its own so only the one that
 * fails again is retried. The analytics queue uses it for journey messages: a batch of them is stored in one go.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analyticsConsumer } from '../../src/domains/analytics/consumer';
import type { JourneyMessage } from '../../src/domains/analytics/schemas';
import { consumeBatch, type Consumer } from '../../src/queues/consumer';
import { signup } from '../support/api';
import { journeyRows } from '../support/analytics';
import { onSaleEvent } from '../support/events';

type Outcome = 'acked' | 'retried' | 'pending';

function batchOf(queue: string, bodies: unknown[]) {
  const outcomes: Outcome[] = bodies.map(() => 'pending');
  const messages = bodies.map((body, i) => ({
    id: `m${i}`,
    timestamp: new Date(),
    body,
    attempts: 1,
    ack: () => void (outcomes[i] = 'acked'),
    retry: () => void (outcomes[i] = 'retried'),
  }));
  const batch = { queue, messages, ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<unknown>;
  return { batch, outcomes };
}

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

describe('consumeBatch', () => {
  const Body = z.object({ n: z.number(), bulk: z.boolean() });
  type Body = z.infer<typeof Body>;

  function recordingConsumer(failTogether: boolean, failAlone: (b: Body) => boolean) {
    const calls = { alone: [] as number[], together: [] as number[][] };
    const consumer: Consumer<Body> = {
      schema: Body,
      async handle(body) {
        calls.alone.push(body.n);
        if (failAlone(body)) throw new Error(`message ${body.n} is bad`);
      },
      together: {
        takes: (body) => body.bulk,
        async handle(bodies) {
          calls.together.push(bodies.map((b) => b.n));
          if (failTogether) throw new Error('the store refused the batch');
        },
      },
    };
    return { consumer, calls };
  }

  it('hands the messages it takes to one call and acks them; the others one by one; unreadable ones are retried', async () => {
    const { consumer, calls } = recordingConsumer(false, () => false);
    const { batch, outcomes } = batchOf('voelgoed-analytics', [{ n: 1, bulk: true }, { n: 2, bulk: false }, { n: 3, bulk: true }, { nope: 1 }, { n: 5, bulk: true }]);
    await consumeBatch(batch, env, ctx, { analytics: consumer });
    expect(calls.together).toEqual([[1, 3, 5]]);
    expect(calls.alone).toEqual([2]);
    expect(outcomes).toEqual(['acked', 'acked', 'acked', 'retried', 'acked']);
  });

  it('when the call together fails, handles each alone: only the message that fails again is retried', async () => {
    const { consumer, calls } = recordingConsumer(true, (b) => b.n === 3);
    const { batch, outcomes } = batchOf('voelgoed-analytics', [{ n: 1, bulk: true }, { n: 3, bulk: true }, { n: 4, bulk: true }]);
    await consumeBatch(batch, env, ctx, { analytics: consumer });
    expect(calls.together).toEqual([[1, 3, 4]]);
    expect(calls.alone).toEqual([1, 3, 4]);
    expect(outcomes).toEqual(['acked', 'retried', 'acked']);
  });

  it('stores a batch of journey messages from two organizations at once, and nothing twice when it is delivered again', async () => {
    const [a, b] = await Promise.all([signup(), signup()]);
    const [ea, eb] = await Promise.all([onSaleEvent(a, { layout: false }), onSaleEvent(b, { layout: false })]);
    const item = (organizationId: string, eventId: string, kind: string) => ({
      id: crypto.randomUUID(),
      organizationId,
      eventId,
      kind,
      occurredAt: Date.now(),
      source: 'client',
      ticketTypeId: null,
      channel: 'storefront',
      referrerHost: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      deviceClass: 'mobile',
      locale: 'en-ZA',
      visitorId: 'v_consumer0000000000000000000000000001',
      ipNetwork: null,
    });
    const messages: JourneyMessage[] = [
      { kind: 'journey', items: [item(a.orgId, ea.eventId, 'page_view'), item(b.orgId, eb.eventId, 'page_view')] } as JourneyMessage,
      { kind: 'journey', items: [item(a.orgId, ea.eventId, 'seat_map_opened')] } as JourneyMessage,
    ];
    for (let delivery = 0; delivery < 2; delivery++) {
      const { batch, outcomes } = batchOf('voelgoed-analytics', messages);
      await consumeBatch(batch, env, ctx, { analytics: analyticsConsumer });
      expect(outcomes).toEqual(['acked', 'acked']);
    }
    expect((await journeyRows(ea.eventId)).map((r) => [r.organization_id, r.kind]).sort()).toEqual([
      [a.orgId, 'page_view'],
      [a.orgId, 'seat_map_opened'],
    ]);
    expect((await journeyRows(eb.eventId)).map((r) => [r.organization_id, r.kind])).toEqual([[b.orgId, 'page_view']]);
  });
});
