/**
 * What the gate sees and hears after a check: one of three colours with a heading a glance can read ("Valid",
 * "Already checked in", "Refused": the words of the session's counters), the reason, and the ticket's details; plus
 * the tone and vibration for it.
 */
import type { Party, Verdict } from './types';

export type Tone = 'valid' | 'duplicate' | 'invalid';

export type ResultScreen = {
  tone: Tone;
  heading: string;
  /** The reason (red screens) or what to do next, under the heading. */
  reason: string | null;
  /** Ticket facts, first scan, offline notes: one line each. */
  lines: string[];
  /** navigator.vibrate pattern. */
  vibrate: number[];
  /** WebAudio beeps: frequency (Hz) and length (ms), with a gap after each. */
  beeps: { hz: number; ms: number; gapMs: number }[];
};

const REASONS: Record<string, string> = {
  invalid_token: 'Not a ticket for this event (unreadable, forged or for another event)',
  wrong_gate: 'Wrong gate for this ticket',
  cancelled: 'Ticket cancelled (refunded)',
  revoked: 'Old copy: this ticket was re-issued',
  not_yet_valid: 'Not valid yet: tickets open 6 hours before doors',
  expired: 'Expired: the event is over',
  reentry_not_allowed: 'Re-entry is not allowed at this event',
  not_inside: 'Not checked in, so cannot be scanned out',
};

/** `section:row:seat` as people read it. Anything else is shown as it is. */
export function formatSeat(seatId: string | null | undefined): string | null {
  if (!seatId) return null;
  const parts = seatId.split(':');
  if (parts.length === 3 && parts.every(Boolean)) return `Section ${parts[0]} · Row ${parts[1]} · Seat ${parts[2]}`;
  return `Seat ${seatId}`;
}

/** A time of day (with the date when it is not today) in the event's timezone. */
export function formatScanTime(iso: string, timeZone: string | undefined, now = Date.now()): string {
  const at = new Date(iso);
  const zone = timeZone || undefined;
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);
  if (day(at) === day(new Date(now))) return time;
  return `${new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' }).format(at)} ${time}`;
}

/** "18:04:05 at North Gate by Gate A phone 1" — as much as is known. */
export function describeParty(party: Party | null | undefined, timeZone: string | undefined, now = Date.now(), thisDeviceId?: string | null): string | null {
  if (!party) return null;
  const bits = [formatScanTime(party.at, timeZone, now)];
  if (party.gateName) bits.push(`at ${party.gateName}`);
  if (thisDeviceId && party.deviceId === thisDeviceId) bits.push('by this device');
  else if (party.deviceName) bits.push(`by ${party.deviceName}`);
  return bits.join(' ');
}

export function screenFor(v: Verdict, ctx: { timeZone?: string; now?: number; deviceId?: string | null } = {}): ResultScreen {
  const now = ctx.now ?? Date.now();
  const facts: string[] = [];
  if (v.ticket?.attendeeName) facts.push(v.ticket.attendeeName);
  if (v.ticket?.typeName) facts.push(v.ticket.typeName);
  const seat = formatSeat(v.ticket?.seatId);
  if (seat) facts.push(seat);
  // Offline, the phone decided from its ticket list: an admission or a duplicate is confirmed by the server when the
  // scans upload (an admission it finds was a duplicate raises an alert). A refusal needs no word on syncing.
  const offline = v.mode === 'offline' ? ['Checked offline: the server confirms it when this phone is back online.'] : [];

  switch (v.result) {
    case 'valid':
      return {
        tone: 'valid',
        heading: 'Valid',
        reason: 'Let them in',
        lines: [...facts, ...(v.unlisted ? ['Sold after the last sync: confirmed on upload.'] : []), ...offline],
        vibrate: [90],
        beeps: [{ hz: 1320, ms: 140, gapMs: 0 }],
      };
    case 'exit':
      return { tone: 'valid', heading: 'Exit recorded', reason: 'They may come back in', lines: [...facts, ...offline], vibrate: [90], beeps: [{ hz: 990, ms: 120, gapMs: 0 }] };
    case 'duplicate': {
      const first = describeParty(v.first, ctx.timeZone, now, ctx.deviceId);
      return {
        tone: 'duplicate',
        heading: 'Already checked in',
        reason: first ? `First scanned ${first}` : 'This ticket was scanned before',
        lines: [...facts, ...offline],
        vibrate: [160, 90, 160],
        beeps: [
          { hz: 660, ms: 160, gapMs: 90 },
          { hz: 660, ms: 160, gapMs: 0 },
        ],
      };
    }
    case 'unverifiable':
      return {
        tone: 'invalid',
        heading: 'Cannot check',
        reason: v.reason ?? 'This ticket cannot be checked right now',
        lines: ['Do not admit on this scan. Reconnect, or let the ticket list download, and scan again.'],
        vibrate: [400, 120, 400],
        beeps: [{ hz: 220, ms: 450, gapMs: 0 }],
      };
    default: {
      const lines = [...facts];
      if (v.result === 'wrong_gate' && v.allowedGates.length) lines.unshift(`Enters at: ${v.allowedGates.join(', ')}`);
      return {
        tone: 'invalid',
        heading: 'Refused',
        reason: REASONS[v.result] ?? 'This ticket cannot be admitted',
        lines,
        vibrate: [400, 120, 400],
        beeps: [
          { hz: 220, ms: 260, gapMs: 80 },
          { hz: 180, ms: 380, gapMs: 0 },
        ],
      };
    }
  }
}

/** Which counter a result adds to: admitted, duplicates, or refused. */
export function counterOf(result: Verdict['result']): 'valid' | 'duplicate' | 'invalid' | 'exit' {
  if (result === 'valid') return 'valid';
  if (result === 'exit') return 'exit';
  if (result === 'duplicate') return 'duplicate';
  return 'invalid';
}
