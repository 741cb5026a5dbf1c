/** The shapes the scan desk keeps and shows: sessions, queued scans, corrections, the event summary and the UI state. */
import type { KeyValueStore } from './store';
import type { DeviceApi, DeviceMe, Party, ScanResult, UploadScan } from './types';

export type Counts = { valid: number; duplicate: number; invalid: number; exit: number };

export type SessionRecord = {
  localId: string;
  /** The server's session id; null while the session was started offline and not created yet. */
  serverId: string | null;
  eventId: string;
  gateId: string | null;
  operatorName: string;
  startedAt: string;
  endedAt: string | null;
  /** The server knows it ended. */
  endSynced: boolean;
  /** The server refused to create it (its scans upload without a session). */
  refused: string | null;
  counts: Counts;
};

export type QueuedItem = UploadScan & { eventId: string; sessionLocalId: string | null; local: ScanResult; ticketId: string | null; noSession?: boolean };

export type Correction = {
  nonce: string;
  eventId: string;
  ticketId: string | null;
  scannedAt: string;
  local: ScanResult;
  server: ScanResult;
  first: Party | null;
  /**
   * Someone was let in on a ticket already used: shown valid at this gate (offline), a duplicate on the server. An
   * alert stays on screen until staff acknowledge it (acknowledgedAt).
   */
  alert?: boolean;
  acknowledgedAt?: string | null;
};

export type EventSummary = {
  id: string;
  name: string;
  timezone: string;
  reentryAllowed: boolean;
  gates: { id: string; name: string }[];
  tickets: number;
  checkedIn: number;
  /** Check-ins at the session's gate, as far as this phone knows (null without a gate). */
  checkedInAtGate: number | null;
  syncedAt: string | null;
  /** A manifest is on the device: offline checks can be decided. */
  ready: boolean;
};

export type DeskState = {
  loaded: boolean;
  device: DeviceMe | null;
  /** Why the device was signed out by the server (revoked, unknown token). */
  authError: string | null;
  session: SessionRecord | null;
  online: boolean;
  pending: number;
  syncing: boolean;
  syncError: string | null;
  event: EventSummary | null;
  corrections: Correction[];
  /** Alerts (corrections with `alert`) not yet acknowledged, newest first. */
  alerts: Correction[];
};

export type DeskDeps = {
  api: DeviceApi;
  store: KeyValueStore;
  /** Hands the device token to the HTTP client (useBearerToken). */
  setToken: (token: string | undefined) => void;
  /** The browser's own idea (navigator.onLine). */
  networkUp?: () => boolean;
  now?: () => number;
  timeoutMs?: number;
};

export const EMPTY_COUNTS: Counts = { valid: 0, duplicate: 0, invalid: 0, exit: 0 };
