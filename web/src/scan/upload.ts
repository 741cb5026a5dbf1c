/**
 * Uploading the queue (POST /device/scans, batches of UPLOAD_BATCH per event) and reading the server's answers: a
 * refused session is dropped from its scans, and every answer that differs from what the gate was shown becomes a
 * correction. The desk owns the queue; these functions take what they need.
 */
import { ApiError } from '../api/client';
import type { Correction, QueuedItem, SessionRecord } from './desk-types';
import { isNetworkFailure, statusOf } from './failures';
import type { ManifestMirror } from './mirror';
import { MAX_CORRECTIONS, SYNC_REQUEST_TIMEOUT_MS, UPLOAD_BATCH, withTimeout } from './timeouts';
import type { DeviceApi, ScanOutcome, UploadScan } from './types';
import { plural } from '../ui/plural';

export type UploadContext = {
  api: DeviceApi;
  /** The queue as it is now (acknowledge replaces it). */
  queue: () => QueuedItem[];
  session: (localId: string) => SessionRecord | undefined;
  /** The server's id for a session, created there first if it was started offline (null: refused). */
  serverSessionId: (rec: SessionRecord) => Promise<string | null>;
  eventName: (eventId: string) => string;
  /** Takes the server's answers for a batch off the queue. */
  acknowledge: (eventId: string, batch: QueuedItem[], results: ScanOutcome[]) => Promise<void>;
};

/**
 * Uploads the queue, event by event. A refusal for one event (say the device was taken off it) keeps that event's
 * scans queued and is reported, without holding up the other events; no network or a lost token stops it all.
 */
export async function uploadQueue(ctx: UploadContext): Promise<string[]> {
  const problems: string[] = [];
  const events = [...new Set(ctx.queue().map((q) => q.eventId))];
  for (const eventId of events) {
    try {
      await uploadEvent(ctx, eventId);
    } catch (e) {
      if (isNetworkFailure(e) || statusOf(e) === 401) throw e;
      const waiting = ctx.queue().filter((q) => q.eventId === eventId).length;
      problems.push(`${plural(waiting, 'scan')} for ${ctx.eventName(eventId)} ${waiting === 1 ? 'was' : 'were'} not accepted: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return problems;
}

async function uploadEvent(ctx: UploadContext, eventId: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const batch = ctx.queue().filter((q) => q.eventId === eventId).slice(0, UPLOAD_BATCH);
    if (!batch.length) break;
    const scans: UploadScan[] = [];
    for (const q of batch) {
      const rec = q.sessionLocalId ? ctx.session(q.sessionLocalId) : undefined;
      const sessionId = rec && !q.noSession ? await ctx.serverSessionId(rec) : null;
      scans.push({ nonce: q.nonce, token: q.token, scannedAt: q.scannedAt, direction: q.direction, ...(sessionId ? { sessionId } : {}), ...(q.local !== 'refused' ? { shown: q.local } : {}) });
    }
    let results: ScanOutcome[];
    try {
      results = (await withTimeout(ctx.api.upload({ eventId, scans }), SYNC_REQUEST_TIMEOUT_MS)).results;
    } catch (e) {
      if (statusOf(e) === 422 && e instanceof ApiError && repairRefusedUpload(batch, e)) continue;
      throw e;
    }
    await ctx.acknowledge(eventId, batch, results);
  }
}

/**
 * An upload refused as a whole (422): scans naming a session the server does not accept go again without it. (A scan
 * time the server does not believe is refused per scan instead, as result `refused`, and shows among the corrections.)
 */
export function repairRefusedUpload(batch: QueuedItem[], e: ApiError): boolean {
  let repaired = false;
  for (const err of e.problem.errors ?? []) {
    const m = /^body\.scans\.(\d+)\.sessionId$/.exec(err.path);
    const item = m ? batch[Number(m[1])] : undefined;
    if (item && !item.noSession) {
      item.noSession = true;
      repaired = true;
    }
  }
  if (!repaired && (e.problem.errors ?? []).some((er) => er.path.endsWith('.scannedAt'))) {
    throw new Error("Uploads are refused: this phone's clock is ahead. Set the date and time to automatic.");
  }
  return repaired;
}

/** Let in at this gate (shown valid on the way in) on a ticket the server says was already used. */
export const isDoubleAdmission = (q: Pick<QueuedItem, 'local' | 'direction'>, server: ScanOutcome['result']) => q.direction === 'in' && q.local === 'valid' && server === 'duplicate';

/**
 * The server's answers for a batch: the nonces it decided, the corrections list with the answers that differ from
 * what the gate was shown put first (at most MAX_CORRECTIONS, never dropping an alert not yet acknowledged), and the
 * new corrections alone (`fresh`: the desk corrects its counters with them). A duplicate teaches the mirror who was first.
 */
export function reconcile(
  eventId: string,
  batch: QueuedItem[],
  results: ScanOutcome[],
  mirror: ManifestMirror,
  corrections: Correction[],
): { done: Set<string>; corrections: Correction[]; fresh: { item: QueuedItem; correction: Correction }[] } {
  const byNonce = new Map(results.map((r) => [r.nonce, r]));
  const done = new Set<string>();
  const next = [...corrections];
  const fresh: { item: QueuedItem; correction: Correction }[] = [];
  for (const q of batch) {
    const r = byNonce.get(q.nonce);
    if (!r) continue;
    done.add(q.nonce);
    if (r.result !== q.local) {
      const alert = isDoubleAdmission(q, r.result);
      const correction: Correction = { nonce: q.nonce, eventId, ticketId: r.ticket?.id ?? q.ticketId, scannedAt: q.scannedAt, local: q.local, server: r.result, first: r.first, ...(alert ? { alert, acknowledgedAt: null } : {}) };
      // An upload sent again (unsure the first arrived) answers the same: one correction per scan.
      if (!next.some((c) => c.nonce === q.nonce)) {
        next.unshift(correction);
        fresh.push({ item: q, correction });
      }
    }
    const ticketId = r.ticket?.id;
    if (ticketId && r.result === 'duplicate' && r.first) mirror.setCheckIn({ ticketId, checkedIn: true, inside: true, first: r.first });
  }
  const open = next.filter((c) => c.alert && !c.acknowledgedAt);
  const rest = next.filter((c) => !(c.alert && !c.acknowledgedAt)).slice(0, Math.max(0, MAX_CORRECTIONS - open.length));
  return { done, corrections: next.filter((c) => open.includes(c) || rest.includes(c)), fresh };
}
