/**
 * The scanner's brain, without React or the DOM: the device sign-in, scan sessions, every check (online through
 * `POST /device/scan`, else decided on the phone by OfflineScanner from the downloaded manifest), the upload queue
 * and the manifest sync. Everything that must outlive a reload goes to the KeyValueStore at once (token, sessions,
 * queue); the manifest mirror is saved after each sync and shortly after each scan.
 *
 * Online and offline at a glance:
 *  - "online" = the browser says so AND the last request did not fail on the network. A network failure or a slow
 *    answer (timeoutMs) flips to offline until a later request succeeds; the check that failed is decided locally
 *    with the SAME nonce, so if the online request did land after all, the upload is the same scan (no double record).
 *  - Offline checks are queued; sync() uploads them (batches of 500), then pulls the manifest from its cursor.
 *    tick() calls sync() every 30 s, every 10 s while scans wait or the network is down; setNetwork(true) at once.
 *  - The server decides every uploaded scan again (earliest scan wins); answers that differ from what the gate was
 *    shown become "corrections", so staff learn that someone admitted offline had already been checked in elsewhere.
 *
 * ScanDesk keeps the state; its parts: connection.ts (online/offline), sessions.ts, manifests.ts, checks.ts (one
 * check decided), upload.ts (the queue and corrections), device-sign-in.ts, timeouts.ts, failures.ts, desk-types.ts.
 */
import { ApiError } from '../api/client';
import { verifyDeviceToken } from './device-sign-in';
import type { Correction, DeskDeps, DeskState, QueuedItem, SessionRecord } from './desk-types';
import { DeskError, randomId } from './failures';
import { Connection, lostAccessMessage } from './connection';
import { askServer, checkOffline, learnOnline, type CheckContext } from './checks';
import { ManifestShelf } from './manifests';
import { newSession, SessionBook } from './sessions';
import { reconcile, uploadQueue } from './upload';
import { counterOf } from './screen';
import { ONLINE_TIMEOUT_MS, RETRY_EVERY_MS, SYNC_EVERY_MS, SYNC_REQUEST_TIMEOUT_MS, withTimeout } from './timeouts';
import type { DeviceMe, Direction, ScanOutcome, Verdict } from './types';

export type { Correction, Counts, DeskDeps, DeskState, EventSummary, QueuedItem, SessionRecord } from './desk-types';
export { DeskError, isNetworkFailure } from './failures';
export { ONLINE_TIMEOUT_MS, RETRY_EVERY_MS, SYNC_EVERY_MS, SYNC_REQUEST_TIMEOUT_MS, TimeoutError, UPLOAD_BATCH } from './timeouts';

export class ScanDesk {
  private token: string | null = null;
  private device: DeviceMe | null = null;
  private authError: string | null = null;
  private queue: QueuedItem[] = [];
  private corrections: Correction[] = [];
  private activeEventId: string | null = null;
  private syncing: Promise<void> | null = null;
  private syncError: string | null = null;
  private lastAttemptAt = -Infinity;
  private loaded = false;
  private readonly listeners = new Set<() => void>();
  private snapshot: DeskState;
  private readonly shelf: ManifestShelf;
  private readonly book: SessionBook;
  private readonly link: Connection;

  constructor(private readonly deps: DeskDeps) {
    this.link = new Connection({ networkUp: () => deps.networkUp?.() ?? true, changed: () => this.emit(), lostAccess: (e) => void this.lostAccess(e) });
    this.book = new SessionBook({ store: deps.store, api: deps.api });
    this.shelf = new ManifestShelf({ store: deps.store, now: () => this.now() });
    this.snapshot = this.build();
  }

  // ------------------------------------------------------------------------------------------
  // State for the UI (useSyncExternalStore).

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getState = () => this.snapshot;

  private emit() {
    this.snapshot = this.build();
    for (const fn of this.listeners) fn();
  }

  private build(): DeskState {
    const session = this.book.current();
    const eventId = session?.eventId ?? this.activeEventId;
    return {
      loaded: this.loaded,
      device: this.device,
      authError: this.authError,
      session: session ? { ...session, counts: { ...session.counts } } : null,
      online: this.online,
      pending: this.queue.length,
      syncing: this.syncing !== null,
      syncError: this.syncError,
      event: eventId ? this.shelf.summary(eventId, session?.gateId ?? null, this.device) : null,
      corrections: [...this.corrections],
      alerts: this.corrections.filter((c) => c.alert && !c.acknowledgedAt),
    };
  }

  get online() {
    return this.link.online;
  }

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  private iso() {
    return new Date(this.now()).toISOString();
  }

  // ------------------------------------------------------------------------------------------
  // Loading and the device.

  /** Restores what the device knew before the reload. */
  async load() {
    const s = this.deps.store;
    this.token = (await s.get<string>('token')) ?? null;
    this.device = (await s.get<DeviceMe>('device')) ?? null;
    await this.book.load();
    this.queue = (await s.get<QueuedItem[]>('queue')) ?? [];
    this.corrections = (await s.get<Correction[]>('corrections')) ?? [];
    this.deps.setToken(this.token ?? undefined);
    const current = this.book.current();
    if (current) {
      this.activeEventId = current.eventId;
      await this.shelf.mirrorOf(current.eventId);
    }
    this.loaded = true;
    this.emit();
  }

  /** Checks the token with GET /device/me and keeps it. Throws ApiError (field `token` when it is not a token). */
  async signIn(text: string) {
    const { token, me } = await verifyDeviceToken(text, this.deps.api, this.deps.setToken, this.token);
    if (this.device && this.device.id !== me.id) await this.forgetDeviceData();
    this.token = token;
    this.device = me;
    this.authError = null;
    this.link.down = false;
    await this.deps.store.set('token', token);
    await this.deps.store.set('device', me);
    this.emit();
    return me;
  }

  /** Refreshes the device's name, events and gate (on start and on the set-up screen). */
  async refreshDevice() {
    if (!this.token || !this.online) return;
    try {
      this.device = await this.deps.api.me();
      await this.deps.store.set('device', this.device);
      this.link.markUp();
    } catch (e) {
      this.link.handleFailure(e);
    }
    this.emit();
  }

  /** Forgets the device: token, sessions, queue and manifests. */
  async signOut() {
    const current = this.book.current();
    if (current?.serverId && this.online) await this.deps.api.endSession(current.serverId).catch(() => undefined);
    await this.forgetDeviceData();
    this.token = null;
    this.device = null;
    this.authError = null;
    this.deps.setToken(undefined);
    for (const key of await this.deps.store.keys()) await this.deps.store.delete(key);
    this.emit();
  }

  private async forgetDeviceData() {
    this.shelf.clear();
    this.book.clear();
    this.queue = [];
    this.corrections = [];
    this.activeEventId = null;
    for (const key of await this.deps.store.keys()) if (key !== 'token' && key !== 'device') await this.deps.store.delete(key);
  }

  /** The server no longer accepts this token: back to sign-in, keeping the queue for a new token of this organizer. */
  private async lostAccess(e: unknown) {
    this.authError = lostAccessMessage(e);
    this.token = null;
    this.device = null;
    this.book.leaveCurrent();
    this.deps.setToken(undefined);
    await this.deps.store.delete('token');
    await this.deps.store.delete('device');
    await this.deps.store.delete('currentSession');
    this.emit();
  }

  // ------------------------------------------------------------------------------------------
  // Manifests.

  /** Writes everything pending now (the page is being hidden or closed). */
  async flush() {
    await this.shelf.flush();
  }

  /** Chooses the event to keep fresh (set-up screen) and downloads its manifest. */
  async prepareEvent(eventId: string) {
    this.activeEventId = eventId;
    await this.shelf.mirrorOf(eventId);
    this.emit();
    await this.sync();
  }

  private async pull(eventId: string) {
    await this.shelf.pull(
      eventId,
      (cursor) => withTimeout(this.deps.api.manifest(eventId, cursor), SYNC_REQUEST_TIMEOUT_MS),
      () => this.emit(),
      () => this.iso(),
    );
  }

  // ------------------------------------------------------------------------------------------
  // Sessions.

  /**
   * Opens a scan session (POST /device/scan-sessions). Offline, it starts on the phone and is created on the server
   * when the network returns (its queued scans then carry its id). The server's field errors are thrown.
   */
  async startSession(input: { eventId: string; gateId: string | null; operatorName: string }) {
    if (!this.device) throw new DeskError('Sign in first', 'signed_out');
    const rec = newSession(input, this.iso());
    if (this.online) {
      try {
        const s = await this.deps.api.startSession({ eventId: rec.eventId, ...(rec.gateId ? { gateId: rec.gateId } : {}), operatorName: rec.operatorName });
        rec.serverId = s.id;
        rec.startedAt = s.startedAt;
        this.link.markUp();
      } catch (e) {
        if (this.link.handleFailure(e) !== 'network') throw e;
      }
    } else if (!rec.operatorName) {
      throw new ApiError({ title: 'Operator needed', status: 422, errors: [{ path: 'body.operatorName', message: 'Required' }] });
    }
    this.activeEventId = rec.eventId;
    await this.book.open(rec);
    await this.deps.store.set('operator', rec.operatorName);
    this.emit();
    void this.sync();
    return rec;
  }

  /** The operator name used last on this device (to prefill the form). */
  async lastOperator() {
    return (await this.deps.store.get<string>('operator')) ?? '';
  }

  async endSession() {
    const rec = this.book.current();
    if (!rec) return;
    rec.endedAt = this.iso();
    this.book.leaveCurrent();
    await this.book.save();
    this.emit();
    if (rec.serverId && this.online) {
      try {
        await this.deps.api.endSession(rec.serverId);
        rec.endSynced = true;
        await this.book.save();
      } catch (e) {
        this.link.handleFailure(e);
      }
    }
    await this.tidySessions();
    this.emit();
  }

  /** Ends on the server what ended offline; forgets sessions that are over and have nothing left to upload. */
  private tidySessions() {
    return this.book.tidy({
      online: () => this.online,
      hasQueued: (localId) => this.queue.some((q) => q.sessionLocalId === localId),
      handleFailure: (e) => this.link.handleFailure(e),
    });
  }

  // ------------------------------------------------------------------------------------------
  // Checking a ticket.

  /**
   * Checks one code at the gate. Online: the server decides (POST /device/scan). Offline, or when that request fails
   * on the network: OfflineScanner decides from the manifest and the scan is queued for upload.
   */
  async check(raw: string, direction: Direction = 'in'): Promise<Verdict> {
    const session = this.book.current();
    if (!session) throw new DeskError('Start a scan session first', 'no_session');
    const token = raw.trim();
    const nonce = randomId(12);
    if (this.online) {
      try {
        const out = await askServer(this.deps.api, session, () => this.book.serverId(session), { token, nonce, direction }, this.deps.timeoutMs ?? ONLINE_TIMEOUT_MS);
        this.link.markUp();
        const verdict = await learnOnline(this.checks, session, token, out);
        await this.count(session, verdict.result);
        return verdict;
      } catch (e) {
        const kind = this.link.handleFailure(e);
        if (kind === 'auth') throw new DeskError('This device is no longer signed in', 'signed_out');
        if (kind === 'other') {
          if (e instanceof ApiError && e.code === 'session_ended') {
            session.endedAt = this.iso();
            session.endSynced = true;
            this.book.leaveCurrent();
            await this.book.save();
            this.emit();
            throw new DeskError('This scan session was ended. Start a new one.', 'session_ended');
          }
          throw new DeskError(e instanceof Error ? e.message : 'The server refused this scan', 'refused');
        }
      }
    }
    const verdict = await checkOffline(this.checks, session, token, direction, nonce);
    await this.count(session, verdict.result);
    return verdict;
  }

  /** What learnOnline and checkOffline may see and do. */
  private get checks(): CheckContext {
    return {
      shelf: this.shelf,
      device: () => this.device,
      iso: () => this.iso(),
      enqueue: async (item) => {
        this.queue.push(item);
        await this.deps.store.set('queue', this.queue);
      },
      emit: () => this.emit(),
    };
  }

  private async count(session: SessionRecord, result: Verdict['result']) {
    session.counts[counterOf(result)]++;
    await this.book.save();
    this.emit();
  }

  // ------------------------------------------------------------------------------------------
  // Sync: upload the queue, then pull the manifest.

  /** Called every few seconds by the app: syncs when one is due. */
  tick() {
    if (!this.token || this.syncing || !this.link.networkUp) return;
    const every = this.link.down || this.queue.length > 0 ? RETRY_EVERY_MS : SYNC_EVERY_MS;
    if (this.now() - this.lastAttemptAt >= every) void this.sync();
  }

  /** The browser's online/offline events. */
  setNetwork(up: boolean) {
    if (up) {
      this.link.down = false;
      void this.sync();
    }
    this.emit();
  }

  /** Uploads what waits and refreshes the active event's manifest. Never throws: failures show in the state. */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    if (!this.token || !this.link.networkUp) return Promise.resolve();
    this.lastAttemptAt = this.now();
    this.syncing = (async () => {
      try {
        const problems = await uploadQueue({
          api: this.deps.api,
          queue: () => this.queue,
          session: (localId) => this.book.get(localId),
          serverSessionId: (rec) => this.book.serverId(rec),
          eventName: (eventId) => this.device?.events.find((ev) => ev.id === eventId)?.name ?? this.shelf.peek(eventId)?.header?.event.name ?? 'an event',
          acknowledge: (eventId, batch, results) => this.acknowledge(eventId, batch, results),
        });
        await this.tidySessions();
        const eventId = this.book.current()?.eventId ?? this.activeEventId;
        if (eventId) await this.pull(eventId);
        this.syncError = problems.length ? problems.join(' ') : null;
        this.link.markUp();
      } catch (e) {
        const kind = this.link.handleFailure(e);
        if (kind === 'other') this.syncError = e instanceof Error ? e.message : String(e);
      } finally {
        this.syncing = null;
        this.emit();
      }
    })();
    this.emit();
    return this.syncing;
  }

  private async acknowledge(eventId: string, batch: QueuedItem[], results: ScanOutcome[]) {
    const mirror = await this.shelf.mirrorOf(eventId);
    const { done, corrections, fresh } = reconcile(eventId, batch, results, mirror, this.corrections);
    this.corrections = corrections;
    await this.book.recount(fresh.map(({ item, correction }) => ({ sessionLocalId: item.sessionLocalId, shown: correction.local, decided: correction.server })));
    this.queue = this.queue.filter((q) => !done.has(q.nonce));
    await this.deps.store.set('queue', this.queue);
    await this.deps.store.set('corrections', this.corrections);
    this.shelf.saveSoon(eventId);
    this.emit();
  }

  /** Staff have seen the alerts (someone let in on a ticket already used): they leave the banner, and stay listed. */
  async acknowledgeAlerts() {
    const at = this.iso();
    this.corrections = this.corrections.map((c) => (c.alert && !c.acknowledgedAt ? { ...c, acknowledgedAt: at } : c));
    await this.deps.store.set('corrections', this.corrections);
    this.emit();
  }

  /** Clears the corrections list once staff have read it (an alert not yet acknowledged stays). */
  async dismissCorrections() {
    this.corrections = this.corrections.filter((c) => c.alert && !c.acknowledgedAt);
    await this.deps.store.set('corrections', this.corrections);
    this.emit();
  }
}
