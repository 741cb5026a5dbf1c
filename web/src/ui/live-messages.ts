/**
 * Reading the live channel's frames (src/shared/live-protocol.ts) without zod, so zod never reaches a browser bundle:
 * type imports only, and a shape check per message kind.
 */
import type { GateLiveMessage, LiveMessage as OrganizerLiveMessage, LiveResync, PublicLiveMessage } from '../../../src/shared/live-protocol';

type LiveMessage = OrganizerLiveMessage | PublicLiveMessage | GateLiveMessage;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * Parses one frame; anything that is not a well-formed live message (not text, not JSON, unknown type, a snapshot
 * or delta without a numeric version, counts, or seats of the right shape) is null — ignored, never thrown.
 */
export function parseLiveMessage(data: unknown): LiveMessage | LiveResync | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  if (value.type === 'pong') return { type: 'pong' };
  if (value.type === 'queue') {
    const ok = typeof value.state === 'string' && Number.isInteger(value.admittedThrough) && typeof value.ratePerMinute === 'number' && typeof value.updatedAt === 'string';
    return ok ? (value as LiveMessage) : null;
  }
  if (typeof value.version !== 'number' || !Number.isInteger(value.version)) return null;
  if (value.type === 'resync') return { type: 'resync', version: value.version, ...(typeof value.audience === 'string' ? { audience: value.audience } : {}) } as LiveResync;
  if (value.audience === 'public') {
    if (!isObject(value.ticketTypes)) return null;
    if (value.type === 'snapshot') return isObject(value.seats) && isStringArray(value.seats.unavailable) ? (value as LiveMessage) : null;
    if (value.type === 'delta') return Array.isArray(value.seats) && value.seats.every((s) => isObject(s) && typeof s.id === 'string' && typeof s.status === 'string') ? (value as LiveMessage) : null;
    return null;
  }
  if (!isObject(value.counts)) return null;
  if (value.audience === 'gate') return value.type === 'snapshot' || value.type === 'delta' ? (value as LiveMessage) : null;
  if (value.type === 'snapshot') {
    const seats = value.seats;
    if (!isObject(seats) || !isStringArray(seats.held) || !isStringArray(seats.sold) || !isStringArray(seats.checked_in) || !isStringArray(seats.blocked)) return null;
    return value as LiveMessage;
  }
  if (value.type === 'delta') {
    if (!Array.isArray(value.seats) || !value.seats.every((s) => isObject(s) && typeof s.id === 'string' && typeof s.status === 'string')) return null;
    return value as LiveMessage;
  }
  return null;
}
