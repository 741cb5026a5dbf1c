/**
 * The device's copy of one event's manifest, merged from every page it downloaded (docs/scanning.md): the latest
 * header (keys, gates, gate rules), every listed ticket, cancellations, the latest check-in state per ticket (with
 * who holds it, for "already checked in at …" offline) and the duplicates the server reported. It persists as plain
 * JSON and rebuilds an OfflineScanner as one combined page after a reload.
 *
 * Scans this device decides (online or offline) are noted here too, so a ticket admitted online is a duplicate if
 * it comes back while the network is down, and a reload does not forget who is inside. The next sync's check-in
 * states (the server's truth) overwrite these notes.
 */
import type { Manifest, ManifestCheckIn, ManifestDuplicate, ManifestTicket, Party } from './types';

export type ManifestHeader = Pick<Manifest, 'event' | 'keys' | 'gates' | 'ticketTypes' | 'device'>;

export type MirrorSnapshot = {
  version: 1;
  header: ManifestHeader | null;
  tickets: ManifestTicket[];
  revoked: string[];
  checkIns: ManifestCheckIn[];
  duplicates: ManifestDuplicate[];
  cursor: string | null;
  syncedAt: string | null;
};

const dupKey = (d: ManifestDuplicate) => `${d.scan.deviceId}/${d.scan.nonce}`;

export class ManifestMirror {
  header: ManifestHeader | null = null;
  cursor: string | null = null;
  syncedAt: string | null = null;
  private readonly tickets = new Map<string, ManifestTicket>();
  private readonly revoked = new Set<string>();
  private readonly checkIns = new Map<string, ManifestCheckIn>();
  private readonly duplicates = new Map<string, ManifestDuplicate>();

  static from(snapshot: MirrorSnapshot | undefined | null): ManifestMirror {
    const m = new ManifestMirror();
    if (!snapshot || snapshot.version !== 1) return m;
    m.header = snapshot.header;
    m.cursor = snapshot.cursor;
    m.syncedAt = snapshot.syncedAt;
    for (const t of snapshot.tickets) m.tickets.set(t.id, t);
    for (const id of snapshot.revoked) m.revoked.add(id);
    for (const c of snapshot.checkIns) m.checkIns.set(c.ticketId, c);
    for (const d of snapshot.duplicates) m.duplicates.set(dupKey(d), d);
    return m;
  }

  /** Merges one page (apply pages in the order they came). */
  apply(page: Manifest) {
    this.header = { event: page.event, keys: page.keys, gates: page.gates, ticketTypes: page.ticketTypes, device: page.device };
    for (const t of page.tickets) {
      this.tickets.set(t.id, t);
      this.revoked.delete(t.id);
    }
    for (const r of page.revocations) this.revoked.add(r.ticketId);
    for (const c of page.checkIns) this.checkIns.set(c.ticketId, c);
    for (const d of page.duplicates) this.duplicates.set(dupKey(d), d);
    this.cursor = page.cursor;
  }

  /** A check-in state this device learnt from its own scan (before the server's manifest says so). */
  noteCheckIn(ticketId: string, state: { checkedIn: boolean; inside: boolean; first: Party | null }) {
    const prev = this.checkIns.get(ticketId);
    // Someone already holding the check-in keeps it: an exit and re-entry does not change who got in first.
    const first = prev?.checkedIn && prev.first ? prev.first : state.first;
    this.checkIns.set(ticketId, { ticketId, checkedIn: state.checkedIn, inside: state.inside, first });
  }

  /** A check-in state the server reported for one ticket (an online or uploaded scan's answer). */
  setCheckIn(c: ManifestCheckIn) {
    this.checkIns.set(c.ticketId, c);
  }

  /** A ticket this device admitted that the manifest does not list yet (sold after the last sync). */
  noteTicket(ticket: ManifestTicket) {
    if (!this.tickets.has(ticket.id) && !this.revoked.has(ticket.id)) this.tickets.set(ticket.id, ticket);
  }

  checkInOf(ticketId: string): ManifestCheckIn | undefined {
    return this.checkIns.get(ticketId);
  }

  hasTicket(ticketId: string) {
    return this.tickets.has(ticketId);
  }

  /** A manifest was downloaded: offline checks can be decided. */
  get ready() {
    return this.header !== null && this.cursor !== null;
  }

  get ticketCount() {
    return this.tickets.size;
  }

  get checkedInCount() {
    let n = 0;
    for (const c of this.checkIns.values()) if (c.checkedIn) n++;
    return n;
  }

  /** Check-ins this phone knows of whose first scan was at `gateId`. */
  checkedInAt(gateId: string): number {
    let n = 0;
    for (const c of this.checkIns.values()) if (c.checkedIn && c.first?.gateId === gateId) n++;
    return n;
  }

  gateName(gateId: string | null | undefined): string | null {
    if (!gateId) return null;
    return this.header?.gates.find((g) => g.id === gateId)?.name ?? null;
  }

  /** Names of the gates a ticket type enters at (empty: any gate). */
  gatesFor(ticketTypeId: string | null | undefined): string[] {
    const type = this.header?.ticketTypes.find((t) => t.id === ticketTypeId);
    return (type?.gateIds ?? []).map((id) => this.gateName(id) ?? id);
  }

  /** Everything as one page, for a fresh OfflineScanner (tickets first, then cancellations, then check-ins). */
  toPage(): Manifest | null {
    if (!this.header || this.cursor === null) return null;
    return {
      ...this.header,
      tickets: [...this.tickets.values()],
      revocations: [...this.revoked].map((ticketId) => ({ ticketId, reason: 'cancelled' })),
      checkIns: [...this.checkIns.values()],
      duplicates: [...this.duplicates.values()],
      cursor: this.cursor,
      hasMore: false,
    };
  }

  /** A page carrying only the given changes (for an OfflineScanner that already has the rest). */
  deltaPage(changes: { tickets?: ManifestTicket[]; checkIns?: ManifestCheckIn[] }): Manifest | null {
    if (!this.header || this.cursor === null) return null;
    return { ...this.header, tickets: changes.tickets ?? [], revocations: [], checkIns: changes.checkIns ?? [], duplicates: [], cursor: this.cursor, hasMore: false };
  }

  snapshot(): MirrorSnapshot {
    return {
      version: 1,
      header: this.header,
      tickets: [...this.tickets.values()],
      revoked: [...this.revoked],
      checkIns: [...this.checkIns.values()],
      duplicates: [...this.duplicates.values()],
      cursor: this.cursor,
      syncedAt: this.syncedAt,
    };
  }
}
