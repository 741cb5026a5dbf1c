/**
 * The scanner app's data shapes, kept structural (no server imports) so the pure modules and their Node tests do not
 * depend on the generated schema's nullability quirks. They match the device routes' responses (docs/scanning.md).
 */

export type ScanResult =
  | 'valid'
  | 'duplicate'
  | 'invalid_token'
  | 'wrong_gate'
  | 'cancelled'
  | 'revoked'
  | 'not_yet_valid'
  | 'expired'
  | 'exit'
  | 'reentry_not_allowed'
  | 'not_inside'
  /** An offline scan whose time the server does not believe (ahead of its clock, or before its session started): not recorded. */
  | 'refused';

export type Direction = 'in' | 'out';

/** Who made a scan: the first (winning) scan of a duplicate, or a check-in's holder. */
export type Party = {
  at: string;
  gateId: string | null;
  gateName?: string | null;
  deviceId: string | null;
  deviceName?: string | null;
  nonce: string | null;
};

export type DeviceEvent = { id: string; name: string; status: string; timezone: string; startsAt: string; endsAt: string; doorsAt: string | null };

export type DeviceMe = {
  id: string;
  name: string;
  organization: { id: string; name: string };
  events: DeviceEvent[];
  gate: { id: string; name: string; venueId: string } | null;
};

export type ScanSession = { id: string; deviceId: string; eventId: string; gateId: string | null; operatorName: string; startedAt: string; endedAt: string | null };

export type ManifestTicket = { id: string; ticketTypeId: string; seatId: string | null; secretVersion: number; keyVersion: number };
export type ManifestCheckIn = { ticketId: string; checkedIn: boolean; inside: boolean; first?: Party | null };
export type ManifestDuplicate = { ticketId: string; scan: Party; winner: Party };

/** One page of `GET /device/events/{eventId}/manifest`. */
export type Manifest = {
  event: DeviceEvent & { reentryAllowed: boolean };
  keys: { version: number; algorithm?: string; publicKey: string; retired?: boolean }[];
  gates: { id: string; name: string }[];
  ticketTypes: { id: string; name: string; gateIds: string[] }[];
  device: { id: string; gateId: string | null };
  tickets: ManifestTicket[];
  revocations: { ticketId: string; reason: string }[];
  checkIns: ManifestCheckIn[];
  duplicates: ManifestDuplicate[];
  cursor: string;
  hasMore: boolean;
};

/** `POST /device/scan` and each result of `POST /device/scans/batch`. */
export type ScanOutcome = {
  nonce: string;
  result: ScanResult;
  ticket: { id: string; ticketTypeId: string; ticketTypeName: string | null; seatId: string | null; attendeeName: string | null } | null;
  first: Party | null;
  superseded: Party | null;
};

export type ScanRequest = { eventId: string; token: string; nonce: string; direction: Direction; sessionId?: string };
/** `shown`: what the gate showed when it decided offline (the server flags one shown valid that was a duplicate). */
export type UploadScan = { nonce: string; token: string; scannedAt: string; direction: Direction; sessionId?: string; shown?: Exclude<ScanResult, 'refused'> };

/** The device routes the app calls; the browser implementation is api.ts, the tests pass fakes. Failures throw ApiError (network: status 0). */
export interface DeviceApi {
  me(): Promise<DeviceMe>;
  startSession(body: { eventId: string; gateId?: string; operatorName: string }): Promise<ScanSession>;
  endSession(sessionId: string): Promise<ScanSession>;
  scan(body: ScanRequest): Promise<ScanOutcome>;
  upload(body: { eventId: string; scans: UploadScan[] }): Promise<{ results: ScanOutcome[] }>;
  manifest(eventId: string, cursor: string | undefined): Promise<Manifest>;
}

/** What the gate is shown after a check: the server's answer (online) or the local decision (offline). */
export type Verdict = {
  result: ScanResult | 'unverifiable';
  mode: 'online' | 'offline';
  token: string;
  at: string;
  ticket: { id: string; typeName: string | null; seatId: string | null; attendeeName: string | null } | null;
  /** For a duplicate: the scan that holds the check-in, when known. */
  first: Party | null;
  /** Admitted offline on the signature alone: sold after this device's last sync. */
  unlisted: boolean;
  /** For wrong_gate: the gates this ticket's type enters at (names). */
  allowedGates: string[];
  /** For unverifiable: why no decision could be made. */
  reason?: string;
};
