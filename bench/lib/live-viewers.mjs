/**
 * The viewers of `npm run bench:live`: public seat-map sockets held by this one process, and the record of every
 * seat change the bench made, so each viewer's receipt of each change can be timed.
 *
 * One process holds up to thousands of sockets, so the per-message work is kept small: every viewer receives the
 * same text for a delta, so it is parsed once (the last text and its parse are kept) and resolved once to the changes
 * it names; per viewer only the version is checked and a receipt time (performance.now(), relative to the change's
 * request) written into the change's Float32Array.
 */

/** A seat change the bench caused: a hold makes a seat `unavailable`, a release makes it `available`. */
export class Change {
  constructor(seat, status, sent, viewers) {
    this.seat = seat;
    this.status = status;
    /** performance.now() when the request was sent, and when its answer came back (NaN until then). */
    this.sent = sent;
    this.answered = NaN;
    /** Whether the request went through (only then must every viewer hear of it). */
    this.expected = false;
    /** Per viewer: receipt time minus `sent` (ms), NaN while not received. */
    this.recv = new Float32Array(viewers).fill(NaN);
    this.received = 0;
  }
}

export class ChangeLog {
  constructor(maxViewers) {
    this.maxViewers = maxViewers;
    /** `${seat}|${status}` → the latest change of that seat to that status. */
    this.latest = new Map();
    this.all = [];
  }

  add(seat, status, sent) {
    const change = new Change(seat, status, sent, this.maxViewers);
    this.latest.set(`${seat}|${status}`, change);
    this.all.push(change);
    return change;
  }

  lookup(seat, status) {
    return this.latest.get(`${seat}|${status}`);
  }

  /** Starts a new measuring round (the previous round's changes are no longer counted). */
  reset() {
    this.latest.clear();
    this.all = [];
  }
}

/** A distinct client address per viewer: the Worker picks a viewer's relay by a hash of it. */
export const viewerAddress = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

export class ViewerPool {
  /** `wsBase` is the API's ws:// origin + /api/v1; `log` the ChangeLog the deltas are matched against. */
  constructor({ wsBase, eventId, log }) {
    this.wsBase = wsBase;
    this.eventId = eventId;
    this.log = log;
    this.viewers = [];
    this.failedOpens = [];
    this.closedEarly = 0;
    this.unexpected = 0;
    this.resyncs = 0;
    /** Per delta version: its size in bytes and how many seats it names (the delta sizes on the wire). */
    this.deltas = new Map();
    /** Recent message texts and their parse (every viewer receives the same text). */
    this.parsedTexts = new Map();
    this.stopping = false;
  }

  /** Parses a message once for all viewers: its type, version and the changes it names. */
  parse(text) {
    const known = this.parsedTexts.get(text);
    if (known) return known;
    const message = JSON.parse(text);
    const parsed = { type: message.type, version: message.version, changes: [] };
    if (message.type === 'delta') {
      const seats = message.seats ?? [];
      for (const seat of seats) {
        const change = this.log.lookup(seat.id, seat.status);
        if (change) parsed.changes.push(change);
        else if (!this.deltas.has(message.version)) this.unexpected += 1;
      }
      if (!this.deltas.has(message.version)) this.deltas.set(message.version, { bytes: Buffer.byteLength(text), seats: seats.length });
    }
    if (this.parsedTexts.size >= 512) this.parsedTexts.clear();
    this.parsedTexts.set(text, parsed);
    return parsed;
  }

  onMessage(viewer, text) {
    const now = performance.now();
    if (typeof text !== 'string') return;
    const m = this.parse(text);
    if (m.type === 'delta') {
      if (m.version === viewer.version + 1) viewer.version = m.version;
      else if (m.version <= viewer.version) {
        viewer.outOfOrder += 1;
        return;
      } else {
        viewer.gaps += 1;
        viewer.version = m.version;
      }
      for (const change of m.changes) {
        if (Number.isNaN(change.recv[viewer.index])) {
          change.recv[viewer.index] = now - change.sent;
          change.received += 1;
        }
      }
    } else if (m.type === 'snapshot') {
      // Today's channel (before relays) sends each socket a snapshot on connect: its version is where deltas start.
      if (viewer.version < 0 || m.version >= viewer.version) viewer.version = m.version;
      else viewer.outOfOrder += 1;
    } else if (m.type === 'resync') {
      // Connected without `since`, or since outside the kept window: a viewer would refetch the snapshot. Here it
      // carries on from the version it was told, and whatever it missed counts as lost.
      this.resyncs += 1;
      viewer.version = m.version;
    }
  }

  /**
   * Viewers `from`..`to-1`, in two steps (so the platform's memory can be read between them): `snapshots` fetches
   * each one's public seat map over HTTP (its version S), `connect` opens each one's socket with `?since=S` from its
   * own client address. `concurrency` at a time; failures are collected in failedOpens.
   */
  async snapshots(from, to, { concurrency = 48, snapshot }) {
    const versions = new Map();
    await this.each(from, to, concurrency, async (index) => versions.set(index, await snapshot(index)));
    return versions;
  }

  async connect(versions, { concurrency = 48 }) {
    const indexes = [...versions.keys()];
    await this.each(0, indexes.length, concurrency, (k) => this.openSocket(indexes[k], versions.get(indexes[k])));
  }

  async each(from, to, concurrency, fn) {
    let next = from;
    const worker = async () => {
      while (next < to) {
        const index = next++;
        try {
          await fn(index);
        } catch (error) {
          this.failedOpens.push(`viewer ${index}: ${error.message ?? error}`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  openSocket(index, since) {
    return new Promise((resolve, reject) => {
      const url = `${this.wsBase}/events/${this.eventId}/live?since=${since}`;
      const ws = new WebSocket(url, { headers: { 'CF-Connecting-IP': viewerAddress(index) } });
      const viewer = { index, ws, version: since, gaps: 0, outOfOrder: 0, open: false };
      ws.onmessage = (ev) => this.onMessage(viewer, ev.data);
      ws.onopen = () => {
        viewer.open = true;
        viewer.openMs = performance.now();
        this.viewers[index] = viewer;
        resolve(viewer);
      };
      ws.onerror = () => {
        if (!viewer.open) reject(new Error('the socket did not open (a non-101 answer or a network error)'));
      };
      ws.onclose = (ev) => {
        if (!viewer.open) reject(new Error(`closed before opening (${ev.code})`));
        else if (!this.stopping) this.closedEarly += 1;
        viewer.open = false;
      };
    });
  }

  /** Viewers whose socket is open now. */
  openViewers() {
    return this.viewers.filter((v) => v && v.open);
  }

  async closeAll() {
    this.stopping = true;
    for (const v of this.viewers) if (v?.open) v.ws.close(1000, 'bench done');
    await new Promise((r) => setTimeout(r, 1000));
  }
}
