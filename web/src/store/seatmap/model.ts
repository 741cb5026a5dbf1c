/**
 * The seat map as flat typed arrays: built once from the API's compact seat list
 * ([id, x, y, category, flags, status], see GET /public/events/{eventId}/seat-map), then kept current by the live
 * channel's snapshots and deltas (src/shared/live-protocol.ts). No React, no DOM: a 50,000-seat stadium is a few
 * typed arrays and one Map from seat id to index.
 */
import type { PublicSeatStatus, SeatStatus as OrganizerSeatStatus } from '../../../../src/shared/live-protocol';

/**
 * The storefront gets the public projection (available / unavailable); the organizer's statuses are kept for the
 * admin and for tests that build a model from the organizer's map.
 */
export type SeatStatus = OrganizerSeatStatus | PublicSeatStatus;

export const STATUS_NAMES: readonly SeatStatus[] = ['available', 'held', 'sold', 'checked_in', 'blocked', 'unavailable'];
export const AVAILABLE = 0;
const STATUS_CODE: Record<string, number> = { available: 0, held: 1, sold: 2, checked_in: 3, blocked: 4, unavailable: 5 };
const UNAVAILABLE_LISTS = ['held', 'sold', 'checked_in', 'blocked', 'unavailable'] as const;

export const FLAG_ACCESSIBLE = 1;
export const FLAG_RESTRICTED_VIEW = 2;

export type Category = { key: string; name: string; color: string };

/** What the seat-map endpoint answers (the parts the map uses). */
export type SeatMapInput = {
  version: number;
  focal: { x: number; y: number };
  categories: Category[];
  seats: (string | number)[][];
  /** Display names of the sections (seat ids carry only keys); a section missing here is named by its key. */
  sections?: { key: string; name: string }[];
};

export type RowInfo = { label: string; seats: number[] };
export type SectionInfo = { key: string; name: string; rows: RowInfo[]; seatCount: number; cx: number; cy: number };

export type Bounds = { minX: number; minY: number; maxX: number; maxY: number };

export type SeatModel = {
  count: number;
  ids: string[];
  index: Map<string, number>;
  x: Float32Array;
  y: Float32Array;
  /** Index into `categories` (an unknown category key gets its own grey entry). */
  category: Uint16Array;
  flags: Uint8Array;
  /** Index into STATUS_NAMES. */
  status: Uint8Array;
  section: Uint32Array;
  row: string[];
  label: string[];
  categories: Category[];
  sections: SectionInfo[];
  /** Section key → display name, for naming seats by id (e.g. in the selection). */
  sectionNames: Map<string, string>;
  bounds: Bounds;
  /** Typical distance between neighbouring seats in a row, in layout units. */
  spacing: number;
  focal: { x: number; y: number };
  version: number;
  /** How many seats are available right now (kept up to date by applySnapshot/applyDelta). */
  available: number;
};

/** Seat ids are `section:row:seat` (labels never contain ':'). */
export function parseSeatId(id: string): { section: string; row: string; seat: string } {
  const a = id.indexOf(':');
  const b = a < 0 ? -1 : id.indexOf(':', a + 1);
  if (a < 0 || b < 0) return { section: '', row: '', seat: id };
  return { section: id.slice(0, a), row: id.slice(a + 1, b), seat: id.slice(b + 1) };
}

export function buildSeatModel(input: SeatMapInput): SeatModel {
  const n = input.seats.length;
  const ids: string[] = new Array(n);
  const index = new Map<string, number>();
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const category = new Uint16Array(n);
  const flags = new Uint8Array(n);
  const status = new Uint8Array(n);
  const section = new Uint32Array(n);
  const row: string[] = new Array(n);
  const label: string[] = new Array(n);
  const categories = input.categories.map((c) => ({ ...c }));
  const catIndex = new Map(categories.map((c, i) => [c.key, i]));
  const sections: SectionInfo[] = [];
  const sectionNames = new Map((input.sections ?? []).map((s) => [s.key, s.name]));
  const sectionIndex = new Map<string, number>();
  const rowIndex: Map<string, RowInfo>[] = [];
  let lastRow: RowInfo | null = null;
  let lastSec = 0;
  let lastSecKey = '';
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let available = 0;

  for (let i = 0; i < n; i++) {
    const s = input.seats[i]!;
    const id = String(s[0]);
    const sx = Number(s[1]);
    const sy = Number(s[2]);
    const cat = String(s[3]);
    ids[i] = id;
    index.set(id, i);
    x[i] = sx;
    y[i] = sy;
    let c = catIndex.get(cat);
    if (c === undefined) {
      c = categories.length;
      categories.push({ key: cat, name: cat, color: '#9ca3af' });
      catIndex.set(cat, c);
    }
    category[i] = c;
    flags[i] = Number(s[4]) || 0;
    const st = STATUS_CODE[String(s[5])] ?? AVAILABLE;
    status[i] = st;
    if (st === AVAILABLE) available++;
    // Seat ids are section:row:seat; consecutive seats nearly always share the row, so that path allocates nothing.
    const a = id.indexOf(':');
    const b = a < 0 ? -1 : id.indexOf(':', a + 1);
    const secKey = b < 0 ? '' : id.slice(0, a);
    const rowLabel = b < 0 ? '' : id.slice(a + 1, b);
    row[i] = rowLabel;
    label[i] = b < 0 ? id : id.slice(b + 1);
    let sec: number;
    let r: RowInfo;
    if (lastRow && lastSecKey === secKey && lastRow.label === rowLabel) {
      sec = lastSec;
      r = lastRow;
    } else {
      let found = sectionIndex.get(secKey);
      if (found === undefined) {
        found = sections.length;
        sections.push({ key: secKey, name: sectionNames.get(secKey) ?? secKey, rows: [], seatCount: 0, cx: 0, cy: 0 });
        sectionIndex.set(secKey, found);
        rowIndex.push(new Map());
      }
      sec = found;
      let foundRow = rowIndex[sec]!.get(rowLabel);
      if (!foundRow) {
        foundRow = { label: rowLabel, seats: [] };
        rowIndex[sec]!.set(rowLabel, foundRow);
        sections[sec]!.rows.push(foundRow);
      }
      r = foundRow;
      lastSec = sec;
      lastSecKey = secKey;
      lastRow = r;
    }
    section[i] = sec;
    const info = sections[sec]!;
    info.seatCount++;
    info.cx += sx;
    info.cy += sy;
    r.seats.push(i);
    if (sx < minX) minX = sx;
    if (sx > maxX) maxX = sx;
    if (sy < minY) minY = sy;
    if (sy > maxY) maxY = sy;
  }
  for (const s of sections) {
    s.cx /= s.seatCount || 1;
    s.cy /= s.seatCount || 1;
  }
  if (n === 0) minX = minY = maxX = maxY = 0;
  const focal = { x: input.focal.x, y: input.focal.y };
  const bounds = { minX, minY, maxX, maxY };
  return { count: n, ids, index, x, y, category, flags, status, section, row, label, categories, sections, sectionNames, bounds, spacing: estimateSpacing(x, y, sections, bounds, n), focal, version: input.version, available };
}

/**
 * The median distance between neighbours in a row (sampled): seats are drawn a little smaller than that, and hit
 * testing accepts a tap within half of it. A map of single-seat rows falls back to the average area per seat.
 */
function estimateSpacing(x: Float32Array, y: Float32Array, sections: SectionInfo[], b: Bounds, n: number): number {
  const samples: number[] = [];
  outer: for (const s of sections) {
    for (const r of s.rows) {
      for (let k = 1; k < r.seats.length; k++) {
        const i = r.seats[k - 1]!;
        const j = r.seats[k]!;
        const d = Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
        if (d > 0) samples.push(d);
        if (samples.length >= 4096) break outer;
      }
    }
  }
  if (samples.length) {
    samples.sort((p, q) => p - q);
    return samples[samples.length >> 1]!;
  }
  const area = Math.max(1, (b.maxX - b.minX) * (b.maxY - b.minY));
  return n > 1 ? Math.max(1, Math.sqrt(area / n)) : 10;
}

function setStatus(m: SeatModel, i: number, code: number, changed: number[]) {
  const old = m.status[i]!;
  if (old === code) return;
  if (old === AVAILABLE) m.available--;
  if (code === AVAILABLE) m.available++;
  m.status[i] = code;
  changed.push(i);
}

/** A snapshot's seat lists: the public one has `unavailable` only, the organizer's one list per status. */
export type SnapshotInput = { version: number; seats: Partial<Record<(typeof UNAVAILABLE_LISTS)[number], readonly string[]>> };
export type DeltaInput = { version: number; seats: readonly { id: string; status: string }[] };

/** A snapshot lists every seat that is not available: everything else becomes available. Answers the seats that changed. */
export function applySnapshot(m: SeatModel, snap: SnapshotInput): number[] {
  const next = new Uint8Array(m.count);
  for (const name of UNAVAILABLE_LISTS) {
    const code = STATUS_CODE[name]!;
    for (const id of snap.seats[name] ?? []) {
      const i = m.index.get(id);
      if (i !== undefined) next[i] = code;
    }
  }
  const changed: number[] = [];
  for (let i = 0; i < m.count; i++) setStatus(m, i, next[i]!, changed);
  m.version = snap.version;
  return changed;
}

/** A delta carries the seats' new statuses (absolute, so applying one twice is harmless). Answers the seats that changed. */
export function applyDelta(m: SeatModel, delta: DeltaInput): number[] {
  const changed: number[] = [];
  for (const s of delta.seats) {
    const i = m.index.get(s.id);
    const code = STATUS_CODE[s.status];
    if (i !== undefined && code !== undefined) setStatus(m, i, code, changed);
  }
  if (delta.version > m.version) m.version = delta.version;
  return changed;
}

/** The statuses in a freshly fetched seat map, as a snapshot (to re-sync after a 409 without waiting for the socket). */
export function snapshotFromSeatMap(input: SeatMapInput): SnapshotInput {
  const seats: Record<(typeof UNAVAILABLE_LISTS)[number], string[]> = { held: [], sold: [], checked_in: [], blocked: [], unavailable: [] };
  for (const s of input.seats) {
    const st = String(s[5]);
    if ((UNAVAILABLE_LISTS as readonly string[]).includes(st)) seats[st as (typeof UNAVAILABLE_LISTS)[number]].push(String(s[0]));
  }
  return { version: input.version, seats };
}

export function statusOf(m: SeatModel, i: number): SeatStatus {
  return STATUS_NAMES[m.status[i]!] ?? 'available';
}

/**
 * Orders the live channel's messages against the seat geometry, which arrives separately over HTTP (and may be a
 * couple of seconds old: it is edge-cached). The socket is the truth: once the geometry is there, the latest
 * snapshot and every delta after it are replayed onto it; later messages apply directly.
 */
export class LiveSeatSync {
  private model: SeatModel | null = null;
  private snapshot: SnapshotInput | null = null;
  private deltas: DeltaInput[] = [];

  constructor(private readonly onChange: (changed: number[]) => void) {}

  setModel(model: SeatModel) {
    this.model = model;
    const changed = new Set<number>();
    if (this.snapshot) for (const i of applySnapshot(model, this.snapshot)) changed.add(i);
    for (const d of this.deltas) for (const i of applyDelta(model, d)) changed.add(i);
    this.snapshot = null;
    this.deltas = [];
    this.onChange([...changed]);
  }

  snapshotReceived(snap: SnapshotInput) {
    if (this.model) this.onChange(applySnapshot(this.model, snap));
    else {
      this.snapshot = snap;
      this.deltas = [];
    }
  }

  deltaReceived(delta: DeltaInput) {
    if (this.model) this.onChange(applyDelta(this.model, delta));
    else if (this.deltas.length < 10_000) this.deltas.push(delta);
  }
}
