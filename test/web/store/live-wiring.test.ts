/**
 * The storefront's live wiring (web/src/store/live-wiring.ts) with fake sockets: snapshot over HTTP first, socket with
 * since= its version, deltas in order, resync → refetch → resume from the refetched version, a refused hold's refresh
 * applied only when newer.
 */
import { describe, expect, it } from 'vitest';
import { StorefrontLive, type PublicSeatMapData, type StorefrontDelta } from '../../../web/src/store/live-wiring';
import { FakeSocket } from '../ui/fake-socket';
import { fakeTimers } from '../ui/fake-timers';

const URL = 'wss://tix.example/api/v1/events/evt_1/live';
const map = (version: number, unavailable: string[] = []): PublicSeatMapData => ({
  version,
  focal: { x: 0, y: 0 },
  categories: [{ key: 'a', name: 'A', color: '#000' }],
  seats: ['A:1:1', 'A:1:2', 'A:1:3'].map((id, i) => [id, i, 0, 'a', 0, unavailable.includes(id) ? 'unavailable' : 'available']),
  ticketTypes: {},
});
const delta = (version: number, id: string, extra: Partial<StorefrontDelta> = {}) => ({ type: 'delta', audience: 'public', version, seats: [{ id, status: 'unavailable' }], ticketTypes: {}, ...extra });
const flush = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

function harness(server: { current: PublicSeatMapData; failNext?: number }) {
  const { timers, advance } = fakeTimers();
  const sockets: FakeSocket[] = [];
  const snapshots: { version: number; first: boolean }[] = [];
  const deltas: StorefrontDelta[] = [];
  const fetches: boolean[] = [];
  const live = new StorefrontLive({
    url: URL,
    live: true,
    fetchSnapshot: async (fresh) => {
      fetches.push(fresh);
      if (server.failNext && server.failNext-- > 0) throw new Error('offline');
      return server.current;
    },
    onSnapshot: (d, first) => snapshots.push({ version: d.version, first }),
    onDelta: (d) => deltas.push(d),
    channel: {
      timers,
      random: () => 0.5,
      createSocket: (u) => {
        const s = new FakeSocket(u);
        sockets.push(s);
        return s;
      },
    },
  });
  return { live, sockets, snapshots, deltas, fetches, advance, last: () => sockets.at(-1)! };
}

describe('storefront live wiring', () => {
  it('fetches the snapshot, then follows the socket from its version', async () => {
    const h = harness({ current: map(12) });
    await h.live.start();
    expect(h.snapshots).toEqual([{ version: 12, first: true }]);
    expect(h.last().url).toBe(`${URL}?since=12`);
    h.last().open();
    h.last().receive(delta(13, 'A:1:1'));
    h.last().receive(delta(13, 'A:1:1'));
    h.last().receive(delta(14, 'A:1:2', { status: 'sales_closed' }));
    expect(h.deltas.map((d) => [d.version, d.status])).toEqual([
      [13, undefined],
      [14, 'sales_closed'],
    ]);
  });

  it('on resync refetches the snapshot and resumes from its version on the same socket', async () => {
    const server = { current: map(5) };
    const h = harness(server);
    await h.live.start();
    h.last().open();
    server.current = map(70, ['A:1:3']);
    h.last().receive({ type: 'resync', audience: 'public', version: 71 });
    await flush();
    expect(h.snapshots.map((s) => s.version)).toEqual([5, 70]);
    expect(h.last().sent.filter((x) => x !== 'ping').map((x) => JSON.parse(x))).toEqual([{ type: 'resume', since: 70 }]);
    h.last().receive(delta(71, 'A:1:1'));
    expect(h.deltas.map((d) => d.version)).toEqual([71]);
    expect(h.sockets).toHaveLength(1);
  });

  it('retries a failed refetch with backoff, and a failed first fetch still opens the socket for the resync', async () => {
    const server = { current: map(9), failNext: 2 };
    const h = harness(server);
    await h.live.start();
    expect(h.snapshots).toEqual([]);
    expect(h.last().url).toBe(URL);
    h.last().open();
    h.last().receive({ type: 'resync', audience: 'public', version: 9 });
    await flush();
    expect(h.snapshots).toEqual([]);
    h.advance(1_000);
    await flush();
    expect(h.snapshots).toEqual([{ version: 9, first: false }]);
    expect(h.last().sent.map((x) => JSON.parse(x))).toEqual([{ type: 'resume', since: 9 }]);
  });

  it('a refused hold’s refresh applies only a newer snapshot, then resumes from it', async () => {
    const server = { current: map(20) };
    const h = harness(server);
    await h.live.start();
    h.last().open();
    h.last().receive(delta(21, 'A:1:1'));
    server.current = map(20);
    await h.live.refresh();
    expect(h.snapshots.map((s) => s.version)).toEqual([20]);
    server.current = map(25, ['A:1:1', 'A:1:2']);
    await h.live.refresh();
    expect(h.snapshots.map((s) => s.version)).toEqual([20, 25]);
    expect(h.fetches).toEqual([false, true, true]);
    expect(h.last().sent.map((x) => JSON.parse(x))).toEqual([{ type: 'resume', since: 25 }]);
  });
});
