/**
 * The one client of an event's live channel (GET /api/v1/events/{eventId}/live as a WebSocket), shared by the admin
 * dashboard and seat map, the storefront's seat map and the scanner. Messages are typed by
 * src/shared/live-protocol.ts and read here without zod (type imports only, so zod never reaches a browser bundle).
 *
 * Live channel v2 (docs/inventory.md): every delta carries its channel's version, +1 per delta. The channel keeps the
 * last version the app has applied and hands over only the next one: a version at or below it is a duplicate
 * (dropped), one further ahead is a gap (dropped, and `{"type":"resume","since":last}` asks the relay for what was
 * missed; no answer in time means a reconnect with `?since=last`). `resync` ("your since is outside the kept
 * window") goes to the app: a storefront refetches the HTTP snapshot and calls `resumeFrom(itsVersion)`; an organizer
 * or gate channel (no onResync) reconnects without since and gets a fresh snapshot. Every reconnect resumes with
 * `?since=last`. Organizer and gate sockets get a snapshot on a connect without since; public ones a `resync` with
 * the current version (buyers fetch the snapshot over HTTP first and connect with `?since=`).
 *
 * The channel pings while connected, gives up a connection that does not answer (a dead network path never says
 * goodbye) and reconnects with exponential backoff and jitter. Socket, timers and randomness are injected so the
 * behaviour is testable in Node. No React here: each app wires start/stop to its own lifecycle and shows the status
 * in its own words.
 */
import type { GateLiveMessage, LiveMessage as OrganizerLiveMessage, LiveResync, PublicLiveMessage } from '../../../src/shared/live-protocol';
import { parseLiveMessage } from './live-messages';

/**
 * Any message of the channel: the public projection (no ticket: storefronts), the organizer's figures (a ticket from
 * POST /orgs/{orgId}/events/{eventId}/live-ticket) or a scanner's gate counts (a ticket from
 * POST /device/events/{eventId}/live-ticket). Public and gate messages say so in `audience`.
 */
export type LiveMessage = OrganizerLiveMessage | PublicLiveMessage | GateLiveMessage;
export type { GateLiveMessage, LiveResync, OrganizerLiveMessage, PublicLiveMessage };
export { parseLiveMessage } from './live-messages';

/**
 * `connecting` — first connection; `open` — connected; `reconnecting` — lost, waiting out the backoff or trying
 * again; `closed` — stopped for good (left the screen).
 */
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

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

/** An injectable clock and timer queue (tests move it by hand). */
export type Timers = {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type LiveStatusDetail = {
  /** Failed connection attempts since the channel was last in sync (0 while fine). */
  attempt: number;
  /** While waiting out the backoff: how long until the next attempt; otherwise null. */
  retryInMs: number | null;
};

/** `M`: the messages this channel's audience gets (public for storefronts, organizer for the admin, gate for scanners). */
export type LiveChannelOptions<M extends LiveMessage = LiveMessage> = {
  /**
   * The socket URL, or a function answering one for each connection: the organizer's and the scanner's channels
   * need a fresh single-use ticket every time they (re)connect. A function that throws (offline, signed out) counts
   * as a failed attempt and is retried with the same backoff.
   */
  url: string | (() => Promise<string>);
  onMessage: (message: M) => void;
  onStatus?: (status: LiveStatus, detail: LiveStatusDetail) => void;
  createSocket?: (url: string) => SocketLike;
  timers?: Timers;
  random?: () => number;
  /** How often to ping while connected (default 25 s). */
  pingEveryMs?: number;
  /** How long to wait for any frame after a ping before giving the connection up (default 10 s). */
  pongTimeoutMs?: number;
  /**
   * The version the app already holds (a storefront: its HTTP snapshot's); the first connect resumes from it with
   * `?since=`. Without it the first connect asks for a snapshot (organizer, gate) or a resync (public).
   */
  since?: number;
  /**
   * A `resync` arrived: the app fetches its snapshot again and calls `resumeFrom(version)`. Without this handler the
   * channel reconnects without `since`, which brings an organizer or gate socket a fresh snapshot.
   */
  onResync?: (version: number) => void;
  /** How long a `resume` may go unanswered (no in-order delta) before reconnecting with `?since=` (default 5 s). */
  resumeTimeoutMs?: number;
};

/** A socket URL with `since=<version>` set (replacing any earlier one), or without it for `null`. */
export function withSince(url: string, since: number | null): string {
  const [base, query = ''] = url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.delete('since');
  if (since !== null) params.set('since', String(since));
  const q = params.toString();
  return q ? `${base}?${q}` : base;
}

/** The live URL of an event for the page's own host (wss on https): the public projection. */
export function liveUrl(eventId: string, loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/events/${encodeURIComponent(eventId)}/live`;
}

/** A ticketed channel path (`url` of a live-ticket answer, e.g. /api/v1/events/…/live?ticket=…) as a socket URL on this host. */
export function ticketedLiveUrl(path: string, loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${path}`;
}

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/**
 * Delay before reconnect attempt `attempt` (1, 2, 3 …): doubling from 1 s up to 30 s, each ±25 % so a thousand
 * buyers dropped by the same restart don't come back in lockstep (never above the cap).
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(BACKOFF_MAX_MS, base * (0.75 + random() * 0.5)));
}

const OPEN = 1;

export class LiveChannel<M extends LiveMessage = LiveMessage> {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private stopped = true;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private resumeTimer: unknown = null;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly pingEveryMs: number;
  private readonly pongTimeoutMs: number;
  private readonly resumeTimeoutMs: number;
  private readonly createSocket: (url: string) => SocketLike;
  /** Counts connections, so a URL that arrives after the channel moved on (stopped, or a newer attempt) is dropped. */
  private generation = 0;
  /** The last version handed to the app (null: none yet, the next snapshot starts the stream). */
  private last: number | null;
  /** A resync is with the app (it refetches its snapshot): deltas wait for resumeFrom(). */
  private awaitingSnapshot = false;
  /** The version a `resume` was sent for (one per gap, not one per out-of-order delta). */
  private resumingFrom: number | null = null;

  constructor(private readonly options: LiveChannelOptions<M>) {
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.pingEveryMs = options.pingEveryMs ?? 25_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 10_000;
    this.resumeTimeoutMs = options.resumeTimeoutMs ?? 5_000;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.last = options.since ?? null;
  }

  /** The last version handed to the app (null before the first snapshot or resumeFrom). */
  get version(): number | null {
    return this.last;
  }

  /** Opens the channel (a second call while running does nothing). */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  /** Closes for good (leaving the screen): no reconnect afterwards. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.drop(1000, 'leaving');
    this.status('closed', null);
  }

  /**
   * The app now holds `version` (it fetched the snapshot again after a resync, or holds a newer one): deltas after
   * it are what it needs. Asks the open socket to resume from there; a closed one reconnects with `?since=`.
   */
  resumeFrom(version: number) {
    this.last = version;
    this.awaitingSnapshot = false;
    this.resumingFrom = null;
    this.clearResumeTimer();
    const s = this.socket;
    if (s && s.readyState === OPEN) this.sendResume(s, version);
  }

  /**
   * The browser is back online or the tab visible again: if waiting out a backoff, connect now; if connected,
   * check the connection with a ping right away (one that does not answer is replaced after the pong timeout).
   */
  reconnectNow() {
    if (this.stopped) return;
    const s = this.socket;
    if (!s) {
      if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.connect();
    } else if (s.readyState === OPEN) {
      this.ping(s);
    }
  }

  private status(status: LiveStatus, retryInMs: number | null) {
    this.options.onStatus?.(status, { attempt: this.attempt, retryInMs });
  }

  private connect() {
    this.status(this.attempt === 0 ? 'connecting' : 'reconnecting', null);
    const url = this.options.url;
    // While the app refetches its snapshot there is nothing to resume from yet: a plain connect (public: a resync).
    const since = this.awaitingSnapshot ? null : this.last;
    if (typeof url === 'string') return this.open(withSince(url, since));
    const generation = ++this.generation;
    url().then(
      (u) => generation === this.generation && !this.stopped && this.open(withSince(u, since)),
      () => generation === this.generation && !this.stopped && this.scheduleRetry(),
    );
  }

  private open(url: string) {
    let socket: SocketLike;
    try {
      socket = this.createSocket(url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.resumingFrom = null;
    socket.onopen = () => {
      this.status('open', null);
      this.schedulePing();
    };
    socket.onmessage = (ev) => {
      // Any frame proves the connection is alive.
      if (this.pongTimer !== null) this.timers.clearTimeout(this.pongTimer);
      this.pongTimer = null;
      const message = parseLiveMessage(ev.data);
      if (message) this.receive(socket, message);
    };
    socket.onerror = () => {
      /* a close follows */
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.scheduleRetry();
    };
  }

  private receive(socket: SocketLike, message: LiveMessage | LiveResync) {
    // Unversioned: a pong, and the waiting room's `queue` message (newest wins; not part of the seat map's stream).
    if (message.type === 'pong' || message.type === 'queue') return this.options.onMessage(message as M);
    if (message.type === 'resync') return this.resync(message.version);
    if (message.type === 'snapshot') {
      // A snapshot means we are in sync again. (Not on open: a server that accepts and at once drops the socket must
      // not be hammered at the shortest delay.)
      this.attempt = 0;
      this.last = message.version;
      this.awaitingSnapshot = false;
      this.resumingFrom = null;
      this.clearResumeTimer();
      return this.options.onMessage(message as M);
    }
    if (this.awaitingSnapshot) return;
    const version = message.version;
    if (this.last === null) {
      // No snapshot yet to order against (a server that sends none): the stream starts here.
      this.last = version;
      return this.options.onMessage(message as M);
    }
    if (version <= this.last) return; // a duplicate (a resume overlapping what already came)
    if (version > this.last + 1) return this.gap(socket);
    this.last = version;
    this.attempt = 0;
    this.resumingFrom = null;
    this.clearResumeTimer();
    this.options.onMessage(message as M);
  }

  /** Deltas were missed: ask this socket for everything after the last applied version, once per gap. */
  private gap(socket: SocketLike) {
    if (this.resumingFrom === this.last) return;
    this.resumingFrom = this.last;
    this.sendResume(socket, this.last!);
    this.clearResumeTimer();
    this.resumeTimer = this.timers.setTimeout(() => {
      this.resumeTimer = null;
      // No answer: a fresh connection resumes with ?since=.
      if (this.socket === socket && !this.stopped) this.scheduleRetry();
    }, this.resumeTimeoutMs);
  }

  private resync(version: number) {
    this.clearResumeTimer();
    this.resumingFrom = null;
    if (this.options.onResync) {
      // The server answered meaningfully: the next outage starts its backoff from the beginning.
      this.attempt = 0;
      this.awaitingSnapshot = true;
      this.options.onResync(version);
      return;
    }
    // A resync to a connect without since (a channel that sends no snapshot): back off rather than loop.
    if (this.last === null) return this.scheduleRetry();
    // Organizer and gate: a connect without since brings a snapshot.
    this.last = null;
    this.drop(4000, 'resync');
    if (!this.stopped) this.connect();
  }

  private sendResume(s: SocketLike, since: number) {
    try {
      s.send(JSON.stringify({ type: 'resume', since }));
    } catch {
      /* the close handler reconnects with ?since= */
    }
  }

  private clearResumeTimer() {
    if (this.resumeTimer !== null) this.timers.clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
  }

  /** Forgets the current socket (closing it without hearing its close event) and all timers. */
  private drop(code: number, reason: string) {
    this.generation += 1;
    for (const t of [this.retryTimer, this.pingTimer, this.pongTimer, this.resumeTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.retryTimer = this.pingTimer = this.pongTimer = this.resumeTimer = null;
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onclose = s.onmessage = s.onerror = s.onopen = null;
    try {
      s.close(code, reason);
    } catch {
      /* already closed */
    }
  }

  private scheduleRetry() {
    this.drop(4000, 'retry');
    if (this.stopped) return;
    this.attempt += 1;
    const delay = backoffDelay(this.attempt, this.random);
    this.status('reconnecting', delay);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private schedulePing() {
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      const s = this.socket;
      if (!s || this.stopped) return;
      this.ping(s);
      this.schedulePing();
    }, this.pingEveryMs);
  }

  /** Sends a ping and expects some frame within the pong timeout; silence means the connection is dead. */
  private ping(s: SocketLike) {
    try {
      s.send('ping');
    } catch {
      /* the close handler reconnects */
    }
    if (this.pongTimer !== null) return; // already waiting for an answer: keep the earlier deadline
    this.pongTimer = this.timers.setTimeout(() => {
      this.pongTimer = null;
      if (this.socket === s && !this.stopped) this.scheduleRetry();
    }, this.pongTimeoutMs);
  }
}
