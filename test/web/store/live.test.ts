import { describe, expect, it } from 'vitest';
import { backoffDelay, LiveChannel, liveUrl, parseLiveMessage, type LiveState } from '../../../web/src/store/seatmap/live';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(d: string) {
    this.sent.push(d);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

/** Timers the test advances by hand. */
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    timers: {
      set: (fn: () => void, ms: number) => {
        pending.set(++seq, { at: now + ms, fn });
        return seq;
      },
      clear: (id: unknown) => void pending.delete(id as number),
      now: () => now,
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        pending.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
}

const snapshot = { type: 'snapshot', eventId: 'evt_1', version: 3, status: 'on_sale', seats: { held: ['A:1:1'], sold: [], checked_in: [], blocked: [] }, counts: {} };

describe('live channel', () => {
  it('builds the socket URL from the page location', () => {
    expect(liveUrl({ protocol: 'https:', host: 'tix.example' }, 'evt_1')).toBe('wss://tix.example/api/v1/events/evt_1/live');
    expect(liveUrl({ protocol: 'http:', host: 'localhost:8790' }, 'evt_1')).toBe('ws://localhost:8790/api/v1/events/evt_1/live');
  });

  it('backs off exponentially with jitter, capped at 15 s', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(500);
    expect(backoffDelay(1, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
    expect(backoffDelay(20, () => 0.5)).toBe(15000);
    expect(backoffDelay(2, () => 0)).toBe(1600);
    expect(backoffDelay(2, () => 1)).toBe(2400);
  });

  it('parses the protocol messages and ignores anything else', () => {
    expect(parseLiveMessage(JSON.stringify(snapshot))).toMatchObject({ type: 'snapshot', version: 3 });
    expect(parseLiveMessage(JSON.stringify({ type: 'delta', version: 4, reason: 'held', seats: [{ id: 'A:1:2', status: 'held' }], counts: {} }))).toMatchObject({ type: 'delta' });
    expect(parseLiveMessage('{"type":"pong"}')).toEqual({ type: 'pong' });
    expect(parseLiveMessage('not json')).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: 'delta', version: 4, seats: [{ id: 3 }] }))).toBeNull();
    expect(parseLiveMessage(JSON.stringify({ type: 'snapshot', version: 1, seats: { held: [] } }))).toBeNull();
    expect(parseLiveMessage(new ArrayBuffer(2))).toBeNull();
  });

  it('reconnects with growing delays after drops and re-syncs from the next snapshot', () => {
    FakeSocket.all = [];
    const t = fakeTimers();
    const states: LiveState[] = [];
    const messages: string[] = [];
    const ch = new LiveChannel('ws://x/live', {
      onMessage: (m) => messages.push(m.type),
      onState: (s) => states.push(s),
      createSocket: (u) => new FakeSocket(u),
      timers: t.timers,
      random: () => 0.5,
    });
    ch.start();
    expect(FakeSocket.all).toHaveLength(1);
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.receive(snapshot);
    expect(messages).toEqual(['snapshot']);
    expect(states).toEqual(['connecting', 'open']);

    FakeSocket.all[0]!.drop();
    expect(states.at(-1)).toBe('reconnecting');
    t.advance(499);
    expect(FakeSocket.all).toHaveLength(1);
    t.advance(1);
    expect(FakeSocket.all).toHaveLength(2);
    // Fails again before opening: the next wait doubles.
    FakeSocket.all[1]!.drop();
    t.advance(999);
    expect(FakeSocket.all).toHaveLength(2);
    t.advance(1);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2]!.open();
    FakeSocket.all[2]!.receive(snapshot);
    expect(messages).toEqual(['snapshot', 'snapshot']);
    // In sync again: the next outage starts from the shortest delay.
    FakeSocket.all[2]!.drop();
    t.advance(500);
    expect(FakeSocket.all).toHaveLength(4);
    ch.stop();
  });

  it('pings to keep the connection alive and starts over when the server goes silent', () => {
    FakeSocket.all = [];
    const t = fakeTimers();
    const ch = new LiveChannel('ws://x/live', { onMessage: () => {}, createSocket: (u) => new FakeSocket(u), timers: t.timers, random: () => 0.5, pingMs: 25_000, staleMs: 60_000 });
    ch.start();
    const s = FakeSocket.all[0]!;
    s.open();
    t.advance(25_000);
    expect(s.sent).toEqual(['ping']);
    s.receive({ type: 'pong' });
    t.advance(50_000);
    expect(s.sent).toEqual(['ping', 'ping', 'ping']);
    // No answer for more than a minute since the pong at 25 s: the socket is dropped and a new one opened.
    t.advance(25_000);
    expect(s.closed).toBe(true);
    t.advance(500);
    expect(FakeSocket.all).toHaveLength(2);
    ch.stop();
  });

  it('stops for good: no reconnect after stop()', () => {
    FakeSocket.all = [];
    const t = fakeTimers();
    const states: LiveState[] = [];
    const ch = new LiveChannel('ws://x/live', { onMessage: () => {}, onState: (s) => states.push(s), createSocket: (u) => new FakeSocket(u), timers: t.timers });
    ch.start();
    FakeSocket.all[0]!.open();
    ch.stop();
    expect(FakeSocket.all[0]!.closed).toBe(true);
    t.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(states.at(-1)).toBe('closed');
  });
});
