import { describe, expect, it } from 'vitest';
import { backoffDelay, LiveChannel, liveUrl, parseLiveMessage, type ChannelStatus, type SocketLike } from '../../../web/src/admin/live/channel';
import { fakeTimers } from './fake-timers';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

function harness() {
  const { timers, advance } = fakeTimers();
  const sockets: FakeSocket[] = [];
  const statuses: ChannelStatus[] = [];
  const messages: unknown[] = [];
  const channel = new LiveChannel({
    url: 'ws://x/api/v1/events/e/live',
    onMessage: (m) => messages.push(m),
    onStatus: (s) => statuses.push(s),
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    timers,
    random: () => 0.5,
    pingEveryMs: 25_000,
    pongTimeoutMs: 10_000,
  });
  return { channel, sockets, statuses, messages, advance };
}

const snapshot = { type: 'snapshot', eventId: 'e', version: 1, status: 'on_sale', seats: { held: [], sold: [], checked_in: [], blocked: [] }, counts: { capacity: 1 } };

describe('live channel', () => {
  it('goes live on open and hands over parsed messages, skipping junk', () => {
    const h = harness();
    h.channel.start();
    h.sockets[0]!.open();
    h.sockets[0]!.receive(snapshot);
    h.sockets[0]!.receive('not json');
    h.sockets[0]!.receive({ type: 'mystery' });
    expect(h.statuses).toEqual(['connecting', 'live']);
    expect(h.messages).toEqual([snapshot]);
  });

  it('reconnects with growing backoff after drops and resets it once connected', () => {
    const h = harness();
    h.channel.start();
    h.sockets[0]!.drop();
    expect(h.statuses.at(-1)).toBe('reconnecting');
    h.advance(999);
    expect(h.sockets).toHaveLength(1);
    h.advance(1);
    expect(h.sockets).toHaveLength(2);
    h.sockets[1]!.drop();
    h.advance(1_999);
    expect(h.sockets).toHaveLength(2);
    h.advance(1);
    expect(h.sockets).toHaveLength(3);
    h.sockets[2]!.open();
    expect(h.statuses.at(-1)).toBe('live');
    h.sockets[2]!.drop();
    h.advance(1_000);
    expect(h.sockets).toHaveLength(4);
  });

  it('pings while connected and gives up a connection that does not answer', () => {
    const h = harness();
    h.channel.start();
    const s = h.sockets[0]!;
    s.open();
    h.advance(25_000);
    expect(s.sent).toEqual(['ping']);
    s.receive({ type: 'pong' });
    h.advance(25_000);
    expect(s.sent).toEqual(['ping', 'ping']);
    h.advance(10_000); // no pong this time
    expect(s.closed).toBe(true);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    h.advance(1_000);
    expect(h.sockets).toHaveLength(2);
  });

  it('stops for good: no reconnect after leaving the screen', () => {
    const h = harness();
    h.channel.start();
    h.sockets[0]!.open();
    h.channel.stop();
    expect(h.sockets[0]!.closed).toBe(true);
    h.advance(120_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.statuses.at(-1)).toBe('stopped');
  });

  it('backoff doubles up to 30 s with bounded jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(1, () => 0)).toBe(750);
    expect(backoffDelay(1, () => 0.999999)).toBe(1250);
  });

  it('builds ws/wss URLs for the page’s host', () => {
    expect(liveUrl('evt_1', { protocol: 'https:', host: 'tix.example' })).toBe('wss://tix.example/api/v1/events/evt_1/live');
    expect(liveUrl('evt_1', { protocol: 'http:', host: 'localhost:8790' })).toBe('ws://localhost:8790/api/v1/events/evt_1/live');
  });

  it('parses only live messages', () => {
    expect(parseLiveMessage('{"type":"pong"}')).toEqual({ type: 'pong' });
    expect(parseLiveMessage('{"type":"delta","version":"x","counts":{}}')).toBeNull();
    expect(parseLiveMessage(new ArrayBuffer(2))).toBeNull();
  });
});
