/**
 * A relay's view of its channel, as a pure state machine (no I/O): the version its sockets hold, deltas that arrived
 * ahead of a gap, and a small window of recent deltas for sockets that resume. Pushes may arrive duplicated,
 * reordered or with some lost: `receive` releases exactly the deltas that now follow contiguously, each once, in
 * order; `hasGap` tells the relay to ask the inventory for what is missing (liveDeltasSince).
 */
import type { ChannelDelta } from '../../src/shared/live-protocol';

export class RelayStream {
  private readonly ahead = new Map<number, ChannelDelta>();
  private kept: ChannelDelta[] = [];

  constructor(
    public version: number,
    private readonly windowSize: number,
  ) {}

  /** Takes deltas in any order; answers those to deliver now, in order (each version once, ever). */
  receive(deltas: readonly ChannelDelta[]): ChannelDelta[] {
    for (const d of deltas) if (Number.isInteger(d.version) && d.version > this.version && !this.ahead.has(d.version)) this.ahead.set(d.version, d);
    return this.drain();
  }

  private drain(): ChannelDelta[] {
    const out: ChannelDelta[] = [];
    for (let next = this.ahead.get(this.version + 1); next; next = this.ahead.get(this.version + 1)) {
      this.ahead.delete(next.version);
      this.version = next.version;
      this.kept.push(next);
      out.push(next);
    }
    if (this.kept.length > this.windowSize) this.kept.splice(0, this.kept.length - this.windowSize);
    return out;
  }

  /** Something arrived beyond a missing version. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  /**
   * Jumps to `version` (the inventory said resync, or the relay starts afresh with no sockets): the window is
   * forgotten, and what was waiting beyond it follows on. Answers the new version.
   */
  reset(version: number): number {
    this.version = version;
    this.kept = [];
    for (const v of [...this.ahead.keys()]) if (v <= version) this.ahead.delete(v);
    this.drain();
    this.kept = [];
    return this.version;
  }

  /** The deltas after `since` up to the current version from the window, or null when the window doesn't reach back. */
  after(since: number): ChannelDelta[] | null {
    if (since >= this.version) return [];
    const first = this.kept[0];
    if (!first || first.version > since + 1) return null;
    return this.kept.filter((d) => d.version > since);
  }
}
