/**
 * Edge snapshots under concurrency (fast-check): bursts of concurrent reads from two isolates that share the Cache
 * API, interleaved with version changes and the clock moving. Whatever the interleaving: every answer's body is the
 * version its ETag names, a 304 only answers an ETag the client sent, the owner builds each version's body at most
 * once per isolate, an isolate never serves an older version after a newer one, and once the pointer has expired a
 * read serves at least the version that was current when it expired.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdgeSnapshots, type SnapshotSource } from '../../src/platform/edge-snapshot';

const ORIGIN = 'https://voelgoed.test';
const POINTER_MS = 1_000;

type Op = { kind: 'bump' } | { kind: 'advance'; ms: number } | { kind: 'burst'; reads: { isolate: 0 | 1; etag: 'none' | 'current' | 'stale'; gzip: boolean }[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'bump' }),
  fc.integer({ min: 1, max: 2_500 }).map((ms): Op => ({ kind: 'advance', ms })),
  fc
    .array(fc.record({ isolate: fc.constantFrom<0 | 1>(0, 1), etag: fc.constantFrom<'none' | 'current' | 'stale'>('none', 'current', 'stale'), gzip: fc.boolean() }), { minLength: 1, maxLength: 12 })
    .map((reads): Op => ({ kind: 'burst', reads })),
);

describe('edge snapshots under concurrency', () => {
  it('serve each version consistently, build it once per isolate and never go back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const clock = { t: 1_000_000 };
        let version = 1;
        const builds = new Map<string, number>();
        const sourceFor = (isolate: number): SnapshotSource => ({
          version: async () => {
            await new Promise((r) => setTimeout(r, 1));
            return version;
          },
          body: async () => {
            const v = version;
            await new Promise((r) => setTimeout(r, 2));
            const k = `${isolate}:${v}`;
            builds.set(k, (builds.get(k) ?? 0) + 1);
            return { version: v, json: JSON.stringify({ version: v, seats: [[`A:1:${v}`, 0, 0, 'a', 0, 'available']] }) };
          },
        });
        const key = `prop/${crypto.randomUUID()}`;
        const isolates = [new EdgeSnapshots(undefined, () => clock.t), new EdgeSnapshots(undefined, () => clock.t)];
        const lastServed = [0, 0];
        // The version current when each isolate's pointer last expired: no read after that may serve an older one.
        const floor = [0, 0];
        for (const o of ops) {
          if (o.kind === 'bump') version += 1;
          else if (o.kind === 'advance') {
            clock.t += o.ms;
            if (o.ms > POINTER_MS) floor.fill(version);
          } else {
            const versionAtBurst = version;
            const answers = await Promise.all(
              o.reads.map(async (r) => {
                const sent = r.etag === 'current' ? `"${versionAtBurst}"` : r.etag === 'stale' ? `"${versionAtBurst - 1}"` : undefined;
                const headers: Record<string, string> = {};
                if (sent) headers['If-None-Match'] = sent;
                if (r.gzip) headers['Accept-Encoding'] = 'gzip';
                const res = await isolates[r.isolate]!.serve(new Request(`${ORIGIN}/seat-map`, { headers }), {
                  origin: ORIGIN,
                  key,
                  source: sourceFor(r.isolate),
                  cacheControl: 'no-cache',
                  pointerMs: POINTER_MS,
                });
                const etag = res.headers.get('ETag')!;
                const served = Number(etag.slice(1, -1));
                if (res.status === 304) {
                  expect(sent).toBe(etag);
                  expect(res.body).toBeNull();
                } else {
                  expect(res.status).toBe(200);
                  const bytes = await res.arrayBuffer();
                  const text = r.gzip ? await new Response(new Response(bytes).body!.pipeThrough(new DecompressionStream('gzip'))).text() : new TextDecoder().decode(bytes);
                  expect(JSON.parse(text).version).toBe(served);
                }
                return { isolate: r.isolate, served };
              }),
            );
            for (const a of answers) {
              expect(a.served).toBeLessThanOrEqual(versionAtBurst);
              expect(a.served).toBeGreaterThanOrEqual(floor[a.isolate]!);
              expect(a.served).toBeGreaterThanOrEqual(lastServed[a.isolate]!);
            }
            for (const i of [0, 1]) {
              const mine = answers.filter((a) => a.isolate === i).map((a) => a.served);
              if (mine.length) lastServed[i] = Math.max(lastServed[i]!, ...mine);
            }
          }
        }
        for (const [k, n] of builds) expect(n, `builds of ${k}`).toBe(1);
      }),
      { numRuns: 60 },
    );
  });
});
