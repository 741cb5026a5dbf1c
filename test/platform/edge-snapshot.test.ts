/**
 * The versioned edge snapshot (src/platform/edge-snapshot.ts) against the real Cache API in workerd, with an owner
 * that counts its calls: one version lookup per pointer period, one body per version, shared through the Cache API by
 * isolates that have never seen it, 304 / gzip / plain answers.
 */
import { describe, expect, it } from 'vitest';
import { acceptsGzip, EdgeSnapshots, gunzip, matchesEtag, type SnapshotSource } from '../../src/platform/edge-snapshot';

const ORIGIN = 'https://voelgoed.test';

function owner(initial = 1) {
  const state = { version: initial, versionCalls: 0, bodyCalls: 0 };
  const source: SnapshotSource = {
    version: async () => {
      state.versionCalls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return state.version;
    },
    body: async () => {
      state.bodyCalls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return { version: state.version, json: JSON.stringify({ version: state.version, seats: Array.from({ length: 500 }, (_, i) => [`A:${i}`, i, 0, 'std', 0, 'available']) }) };
    },
  };
  return { state, source };
}

const uniqueKey = () => `test/${crypto.randomUUID()}`;
const get = (headers: Record<string, string> = {}) => new Request(`${ORIGIN}/api/v1/public/events/x/seat-map`, { headers });

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('edge snapshots', () => {
  it('answers many concurrent reads with one version lookup and one body', async () => {
    const { state, source } = owner(7);
    const snapshots = new EdgeSnapshots();
    const options = { origin: ORIGIN, key: uniqueKey(), source, cacheControl: 'no-cache', pointerMs: 1_000 };
    const answers = await Promise.all(Array.from({ length: 25 }, () => snapshots.serve(get(), options)));
    expect(answers.every((a) => a.status === 200 && a.headers.get('ETag') === '"7"')).toBe(true);
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).version).toBe(7);
    expect(state).toMatchObject({ versionCalls: 1, bodyCalls: 1 });
  });

  it('shares a version through the Cache API with an isolate that never saw it', async () => {
    const { state, source } = owner(3);
    const options = { origin: ORIGIN, key: uniqueKey(), source, cacheControl: 'no-cache', pointerMs: 5_000 };
    const first = await new EdgeSnapshots().serve(get(), options);
    const text = await first.text();
    // A second isolate: its own empty memo, the same data centre's cache.
    const second = await new EdgeSnapshots().serve(get(), options);
    expect(await second.text()).toBe(text);
    expect(state).toMatchObject({ versionCalls: 1, bodyCalls: 1 });
  });

  it('asks for the version again once the pointer is older than pointerMs, and builds only a new version', async () => {
    const { state, source } = owner(1);
    const c = clock();
    const snapshots = new EdgeSnapshots(() => null, c.now);
    const options = { origin: ORIGIN, key: uniqueKey(), source, cacheControl: 'no-cache', pointerMs: 1_000 };
    expect((await snapshots.serve(get(), options)).headers.get('ETag')).toBe('"1"');
    state.version = 2;
    c.t += 500;
    // Within the pointer's time the isolate still says version 1 (the client catches up over the live channel).
    expect((await snapshots.serve(get(), options)).headers.get('ETag')).toBe('"1"');
    expect(state).toMatchObject({ versionCalls: 1, bodyCalls: 1 });
    c.t += 600;
    const fresh = await snapshots.serve(get(), options);
    expect(fresh.headers.get('ETag')).toBe('"2"');
    expect(JSON.parse(await fresh.text()).version).toBe(2);
    c.t += 1_500;
    expect((await snapshots.serve(get(), options)).headers.get('ETag')).toBe('"2"');
    expect(state).toMatchObject({ versionCalls: 3, bodyCalls: 2 });
  });

  it('answers If-None-Match for the current version with 304 and no body, before any body is built', async () => {
    const { state, source } = owner(9);
    const options = { origin: ORIGIN, key: uniqueKey(), source, cacheControl: 'public, max-age=0, must-revalidate', pointerMs: 1_000 };
    const res = await new EdgeSnapshots(() => null).serve(get({ 'If-None-Match': '"8", "9"' }), options);
    expect(res.status).toBe(304);
    expect(res.body).toBeNull();
    expect(res.headers.get('ETag')).toBe('"9"');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=0, must-revalidate');
    expect(state.bodyCalls).toBe(0);
  });

  it('sends the stored gzip bytes as they are to gzip clients, and decompresses for the others', async () => {
    const { source } = owner(4);
    const snapshots = new EdgeSnapshots();
    const options = { origin: ORIGIN, key: uniqueKey(), source, cacheControl: 'no-cache', pointerMs: 1_000 };
    const plain = await snapshots.serve(get(), options);
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(plain.headers.get('Vary')).toBe('Accept-Encoding');
    const json = await plain.text();
    const zipped = await snapshots.serve(get({ 'Accept-Encoding': 'br;q=1, gzip;q=0.8' }), options);
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    const bytes = await zipped.arrayBuffer();
    expect(new Uint8Array(bytes).slice(0, 2)).toEqual(new Uint8Array([0x1f, 0x8b]));
    expect(bytes.byteLength).toBeLessThan(json.length / 3);
    expect(await new Response(gunzip(bytes)).text()).toBe(json);
  });

  it('reads Accept-Encoding and If-None-Match as browsers send them', () => {
    expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br, identity')).toBe(false);
    expect(acceptsGzip(null)).toBe(false);
    expect(matchesEtag('W/"12"', 12)).toBe(true);
    expect(matchesEtag('"1", "12"', 12)).toBe(true);
    expect(matchesEtag('"120"', 12)).toBe(false);
    expect(matchesEtag('*', 3)).toBe(true);
  });
});
