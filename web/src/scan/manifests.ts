/**
 * The scan desk's manifests: one ManifestMirror per event (loaded from the KeyValueStore on first use, saved shortly
 * after each change) and the OfflineScanners rebuilt from them, one per event and gate.
 */
import { OfflineScanner } from '../../../src/shared/offline-scanner';
import type { EventSummary } from './desk-types';
import { randomId } from './failures';
import { ManifestMirror, type MirrorSnapshot } from './mirror';
import { pullManifest } from './paging';
import type { KeyValueStore } from './store';
import { MIRROR_SAVE_DELAY_MS } from './timeouts';
import type { DeviceMe, Manifest } from './types';

export class ManifestShelf {
  private readonly mirrors = new Map<string, ManifestMirror>();
  private readonly scanners = new Map<string, OfflineScanner>();
  private readonly saves = new Map<string, ReturnType<typeof setTimeout>>();
  /** The nonce the next offline scan takes (the one its online attempt carried); unset, scanners draw their own. */
  nextNonce: string | undefined;

  constructor(private readonly deps: { store: KeyValueStore; now: () => number }) {}

  /** The mirror if it is loaded already (no store read). */
  peek(eventId: string): ManifestMirror | undefined {
    return this.mirrors.get(eventId);
  }

  async mirrorOf(eventId: string): Promise<ManifestMirror> {
    let mirror = this.mirrors.get(eventId);
    if (!mirror) {
      mirror = ManifestMirror.from(await this.deps.store.get<MirrorSnapshot>(`manifest:${eventId}`));
      this.mirrors.set(eventId, mirror);
    }
    return mirror;
  }

  saveSoon(eventId: string) {
    if (this.saves.has(eventId)) return;
    this.saves.set(
      eventId,
      setTimeout(() => void this.save(eventId), MIRROR_SAVE_DELAY_MS),
    );
  }

  async save(eventId: string) {
    const t = this.saves.get(eventId);
    if (t) clearTimeout(t);
    this.saves.delete(eventId);
    const mirror = this.mirrors.get(eventId);
    if (mirror) await this.deps.store.set(`manifest:${eventId}`, mirror.snapshot());
  }

  /** Writes every pending save now. */
  async flush() {
    await Promise.all([...this.saves.keys()].map((id) => this.save(id)));
  }

  /** Forgets every mirror and scanner in memory (the store is the caller's to clear). */
  clear() {
    for (const t of this.saves.values()) clearTimeout(t);
    this.saves.clear();
    this.mirrors.clear();
    this.scanners.clear();
  }

  /** The OfflineScanner for an event at a gate, rebuilt from the mirror; null until a manifest was downloaded. */
  async scannerFor(eventId: string, gateId: string | null): Promise<OfflineScanner | null> {
    const key = `${eventId}|${gateId ?? ''}`;
    let scanner = this.scanners.get(key);
    if (scanner) return scanner;
    const page = (await this.mirrorOf(eventId)).toPage();
    if (!page) return null;
    scanner = new OfflineScanner({ gateId, now: () => this.deps.now(), nonce: () => this.nextNonce ?? randomId(9) });
    scanner.apply(page);
    this.scanners.set(key, scanner);
    return scanner;
  }

  scannersOf(eventId: string) {
    return [...this.scanners.entries()].filter(([k]) => k.startsWith(`${eventId}|`)).map(([, s]) => s);
  }

  /** Pulls an event's manifest from its cursor into the mirror and its scanners, then saves the mirror. */
  async pull(eventId: string, fetchPage: (cursor: string | undefined) => Promise<Manifest>, onPage: () => void, syncedAt: () => string) {
    const mirror = await this.mirrorOf(eventId);
    await pullManifest(fetchPage, mirror.cursor ?? undefined, (page) => {
      mirror.apply(page);
      for (const s of this.scannersOf(eventId)) s.apply(page);
      onPage();
    });
    mirror.syncedAt = syncedAt();
    await this.save(eventId);
  }

  /** What the screens show about an event: from the mirror when there is one, else from the device's event list. */
  summary(eventId: string, gateId: string | null, device: DeviceMe | null): EventSummary | null {
    const mirror = this.mirrors.get(eventId);
    const fromDevice = device?.events.find((e) => e.id === eventId);
    const header = mirror?.header;
    if (!header && !fromDevice) return null;
    return {
      id: eventId,
      name: header?.event.name ?? fromDevice?.name ?? eventId,
      timezone: header?.event.timezone ?? fromDevice?.timezone ?? 'UTC',
      reentryAllowed: header?.event.reentryAllowed ?? false,
      gates: header?.gates ?? [],
      tickets: mirror?.ticketCount ?? 0,
      checkedIn: mirror?.checkedInCount ?? 0,
      checkedInAtGate: gateId ? (mirror?.checkedInAt(gateId) ?? 0) : null,
      syncedAt: mirror?.syncedAt ?? null,
      ready: mirror?.ready ?? false,
    };
  }
}
