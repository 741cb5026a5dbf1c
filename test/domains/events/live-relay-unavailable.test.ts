/**
 * A relay that is overloaded, unreachable or silent never turns the live upgrade into a 500, an
 * inventory_unavailable or a hang: the Worker tries the event's other relays and, when none answers, says
 * 503 live_unavailable (problem+json, Retry-After). The relays are wrapped at the binding (as test/support/faults.ts
 * does for the inventory); the event, the route and the Worker are real.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { callWithFaults, SHAPES } from '../../support/faults';

type Broken = 'overloaded' | 'networkLost' | 'hang';

/** The LIVE_RELAY namespace with every stub's fetch failing the way `broken` says; `calls` counts the attempts. */
function brokenRelays(broken: Broken, calls: { n: number }) {
  const ns = env.LIVE_RELAY;
  return new Proxy(ns, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (prop !== 'get') return typeof value === 'function' ? value.bind(target) : value;
      return () => ({
        fetch: () => {
          calls.n++;
          if (broken === 'hang') return new Promise(() => {});
          return Promise.reject(broken === 'overloaded' ? SHAPES.doOverloaded() : SHAPES.doNetworkLost());
        },
      });
    },
  });
}

async function upgradeWith(broken: Broken) {
  const owner = await signup();
  const f = await onSaleEvent(owner);
  const calls = { n: 0 };
  const res = await callWithFaults(
    new Request(`https://voelgoed.test/api/v1/events/${f.eventId}/live`, { headers: { Upgrade: 'websocket', 'CF-Connecting-IP': '203.0.113.7' } }),
    [],
    { LIVE_RELAY: brokenRelays(broken, calls), LIVE_RELAYS: '3' },
  );
  return { res, calls };
}

describe('a live upgrade when the relays cannot answer', () => {
  for (const broken of ['overloaded', 'networkLost', 'hang'] as const) {
    it(`answers 503 live_unavailable with Retry-After when every relay is ${broken}`, async () => {
      const started = Date.now();
      const { res, calls } = await upgradeWith(broken);
      expect(res.status, res.text).toBe(503);
      expect(res.headers.get('Content-Type')).toContain('application/problem+json');
      expect(res.body.code).toBe('live_unavailable');
      expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
      // The other relays were tried; a silent one cost one bounded wait, not one per relay.
      expect(calls.n).toBe(3);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  }
});
