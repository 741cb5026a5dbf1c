/**
 * The live seat-map channel (GET /api/v1/events/{eventId}/live as a WebSocket; messages per
 * src/shared/live-protocol.ts, read here without zod to keep the storefront small). The Durable Object sends a
 * snapshot on every connect and a delta per change, and answers "ping" with {type:"pong"}. This client pings
 * every 25 s, treats a minute of silence as a dead connection, and reconnects with exponential backoff and
 * jitter; each reconnect re-syncs from the fresh snapshot.
 */
import type { LiveMessage } from '../../../../src/shared/live-protocol';

export type LiveState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export function liveUrl(loc: { protocol: string; host: string }, eventId: string): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/events/${encodeURIComponent(eventId)}/live`;
}

/** 0.5 s, 1 s, 2 s, … capped at 15 s, each ±20 % so a thousand buyers don't reconnect in lockstep. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Parses one message; anything malformed is null (ignored), never thrown. */
export function parseLiveMessage(text: unknown): LiveMessage | null {
  if (typeof text !== 'string') return null;
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object') return null;
  const o = m as Record<string, unknown>;
  if (o.type === 'pong') return { type: 'pong' };
  if (typeof o.version !== 'number') return null;
  if (o.type === 'snapshot') {
    const seats = o.seats as Record<string, unknown> | undefined;
    if (!seats || !isStringArray(seats.held) || !isStringArray(seats.sold) || !isStringArray(seats.checked_in) || !isStringArray(seats.blocked)) return null;
    return m as LiveMessage;
  }
  if (o.type === 'delta') {
    if (!Array.isArray(o.seats) || !o.seats.every((s) => s && typeof s.id === 'string' && typeof s.status === 'string')) return null;
    return m as LiveMessage;
  }
  return null;
}

type SocketLike = {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};

export type LiveOptions = {
  onMessage: (message: LiveMessage) => void;
  onState?: (state: LiveState) => void;
  createSocket?: (url: string) => SocketLike;
  pingMs?: number;
  staleMs?: number;
  random?: () => number;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (id: unknown) => void; now: () => number };
};

const OPEN = 1;

export class LiveChannel {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private stopped = true;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private lastMessage = 0;
  private readonly timers: NonNullable<LiveOptions['timers']>;

  constructor(
    private readonly url: string,
    private readonly opts: LiveOptions,
  ) {
    this.timers = opts.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>), now: () => Date.now() };
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect('connecting');
  }

  stop() {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      try {
        s.close(1000, 'bye');
      } catch {
        /* already closed */
      }
    }
    this.opts.onState?.('closed');
  }

  /** Reconnect now (e.g. the tab came back online), skipping the backoff wait. */
  reconnectNow() {
    if (this.stopped) return;
    this.attempt = 0;
    this.drop();
    this.connect('reconnecting');
  }

  private clearTimers() {
    if (this.retryTimer !== null) this.timers.clear(this.retryTimer);
    if (this.pingTimer !== null) this.timers.clear(this.pingTimer);
    this.retryTimer = this.pingTimer = null;
  }

  private drop() {
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      try {
        s.close(4000, 'stale');
      } catch {
        /* already closed */
      }
    }
  }

  private connect(state: LiveState) {
    this.opts.onState?.(state);
    let s: SocketLike;
    try {
      s = (this.opts.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike))(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = s;
    s.onopen = () => {
      this.lastMessage = this.timers.now();
      this.opts.onState?.('open');
      this.schedulePing();
    };
    s.onmessage = (ev) => {
      this.lastMessage = this.timers.now();
      const msg = parseLiveMessage(ev.data);
      if (!msg) return;
      // A snapshot means we are in sync again: the next outage starts its backoff from the beginning.
      if (msg.type === 'snapshot') this.attempt = 0;
      this.opts.onMessage(msg);
    };
    s.onerror = () => {
      /* onclose follows */
    };
    s.onclose = () => {
      if (this.socket !== s) return;
      this.socket = null;
      this.scheduleRetry();
    };
  }

  private scheduleRetry() {
    this.clearTimers();
    if (this.stopped) return;
    this.opts.onState?.('reconnecting');
    const delay = backoffDelay(this.attempt++, this.opts.random);
    this.retryTimer = this.timers.set(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect('reconnecting');
    }, delay);
  }

  private schedulePing() {
    const ping = this.opts.pingMs ?? 25_000;
    const stale = this.opts.staleMs ?? 60_000;
    this.pingTimer = this.timers.set(() => {
      this.pingTimer = null;
      const s = this.socket;
      if (!s || this.stopped) return;
      if (this.timers.now() - this.lastMessage > stale) {
        // Silent for too long (a dead network path never says goodbye): start over.
        this.drop();
        this.scheduleRetry();
        return;
      }
      if (s.readyState === OPEN) {
        try {
          s.send('ping');
        } catch {
          /* onclose follows */
        }
      }
      this.schedulePing();
    }, ping);
  }
}
