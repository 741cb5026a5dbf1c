/**
 * The live channel's sockets inside the EventInventory DO: accepted with the hibernation API and tagged by audience
 * (public / organizer / gate) and by client, capped per client and per event before the upgrade, and fed each
 * audience's projection (projection.ts) after every committed change. Sends never wait: a socket that fails is closed.
 */
import { AppError, problemResponse } from '../../src/platform/errors';
import type { GateCounts, LiveAudience, LiveDelta, LiveSnapshot } from '../../src/shared/live-protocol';
import type { Change } from './engine';
import { gateCounts, publicDelta, publicSnapshot, publicStreamFrom, type PublicStream } from './projection';

/** What the DO hands over: the organizer's snapshot now, and which ticket types buyers may see. */
export type LiveSource = { snapshot: () => LiveSnapshot; visibleTypeIds: () => ReadonlySet<string> };

export type LiveLimits = { perEvent: number; perClient: number };

/** Header names on the Worker → DO upgrade request (the Worker builds that request itself: a client can't set them). */
export const LIVE_AUDIENCE_HEADER = 'X-Live-Audience';
export const LIVE_CLIENT_HEADER = 'X-Live-Client';

const AUDIENCES: readonly LiveAudience[] = ['public', 'organizer', 'gate'];
const audienceTag = (a: LiveAudience) => `aud:${a}`;
const clientTag = (client: string) => `client:${client.slice(0, 64)}`;

export function liveLimits(env: { LIVE_MAX_SOCKETS_PER_EVENT?: string; LIVE_MAX_SOCKETS_PER_CLIENT?: string }): LiveLimits {
  const num = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return { perEvent: num(env.LIVE_MAX_SOCKETS_PER_EVENT, 10_000), perClient: num(env.LIVE_MAX_SOCKETS_PER_CLIENT, 10) };
}

const overCap = (detail: string, retryAfter: number) =>
  problemResponse(new AppError(503, 'live_channel_full', 'Service unavailable', detail, undefined, { 'Retry-After': String(retryAfter) }));

export class LiveSockets {
  private publicStream: PublicStream | null = null;
  private seqFloor = 0;
  private gateSeq = 0;
  private lastGate = '';

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly source: LiveSource,
    private readonly limits: LiveLimits,
  ) {}

  /** Accepts an upgrade the Worker has already authorized, or answers 503 + Retry-After when a cap is reached. */
  accept(request: Request): Response {
    const audience = (request.headers.get(LIVE_AUDIENCE_HEADER) ?? 'public') as LiveAudience;
    if (!AUDIENCES.includes(audience)) return new Response('Unknown audience', { status: 400 });
    const client = request.headers.get(LIVE_CLIENT_HEADER) ?? 'unknown';
    if (this.ctx.getWebSockets(clientTag(client)).length >= this.limits.perClient) {
      return overCap(`At most ${this.limits.perClient} live connections per client for one event; close one and try again.`, 10);
    }
    // Buyers share the event's cap; ticketed organizer and gate sockets are few, authenticated and capped per client.
    if (audience === 'public' && this.ctx.getWebSockets(audienceTag('public')).length >= this.limits.perEvent) {
      return overCap('The live seat map is at capacity for this event; the map still works, try live updates again shortly.', 30);
    }
    const pair = new WebSocketPair();
    const [clientEnd, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [audienceTag(audience), clientTag(client)]);
    server.send(JSON.stringify(this.snapshotFor(audience)));
    return new Response(null, { status: 101, webSocket: clientEnd });
  }

  /** The public stream's sequence now (the public seat map's version). */
  publicVersion(): number {
    return this.stream().seq;
  }

  /**
   * Memory was rebuilt from storage (a rolled-back transaction), or nobody is listening: the public stream is rebuilt
   * from the inventory when next needed, its sequence carrying on.
   */
  reset() {
    if (this.publicStream) this.seqFloor = this.publicStream.seq;
    this.publicStream = null;
  }

  /** After a restart: the public stream carries on above `served` (a version already handed out as a snapshot). */
  raiseFloor(served: number) {
    if (!this.publicStream && served > this.seqFloor) this.seqFloor = served;
  }

  /** Whether any socket is open (without one, changes need no projection: the next snapshot starts afresh). */
  hasSockets(): boolean {
    return this.ctx.getWebSockets().length > 0;
  }

  private stream(): PublicStream {
    if (!this.publicStream) {
      this.publicStream = publicStreamFrom(this.source.snapshot(), this.source.visibleTypeIds());
      this.publicStream.seq = this.seqFloor + 1;
    }
    return this.publicStream;
  }

  private gate(counts: LiveSnapshot['counts']): GateCounts {
    return gateCounts(counts);
  }

  private snapshotFor(audience: LiveAudience) {
    const full = this.source.snapshot();
    if (audience === 'organizer') return full;
    if (audience === 'gate') {
      const counts = this.gate(full.counts);
      this.lastGate = JSON.stringify(counts);
      return { type: 'snapshot' as const, audience, eventId: full.eventId, version: this.gateSeq, counts };
    }
    return publicSnapshot(this.stream(), full);
  }

  private send(audience: LiveAudience, message: unknown) {
    const sockets = this.ctx.getWebSockets(audienceTag(audience));
    if (!sockets.length) return;
    const text = JSON.stringify(message);
    for (const ws of sockets) {
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
  }

  /** After a committed change: the organizer's deltas (one per run of the same reason), then each projection. */
  broadcast(changes: Change[], version: number, counts: LiveSnapshot['counts']) {
    if (!changes.length) return;
    const runs: Change[] = [];
    for (const change of changes) {
      const last = runs[runs.length - 1];
      if (last && last.reason === change.reason) last.seats = [...last.seats, ...change.seats];
      else runs.push({ ...change });
    }
    const visible = this.source.visibleTypeIds();
    for (const change of runs) {
      const delta: LiveDelta = { type: 'delta', version, reason: change.reason, seats: change.seats, counts };
      this.send('organizer', delta);
      if (this.publicStream) {
        const projected = publicDelta(this.publicStream, delta, visible);
        if (projected) this.send('public', projected);
      }
    }
    const gate = this.gate(counts);
    const gateJson = JSON.stringify(gate);
    if (gateJson !== this.lastGate) {
      this.lastGate = gateJson;
      this.gateSeq += 1;
      this.send('gate', { type: 'delta', audience: 'gate', version: this.gateSeq, counts: gate });
    }
  }

  /** The event's status or ticket types changed: every socket gets a fresh snapshot of its own kind. */
  broadcastStatus() {
    if (this.publicStream) this.reset();
    for (const audience of AUDIENCES) if (this.ctx.getWebSockets(audienceTag(audience)).length) this.send(audience, this.snapshotFor(audience));
  }
}
