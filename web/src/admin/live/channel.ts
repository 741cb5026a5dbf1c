/**
 * The event's live channel as a small state machine, no React: opens the WebSocket, parses messages, keeps the
 * connection alive with pings (the inventory DO answers "ping" with {"type":"pong"}), notices a silent dead
 * connection (no answer to a ping) and reconnects with exponential backoff and jitter. Socket, timers and
 * randomness are injected so the behaviour is testable in Node.
 */
import type { LiveMessage } from '../../../../src/shared/live-protocol';
import { realTimers, type Timers } from './throttle';

export type ChannelStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/** The part of a browser WebSocket the channel uses. */
export type SocketLike = {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};

export type ChannelOptions = {
  url: string;
  onMessage: (message: LiveMessage) => void;
  onStatus: (status: ChannelStatus, detail: { attempt: number; retryInMs: number | null }) => void;
  createSocket?: (url: string) => SocketLike;
  timers?: Timers;
  random?: () => number;
  /** How often to ping while connected. */
  pingEveryMs?: number;
  /** How long to wait for any message after a ping before giving the connection up. */
  pongTimeoutMs?: number;
};

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** Delay before reconnect attempt `attempt` (1, 2, 3 …): doubling from 1 s up to 30 s, with ±25 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.75 + random() * 0.5;
  return Math.round(Math.min(BACKOFF_MAX_MS, base * jitter));
}

/** Parses one frame; anything that is not a live message (or not JSON) is ignored. */
export function parseLiveMessage(data: unknown): LiveMessage | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as { type?: unknown; version?: unknown; counts?: unknown };
  if (v.type === 'pong') return { type: 'pong' };
  if ((v.type === 'snapshot' || v.type === 'delta') && typeof v.version === 'number' && v.counts && typeof v.counts === 'object') return value as LiveMessage;
  return null;
}

/** The live URL of an event for the page's own host (wss on https). */
export function liveUrl(eventId: string, loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/events/${encodeURIComponent(eventId)}/live`;
}

export class LiveChannel {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly pingEveryMs: number;
  private readonly pongTimeoutMs: number;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly options: ChannelOptions) {
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.pingEveryMs = options.pingEveryMs ?? 25_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 10_000;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  start() {
    this.stopped = false;
    this.open();
  }

  /** Closes for good (leaving the screen). */
  stop() {
    this.stopped = true;
    this.clearTimers();
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      try {
        s.close(1000, 'leaving');
      } catch {
        /* already closed */
      }
    }
    this.options.onStatus('stopped', { attempt: this.attempt, retryInMs: null });
  }

  /** Reconnect now instead of waiting out the backoff (the browser came back online, the tab became visible). */
  nudge() {
    if (this.stopped || this.socket) return;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  private open() {
    this.options.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting', { attempt: this.attempt, retryInMs: null });
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.options.onStatus('live', { attempt: 0, retryInMs: null });
      this.schedulePing();
    };
    socket.onmessage = (ev) => {
      // Any frame proves the connection is alive.
      if (this.pongTimer !== null) this.timers.clearTimeout(this.pongTimer);
      this.pongTimer = null;
      const message = parseLiveMessage(ev.data);
      if (message) this.options.onMessage(message);
    };
    socket.onerror = () => {
      /* a close follows */
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private scheduleRetry() {
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.random);
    this.options.onStatus('reconnecting', { attempt: this.attempt, retryInMs: delay });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private schedulePing() {
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      const s = this.socket;
      if (!s) return;
      try {
        s.send('ping');
      } catch {
        /* the close handler reconnects */
      }
      this.pongTimer = this.timers.setTimeout(() => {
        // No answer: the connection is dead even if the browser has not noticed. Drop it and reconnect.
        this.pongTimer = null;
        if (this.socket !== s) return;
        this.socket = null;
        s.onclose = s.onmessage = s.onerror = s.onopen = null;
        try {
          s.close(4000, 'no pong');
        } catch {
          /* gone */
        }
        this.clearTimers();
        if (!this.stopped) this.scheduleRetry();
      }, this.pongTimeoutMs);
      this.schedulePing();
    }, this.pingEveryMs);
  }

  private clearTimers() {
    if (this.pingTimer !== null) this.timers.clearTimeout(this.pingTimer);
    if (this.pongTimer !== null) this.timers.clearTimeout(this.pongTimer);
    this.pingTimer = this.pongTimer = null;
  }
}
