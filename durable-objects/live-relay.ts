/**
 * LiveRelay: holds live-channel sockets for one channel of one event (issue #13; docs/inventory.md, "Live channel:
 * relays and versions"). Named `${orgId}:${eventId}:${channel}:${index}` and told the same by the Worker's headers
 * (kept in its storage, so a relay woken from hibernation still knows whom it serves; it only ever talks to that
 * organization's inventory). Subscribes to the inventory with its first socket, unsubscribes (alarm) a while after
 * its last one closes. The inventory pushes deltas with `publish`; the relay checks they follow on (relay/stream.ts),
 * fills gaps with liveDeltasSince, and fans each delta out to its sockets (a send that throws closes that socket;
 * nothing waits on a socket). Caps per relay and per client answer 503 + Retry-After before the upgrade.
 *
 * The event's waiting room pushes its `queue` message with `announce` (unversioned, newest wins: docs/waiting-room.md)
 * to every socket of a public relay; a waiting buyer's socket (`only: queue`, tagged QUEUE_TAG) gets nothing else, and
 * the newest queue message on connecting. Such sockets alone never make the relay follow the inventory.
 */
import { DurableObject } from 'cloudflare:workers';
import type { ChannelDelta, LiveAudience, LiveQueue, LiveResync } from '../src/shared/live-protocol';
import { LIVE_CHANNELS } from '../src/shared/live-protocol';
import { AppError, problemResponse } from '../src/platform/errors';
import { LIVE_HEADERS, liveConfig, MAX_RELAY_INDEX, type LiveConfig } from './relay/config';
import { RelayStream } from './relay/stream';

type Identity = { org: string; event: string; channel: LiveAudience; index: number };

/** Recent deltas a relay keeps in memory for sockets that resume (older ones come from the inventory). */
const RELAY_WINDOW = 256;
/** While it has sockets, the relay checks this often that the inventory still follows it and it is caught up. */
const CHECK_MS = 30_000;
/** After its last socket closes, the relay unsubscribes this much later (a reconnecting crowd finds it still warm). */
const UNSUBSCRIBE_AFTER_MS = 30_000;

const clientTag = (client: string) => `client:${client.slice(0, 64)}`;
/** The tag of a waiting buyer's socket: queue messages only. */
const QUEUE_TAG = 'only:queue';

function trySend(ws: WebSocket, text: string) {
  try {
    ws.send(text);
  } catch {
    try {
      ws.close(1011, 'send failed');
    } catch {
      /* already gone */
    }
  }
}

const full = (kind: 'relay' | 'client', detail: string, retryAfter: number) =>
  problemResponse(new AppError(503, 'live_channel_full', 'Service unavailable', detail, undefined, { 'Retry-After': String(retryAfter), [LIVE_HEADERS.full]: kind }));

export class LiveRelay extends DurableObject<Cloudflare.Env> {
  private identity: Identity | null = null;
  private stream!: RelayStream;
  private subscribed = false;
  private subscribing: Promise<void> | null = null;
  private filling: Promise<void> | null = null;
  /** Sockets being brought up to date from the inventory: fan-out skips them until they are. */
  private readonly catchingUp = new Set<WebSocket>();
  private readonly config: LiveConfig;
  private fault: 'hang' | 'throw' | null = null;
  /** The newest waiting-room message (kept in storage too: a socket that connects later gets it first). */
  private queueMessage: string | null = null;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.config = liveConfig(env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS relay_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      const identity = this.state('identity');
      this.identity = identity ? (JSON.parse(identity) as Identity) : null;
      this.stream = new RelayStream(Number(this.state('version') ?? 0), Math.min(RELAY_WINDOW, this.config.deltaWindow));
      this.queueMessage = this.state('queue');
    });
  }

  private state(key: string): string | null {
    return this.ctx.storage.sql.exec<{ value: string }>('SELECT value FROM relay_state WHERE key = ?', key).toArray()[0]?.value ?? null;
  }

  private setState(key: string, value: string) {
    this.ctx.storage.sql.exec('INSERT INTO relay_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
  }

  private inventory() {
    const { org, event } = this.identity!;
    return this.env.EVENT_INVENTORY.get(this.env.EVENT_INVENTORY.idFromName(`${org}:${event}`));
  }

  private resync(): LiveResync {
    const channel = this.identity!.channel;
    return { type: 'resync', ...(channel === 'organizer' ? {} : { audience: channel }), version: this.stream.version };
  }

  // ---- sockets -----------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket upgrade', { status: 426 });
    const claimed = this.identify(request.headers);
    if (!claimed) return new Response('Not this relay', { status: 400 });
    const client = clientTag(request.headers.get(LIVE_HEADERS.client) ?? 'unknown');
    const capped = () => {
      if (this.ctx.getWebSockets().length >= this.config.socketsPerRelay) {
        return full('relay', 'The live seat map is at capacity for this event; the map still works, try live updates again shortly.', 30);
      }
      if (this.ctx.getWebSockets(client).length >= this.config.perClient) {
        return full('client', `At most ${this.config.perClient} live connections per client for one event; close one and try again.`, 10);
      }
      return null;
    };
    const refused = capped();
    if (refused) return refused;
    if (claimed.channel === 'public' && request.headers.get(LIVE_HEADERS.only) === 'queue') return this.acceptQueueOnly(client);
    const sinceHeader = request.headers.get(LIVE_HEADERS.since);
    const since = sinceHeader === null ? null : Number(sinceHeader);
    let snapshot: { version: number } | null = null;
    try {
      await this.ensureSubscribed();
      if (claimed.channel !== 'public' && since === null) snapshot = await this.inventory().liveSnapshot(claimed.channel);
    } catch (error) {
      console.error(JSON.stringify({ level: 'warn', msg: 'live relay could not reach the inventory', error: String(error) }));
      return problemResponse(new AppError(503, 'live_unavailable', 'Service unavailable', 'Live updates are not available right now; try again shortly.', undefined, { 'Retry-After': '5' }));
    }
    await this.ctx.storage.setAlarm(Date.now() + CHECK_MS);
    // The awaits above let other upgrades in: the caps are checked again before accepting.
    const late = capped();
    if (late) return late;
    // From here to the return nothing awaits: the first message (snapshot or resync) goes before any delta.
    const pair = new WebSocketPair();
    const [clientEnd, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [client]);
    if (snapshot) {
      server.send(JSON.stringify(snapshot));
      this.catchUp(server, snapshot.version);
    } else if (since === null || !Number.isInteger(since) || since < 0) {
      server.send(JSON.stringify(this.resync()));
    } else this.catchUp(server, since);
    return new Response(null, { status: 101, webSocket: clientEnd });
  }

  /** A waiting buyer's socket: no inventory call, the newest queue message (if any) first, then queue messages only. */
  private acceptQueueOnly(client: string): Response {
    const pair = new WebSocketPair();
    const [clientEnd, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [client, QUEUE_TAG]);
    if (this.queueMessage) server.send(this.queueMessage);
    return new Response(null, { status: 101, webSocket: clientEnd });
  }

  /** Sockets that follow the seat map (every socket but the waiting buyers'). */
  private seatSockets(): WebSocket[] {
    const queueOnly = new Set(this.ctx.getWebSockets(QUEUE_TAG));
    return queueOnly.size ? this.ctx.getWebSockets().filter((ws) => !queueOnly.has(ws)) : this.ctx.getWebSockets();
  }

  /** Takes the identity from the Worker's headers the first time; afterwards a request must name the same one. */
  private identify(headers: Headers): Identity | null {
    const channel = headers.get(LIVE_HEADERS.channel) as LiveAudience;
    const index = Number(headers.get(LIVE_HEADERS.index));
    const claimed = { org: headers.get(LIVE_HEADERS.org) ?? '', event: headers.get(LIVE_HEADERS.event) ?? '', channel, index };
    if (!claimed.org || !claimed.event || !LIVE_CHANNELS.includes(channel) || !Number.isInteger(index) || index < 0 || index > MAX_RELAY_INDEX) return null;
    if (this.identity) {
      const same = this.identity.org === claimed.org && this.identity.event === claimed.event && this.identity.channel === channel && this.identity.index === index;
      return same ? this.identity : null;
    }
    this.identity = claimed;
    this.setState('identity', JSON.stringify(claimed));
    return claimed;
  }

  /** Follows the inventory (again): from what the sockets hold when there are any, else from now. */
  private async ensureSubscribed() {
    if (this.subscribed) return;
    this.subscribing ??= (async () => {
      const { channel, index } = this.identity!;
      const hasSockets = this.seatSockets().length > 0;
      const { version } = await this.inventory().liveSubscribe(channel, index, hasSockets ? this.stream.version : undefined);
      this.subscribed = true;
      if (this.seatSockets().length === 0) this.persist(this.stream.reset(version));
      else if (version > this.stream.version) void this.fill();
    })().finally(() => {
      this.subscribing = null;
    });
    await this.subscribing;
  }

  private persist(version: number) {
    this.setState('version', String(version));
  }

  /** Sends `deltas` to every socket that is up to date (catching-up sockets get them when they are). */
  private deliver(deltas: readonly ChannelDelta[]) {
    if (!deltas.length) return;
    const sockets = this.seatSockets();
    for (const delta of deltas) {
      const text = JSON.stringify(delta);
      for (const ws of sockets) if (!this.catchingUp.has(ws)) trySend(ws, text);
    }
    this.persist(this.stream.version);
  }

  /** Brings one socket from `since` to the relay's version: from the window, else from the inventory, else resync. */
  private catchUp(ws: WebSocket, since: number) {
    const kept = since <= this.stream.version ? this.stream.after(since) : null;
    if (kept) {
      for (const d of kept) trySend(ws, JSON.stringify(d));
      return;
    }
    this.catchingUp.add(ws);
    void (async () => {
      try {
        // Ahead of us: the client's snapshot is newer than what has reached this relay yet.
        // (Twice: a fill already under way may have started from before what this client holds.)
        if (since > this.stream.version) await this.fill();
        if (since > this.stream.version) await this.fill();
        let deltas = this.stream.after(since);
        if (!deltas) {
          const answer = await this.inventory().liveDeltasSince(this.identity!.channel, since);
          const fetched = 'deltas' in answer ? answer.deltas.filter((d) => d.version <= this.stream.version) : null;
          const upTo = fetched?.length ? fetched[fetched.length - 1]!.version : since;
          const rest = fetched ? this.stream.after(upTo) : null;
          deltas = fetched && rest ? [...fetched, ...rest] : null;
        }
        if (since > this.stream.version || !deltas) trySend(ws, JSON.stringify(this.resync()));
        else for (const d of deltas) trySend(ws, JSON.stringify(d));
      } catch {
        trySend(ws, JSON.stringify(this.resync()));
      } finally {
        this.catchingUp.delete(ws);
      }
    })();
  }

  // ---- from the inventory ------------------------------------------------------------------

  /** The inventory's push: deltas in any order (duplicates ignored); answers the version the relay now holds. */
  async publish(deltas: ChannelDelta[]): Promise<{ version: number }> {
    // A push that takes far longer than the inventory waits (a promise that can never settle would be cut off by the runtime).
    if (this.fault === 'hang') await new Promise((resolve) => setTimeout(resolve, 60_000));
    if (this.fault === 'throw') throw new Error('relay fault (tests)');
    this.deliver(this.stream.receive(deltas));
    if (this.stream.hasGap && this.identity) void this.fill();
    return { version: this.stream.version };
  }

  /** Asks the inventory for what is missing; a resync (too far behind) tells every socket to refetch. */
  private fill(): Promise<void> {
    this.filling ??= (async () => {
      try {
        const answer = await this.inventory().liveDeltasSince(this.identity!.channel, this.stream.version);
        if ('deltas' in answer) this.deliver(this.stream.receive(answer.deltas));
        else {
          this.persist(this.stream.reset(answer.version));
          const text = JSON.stringify(this.resync());
          for (const ws of this.seatSockets()) if (!this.catchingUp.has(ws)) trySend(ws, text);
        }
      } catch (error) {
        // The next push or the periodic check tries again.
        console.error(JSON.stringify({ level: 'warn', msg: 'live relay gap fill failed', error: String(error) }));
      }
    })().finally(() => {
      this.filling = null;
    });
    return this.filling;
  }

  // ---- from the waiting room -----------------------------------------------------------------

  /**
   * The event's waiting room changed state or moved its cursor (durable-objects/waiting-room/announce.ts): every socket
   * of this relay gets it now, and it is kept for sockets that connect later. The room names the relay as the Worker
   * does (a relay that never had a socket takes that identity; one serving another never takes the message).
   */
  async announce(message: LiveQueue, target: { org: string; event: string; index: number }): Promise<{ sockets: number }> {
    if (!this.identity) {
      this.identity = { org: target.org, event: target.event, channel: 'public', index: target.index };
      this.setState('identity', JSON.stringify(this.identity));
    }
    const { org, event, channel, index } = this.identity;
    if (channel !== 'public' || org !== target.org || event !== target.event || index !== target.index) return { sockets: 0 };
    const text = JSON.stringify(message);
    this.queueMessage = text;
    this.setState('queue', text);
    const sockets = this.ctx.getWebSockets();
    for (const ws of sockets) if (!this.catchingUp.has(ws)) trySend(ws, text);
    return { sockets: sockets.length };
  }

  // ---- socket events and the alarm -----------------------------------------------------------

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    if (typeof message !== 'string') return;
    if (message === 'ping') return trySend(ws, JSON.stringify({ type: 'pong' }));
    let parsed: { type?: unknown; since?: unknown };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    if (parsed?.type === 'ping') return trySend(ws, JSON.stringify({ type: 'pong' }));
    if (parsed?.type === 'resume' && this.identity && !this.ctx.getTags(ws).includes(QUEUE_TAG)) {
      const since = Number(parsed.since);
      if (Number.isInteger(since) && since >= 0) this.catchUp(ws, since);
      else trySend(ws, JSON.stringify(this.resync()));
    }
  }

  override async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 ? 1000 : code, 'closing');
    } catch {
      /* already closed */
    }
    await this.closed(ws);
  }

  override async webSocketError(ws: WebSocket) {
    try {
      ws.close(1011, 'error');
    } catch {
      /* already closed */
    }
    await this.closed(ws);
  }

  private async closed(ws: WebSocket) {
    this.catchingUp.delete(ws);
    const open = this.seatSockets().filter((s) => s !== ws && s.readyState === WebSocket.OPEN).length;
    if (open === 0) await this.ctx.storage.setAlarm(Date.now() + UNSUBSCRIBE_AFTER_MS);
  }

  override async alarm() {
    if (!this.identity) return;
    // Waiting buyers' sockets alone (queue messages only) need no inventory.
    if (this.seatSockets().filter((s) => s.readyState === WebSocket.OPEN).length === 0) {
      await this.inventory().liveUnsubscribe(this.identity.channel, this.identity.index);
      this.subscribed = false;
      return;
    }
    // Still serving: make sure the inventory still follows this relay (it drops one that kept failing) and catch up.
    this.subscribed = false;
    try {
      await this.ensureSubscribed();
    } finally {
      await this.ctx.storage.setAlarm(Date.now() + CHECK_MS);
    }
  }

  // ---- tests -------------------------------------------------------------------------------

  /** Tests only: makes `publish` hang or throw (null: behave), to show a bad relay never delays a hold. */
  async faultForTests(mode: 'hang' | 'throw' | null) {
    if (this.env.APP_ENV !== 'test') throw new Error('faultForTests is only available in tests');
    this.fault = mode;
  }

  /** Tests only: what the relay holds. */
  async inspectForTests() {
    if (this.env.APP_ENV !== 'test') throw new Error('inspectForTests is only available in tests');
    return { identity: this.identity, version: this.stream.version, sockets: this.ctx.getWebSockets().length };
  }
}
