/**
 * The scan desk's sessions: every session this phone started that the server may still need to hear about, and the
 * current one, saved to the KeyValueStore ('sessions', 'currentSession') whenever they change. A session started
 * offline is created on the server when its scans upload (serverId); one that ended offline is ended there by tidy().
 */
import { EMPTY_COUNTS, type SessionRecord } from './desk-types';
import { isNetworkFailure, randomId, statusOf } from './failures';
import type { KeyValueStore } from './store';
import { SYNC_REQUEST_TIMEOUT_MS, withTimeout } from './timeouts';
import type { DeviceApi, ScanResult } from './types';
import { counterOf } from './screen';

/** A new session as the phone knows it before the server does. */
export function newSession(input: { eventId: string; gateId: string | null; operatorName: string }, startedAt: string): SessionRecord {
  return {
    localId: `local-${randomId(9)}`,
    serverId: null,
    eventId: input.eventId,
    gateId: input.gateId,
    operatorName: input.operatorName.trim(),
    startedAt,
    endedAt: null,
    endSynced: false,
    refused: null,
    counts: { ...EMPTY_COUNTS },
  };
}

export class SessionBook {
  private sessions: Record<string, SessionRecord> = {};
  private currentId: string | null = null;

  constructor(private readonly deps: { store: KeyValueStore; api: DeviceApi }) {}

  /** Restores the sessions saved before the reload. */
  async load() {
    this.sessions = (await this.deps.store.get<Record<string, SessionRecord>>('sessions')) ?? {};
    this.currentId = (await this.deps.store.get<string>('currentSession')) ?? null;
    if (this.currentId && !this.sessions[this.currentId]) this.currentId = null;
  }

  current(): SessionRecord | null {
    return this.currentId ? (this.sessions[this.currentId] ?? null) : null;
  }

  get(localId: string): SessionRecord | undefined {
    return this.sessions[localId];
  }

  /** The counters said what the gate was shown; after an upload they say what the server decided instead. */
  async recount(changes: { sessionLocalId: string | null; shown: ScanResult; decided: ScanResult }[]) {
    let changed = false;
    for (const c of changes) {
      const rec = c.sessionLocalId ? this.get(c.sessionLocalId) : undefined;
      if (!rec) continue;
      rec.counts[counterOf(c.shown)] = Math.max(0, rec.counts[counterOf(c.shown)] - 1);
      rec.counts[counterOf(c.decided)]++;
      changed = true;
    }
    if (changed) await this.save();
  }

  async save() {
    await this.deps.store.set('sessions', this.sessions);
    await this.deps.store.set('currentSession', this.currentId);
  }

  /** Keeps a session and makes it the current one. */
  async open(rec: SessionRecord) {
    this.sessions[rec.localId] = rec;
    this.currentId = rec.localId;
    await this.save();
  }

  /** No current session any more (not saved: the caller saves or clears the store). */
  leaveCurrent() {
    this.currentId = null;
  }

  /** Forgets every session (not saved: the caller clears the store). */
  clear() {
    this.sessions = {};
    this.currentId = null;
  }

  /** The server's id for a session, creating it there first if it was started offline (null: it was refused). */
  async serverId(rec: SessionRecord): Promise<string | null> {
    if (rec.serverId) return rec.serverId;
    if (rec.refused) return null;
    try {
      const s = await withTimeout(
        this.deps.api.startSession({ eventId: rec.eventId, ...(rec.gateId ? { gateId: rec.gateId } : {}), operatorName: rec.operatorName || 'Gate staff' }),
        SYNC_REQUEST_TIMEOUT_MS,
      );
      rec.serverId = s.id;
    } catch (e) {
      if (isNetworkFailure(e) || statusOf(e) === 401) throw e;
      rec.refused = e instanceof Error ? e.message : 'Refused';
    }
    await this.save();
    return rec.serverId;
  }

  /** Ends on the server what ended offline; forgets sessions that are over and have nothing left to upload. */
  async tidy(how: { online: () => boolean; hasQueued: (localId: string) => boolean; handleFailure: (e: unknown) => 'network' | 'auth' | 'other' }) {
    for (const rec of Object.values(this.sessions)) {
      if (!rec.endedAt) continue;
      const hasQueued = how.hasQueued(rec.localId);
      if (rec.serverId && !rec.endSynced && how.online()) {
        try {
          await withTimeout(this.deps.api.endSession(rec.serverId), SYNC_REQUEST_TIMEOUT_MS);
          rec.endSynced = true;
        } catch (e) {
          // Gone or already ended on the server: nothing left to tell it. A network failure: try again next sync.
          if (how.handleFailure(e) === 'other') rec.endSynced = true;
        }
      }
      if (!hasQueued && (rec.endSynced || !rec.serverId)) delete this.sessions[rec.localId];
    }
    await this.save();
  }
}
