import { describe, expect, it } from 'vitest';
import { backoffDelay, LiveChannel, liveUrl, parseLiveMessage, type LiveStatus, type LiveStatusDetail } from '../../../web/src/ui/live-channel';
import { FakeSocket } from './fake-socket';
import { fakeTimers } from './fake-timers';

function harness(opts: { failToCreate?: number } = {}) {
  const { timers, advance } = fakeTimers();
  const sockets: FakeSocket[] = [];
  const statuses: LiveStatus[] = [];
  const details: LiveStatusDetail[] = [];
  const messages: { type: string }[] = [];
  let failures = opts.failToCreate ?? 0;
  const channel = new LiveChannel({
    url: 'ws://x/api/v1/events/e/live',
    onMessage: (m) => messages.push(m),
    onStatus: (s, d) => {
      statuses.push(s);
      details.push(d);
    },
    createSocket: (url) => {
      if (failures-- > 0) throw new Error('SecurityError');
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers,
    random: () => 0.5,
    pingEveryMs: 25_000,
    pongTimeoutMs: 10_000,
  });
  return { channel, sockets, statuses, details, messages, advance, last: () => sockets.at(-1)! };
}

const snapshot = {
  type: 'snapshot',
  eventId: 'evt_1',
  version: 3,
  status: 'on_sale',
  seats: { held: ['A:1:1'], sold: [], checked_in: [], blocked: [] },
  counts: { capacity: 1 },
};
const delta = { type: 'delta', version: 4, reason: 'held', seats: [{ id: 'A:1:2', status: 'held' }], counts: { capacity: 1 } };

describe('live channel URL and backoff', () => {
  it('builds ws/wss URLs for the page’s host, the event id escaped', () => {
    expect(liveUrl('evt_1', { protocol: 'https:', host: 'tix.example' })).toBe('wss://tix.example/api/v1/events/evt_1/live');
    expect(liveUrl('evt_1', { protocol: 'http:', host: 'localhost:8790' })).toBe('ws://localhost:8790/api/v1/events/evt_1/live');
    expect(liveUrl('a/b', { protocol: 'https:', host: 'tix.example' })).toBe('wss://tix.example/api/v1/events/a%2Fb/live');
  });

  it('backoff doubles from 1 s up to 30 s with bounded jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 10, 50].map((a) => backoffDelay(a, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(1, () => 0)).toBe(750);
    expect(backoffDelay(1, () => 0.999999)).toBe(1250);
    expect(backoffDelay(3, () => 0)).toBe(3000);
    expect(backoffDelay(3, () => 1)).toBe(5000);
    // Jitter never pushes past the cap.
    expect(backoffDelay(6, () => 1)).toBe(30000);
  });
});

describe('parseLiveMessage', () => {
  it('accepts the protocol messages', () => {
    expect(parseLiveMessage(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(parseLiveMessage(JSON.stringify(delta))).toEqual(delta);
    expect(parseLiveMessage('{"type":"pong"}')).toEqual({ type: 'pong' });
  });

  it('ignores anything else: binary, not JSON, unknown types, wrong shapes', () => {
    expect(parseLiveMessage(new ArrayBuffer(2))).toBeNull();
    expect(parseLiveMessage('not json')).toBeNull();
    expect(parseLiveMessage('null')).toBeNull();
    expect(parseLiveMessage('[1]')).toBeNull();
    expect(parseLiveMessage('{"type":"mystery","version":1,"counts":{}}')).toBeNull();
    // A version must be a number.
    expect(parseLiveMessage('{"type":"delta","version":"x","seats":[],"counts":{}}')).toBeNull();
    // Counts must be there (the dashboard and the storefront's "left" figures read them).
    expect(parseLiveMessage(JSON.stringify({ ...delta, counts: undefined }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ ...snapshot, counts: null }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ ...delta, counts: [] }))).toBeNull();
    // Seats of the right shape: every status list in a snapshot, {id, status} entries in a delta.
    expect(parseLiveMessage(JSON.stringify({ ...snapshot, seats: { held: [] } }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ ...snapshot, seats: { ...snapshot.seats, sold: [1] } }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ ...delta, seats: [{ id: 3 }] }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ ...delta, seats: [null] }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ ...delta, seats: { id: 'A:1:2', status: 'held' } }))).toBeNull();
  });
});

describe('LiveChannel', () => {
  it('connects to the URL, goes open and hands over parsed messages, skipping junk', () => {
    const h = harness();
    h.channel.start();
    expect(h.sockets).toHaveLength(1);
    expect(h.last().url).toBe('ws://x/api/v1/events/e/live');
    h.last().open();
    h.last().receive(snapshot);
    h.last().receive('not json');
    h.last().receive({ type: 'mystery' });
    h.last().receive(delta);
    expect(h.statuses).toEqual(['connecting', 'open']);
    expect(h.messages).toEqual([snapshot, delta]);
  });

  it('starting twice opens one socket', () => {
    const h = harness();
    h.channel.start();
    h.channel.start();
    expect(h.sockets).toHaveLength(1);
  });

  it('reconnects with growing delays after drops, re-syncs from the next snapshot and then starts the backoff over', () => {
    const h = harness();
    h.channel.start();
    h.last().open();
    h.last().receive(snapshot);

    h.last().drop();
    expect(h.statuses.at(-1)).toBe('reconnecting');
    expect(h.details.at(-1)).toEqual({ attempt: 1, retryInMs: 1000 });
    h.advance(999);
    expect(h.sockets).toHaveLength(1);
    h.advance(1);
    expect(h.sockets).toHaveLength(2);
    // Fails again before opening: the next wait doubles.
    h.last().drop();
    expect(h.details.at(-1)).toEqual({ attempt: 2, retryInMs: 2000 });
    h.advance(1_999);
    expect(h.sockets).toHaveLength(2);
    h.advance(1);
    expect(h.sockets).toHaveLength(3);
    h.last().open();
    expect(h.statuses.at(-1)).toBe('open');
    h.last().receive(snapshot);
    expect(h.messages.map((m) => m.type)).toEqual(['snapshot', 'snapshot']);
    // In sync again: the next outage starts from the shortest delay.
    h.last().drop();
    h.advance(1_000);
    expect(h.sockets).toHaveLength(4);
    h.channel.stop();
  });

  it('a server that accepts and drops at once (no snapshot) keeps backing off', () => {
    const h = harness();
    h.channel.start();
    h.last().open();
    h.last().drop();
    h.advance(1_000);
    expect(h.sockets).toHaveLength(2);
    h.last().open();
    h.last().drop();
    h.advance(1_999);
    expect(h.sockets).toHaveLength(2);
    h.advance(1);
    expect(h.sockets).toHaveLength(3);
  });

  it('retries with backoff when the socket cannot even be created', () => {
    const h = harness({ failToCreate: 1 });
    h.channel.start();
    expect(h.sockets).toHaveLength(0);
    expect(h.statuses).toEqual(['connecting', 'reconnecting']);
    h.advance(1_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('pings while connected and gives up a connection that does not answer', () => {
    const h = harness();
    h.channel.start();
    const s = h.last();
    s.open();
    h.advance(25_000);
    expect(s.sent).toEqual(['ping']);
    s.receive({ type: 'pong' });
    h.advance(25_000);
    expect(s.sent).toEqual(['ping', 'ping']);
    // Any frame is an answer, a delta as well as a pong.
    s.receive(delta);
    h.advance(25_000);
    expect(s.sent).toEqual(['ping', 'ping', 'ping']);
    expect(s.closed).toBe(false);
    h.advance(9_999); // no answer this time…
    expect(s.closed).toBe(false);
    h.advance(1); // …and the timeout is up: the silent socket is dropped and a new one opened after the backoff.
    expect(s.closed).toBe(true);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    h.advance(1_000);
    expect(h.sockets).toHaveLength(2);
    // The dropped socket's late close does not start a second reconnect.
    s.drop();
    h.advance(60_000);
    expect(h.sockets).toHaveLength(2);
  });

  it('reconnectNow skips the backoff wait when disconnected', () => {
    const h = harness();
    h.channel.start();
    h.last().open();
    h.last().drop();
    h.channel.reconnectNow();
    expect(h.sockets).toHaveLength(2);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    h.last().open();
    h.last().receive(snapshot);
    // The cancelled retry does not fire later.
    h.advance(5_000);
    expect(h.sockets).toHaveLength(2);
    expect(h.statuses.at(-1)).toBe('open');
  });

  it('reconnectNow probes a connected socket with a ping instead of dropping it, and replaces it if silent', () => {
    const h = harness();
    h.channel.start();
    const s = h.last();
    s.open();
    h.channel.reconnectNow();
    expect(s.sent).toEqual(['ping']);
    expect(h.sockets).toHaveLength(1);
    s.receive({ type: 'pong' });
    h.advance(10_000);
    expect(s.closed).toBe(false);
    h.channel.reconnectNow();
    h.advance(10_000);
    expect(s.closed).toBe(true);
    h.advance(1_000);
    expect(h.sockets).toHaveLength(2);
  });

  it('stops for good: closes the socket, never reconnects, and says closed', () => {
    const h = harness();
    h.channel.start();
    h.last().open();
    h.channel.stop();
    expect(h.sockets[0]!.closed).toBe(true);
    expect(h.statuses.at(-1)).toBe('closed');
    h.advance(120_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.sockets[0]!.sent).toEqual([]);
    h.channel.reconnectNow();
    expect(h.sockets).toHaveLength(1);
  });

  it('stop during a backoff wait cancels the retry; start again connects afresh', () => {
    const h = harness();
    h.channel.start();
    h.last().drop();
    h.channel.stop();
    h.advance(60_000);
    expect(h.sockets).toHaveLength(1);
    h.channel.start();
    expect(h.sockets).toHaveLength(2);
    expect(h.statuses.at(-1)).toBe('connecting');
  });
});

describe('audiences and tickets', () => {
  it('parses the public projection and the gate counts, and refuses a public message with organizer seats only', () => {
    const pub = { type: 'snapshot', audience: 'public', eventId: 'e', version: 1, status: 'on_sale', seats: { unavailable: ['A:1:1'] }, ticketTypes: { t: { available: 3 } } };
    const pubDelta = { type: 'delta', audience: 'public', version: 2, seats: [{ id: 'A:1:1', status: 'available' }], ticketTypes: {} };
    const gate = { type: 'delta', audience: 'gate', version: 1, counts: { checkedIn: 2, inside: 2, gates: { g: 2 } } };
    expect(parseLiveMessage(JSON.stringify(pub))).toEqual(pub);
    expect(parseLiveMessage(JSON.stringify(pubDelta))).toEqual(pubDelta);
    expect(parseLiveMessage(JSON.stringify(gate))).toEqual(gate);
    expect(parseLiveMessage(JSON.stringify({ ...pub, seats: { held: [] } }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ ...pub, ticketTypes: undefined }))).toBeNull();
  });

  it('asks for a fresh URL (a new ticket) on every connect, and retries with backoff when that fails', async () => {
    const { timers, advance } = fakeTimers();
    const sockets: FakeSocket[] = [];
    let minted = 0;
    let failNext = false;
    const statuses: LiveStatus[] = [];
    const channel = new LiveChannel({
      url: async () => {
        if (failNext) {
          failNext = false;
          throw new Error('offline');
        }
        return `ws://x/api/v1/events/e/live?ticket=t${++minted}`;
      },
      onMessage: () => {},
      onStatus: (s) => statuses.push(s),
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      timers,
      random: () => 0.5,
    });
    const flush = () => new Promise((r) => setTimeout(r, 0));
    channel.start();
    await flush();
    expect(sockets.map((s) => s.url)).toEqual(['ws://x/api/v1/events/e/live?ticket=t1']);
    sockets[0]!.open();
    failNext = true;
    sockets[0]!.drop();
    advance(1_000);
    await flush();
    // The ticket request failed: no socket, another attempt after the next backoff.
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('reconnecting');
    advance(2_000);
    await flush();
    expect(sockets.map((s) => s.url)).toEqual(['ws://x/api/v1/events/e/live?ticket=t1', 'ws://x/api/v1/events/e/live?ticket=t2']);
    // Stopped while a ticket is on its way: no socket is opened afterwards.
    sockets[1]!.drop();
    advance(1_000);
    channel.stop();
    await flush();
    expect(sockets).toHaveLength(2);
  });
});
