/**
 * The Funnels screen's pure parts (the funnel builder): the draft a form edits, its steps (add, remove, move; 2–8,
 * none twice), what it sends to POST/PATCH /orgs/{orgId}/funnels, how a saved funnel reads in the list, and the
 * conversion's default range. Tested in test/web/funnels/logic.test.ts.
 */
import type { Schemas } from '../../../api/client';
import { utcToZonedLocal } from '../../../ui/time';
import { stepLabel } from '../analytics/funnel-logic';

export type SavedFunnel = Schemas['Funnel'];
export type JourneyKind = SavedFunnel['steps'][number];
export type Channel = NonNullable<SavedFunnel['filters']['channel']>;
export type DeviceClass = NonNullable<SavedFunnel['filters']['deviceClass']>;

/** Every journey kind, in the order a buyer meets them (the builder's picker). */
export const JOURNEY_KINDS: readonly JourneyKind[] = [
  'page_view',
  'seat_map_opened',
  'ticket_selected',
  'waiting_room_joined',
  'waiting_room_admitted',
  'hold_made',
  'hold_expired',
  'checkout_started',
  'payment_started',
  'payment_failed',
  'order_completed',
];
export const CHANNELS: readonly { value: Channel; label: string }[] = [
  { value: 'storefront', label: 'Storefront' },
  { value: 'box_office', label: 'Box office' },
  { value: 'api', label: 'API' },
];
export const DEVICE_CLASSES: readonly { value: DeviceClass; label: string }[] = [
  { value: 'mobile', label: 'Mobile' },
  { value: 'tablet', label: 'Tablet' },
  { value: 'desktop', label: 'Desktop' },
];
export const MIN_STEPS = 2;
export const MAX_STEPS = 8;

export type FunnelDraft = { name: string; eventId: string; steps: JourneyKind[]; channel: '' | Channel; ticketTypeId: string; deviceClass: '' | DeviceClass };

export const EMPTY_DRAFT: FunnelDraft = { name: '', eventId: '', steps: ['page_view', 'order_completed'], channel: '', ticketTypeId: '', deviceClass: '' };

export function draftFromFunnel(f: SavedFunnel): FunnelDraft {
  return { name: f.name, eventId: f.eventId ?? '', steps: [...f.steps], channel: f.filters.channel ?? '', ticketTypeId: f.filters.ticketTypeId ?? '', deviceClass: f.filters.deviceClass ?? '' };
}

/** The kinds not yet in the funnel (a step appears at most once). */
export const availableKinds = (steps: readonly JourneyKind[]) => JOURNEY_KINDS.filter((k) => !steps.includes(k));

export function addStep(steps: readonly JourneyKind[], kind: JourneyKind): JourneyKind[] {
  if (steps.includes(kind) || steps.length >= MAX_STEPS) return [...steps];
  return [...steps, kind];
}

export const removeStep = (steps: readonly JourneyKind[], index: number): JourneyKind[] => steps.filter((_, i) => i !== index);

/** Moves step `index` one place up (-1) or down (+1); at either end nothing moves. */
export function moveStep(steps: readonly JourneyKind[], index: number, by: -1 | 1): JourneyKind[] {
  const to = index + by;
  const out = [...steps];
  if (index < 0 || index >= out.length || to < 0 || to >= out.length) return out;
  [out[index], out[to]] = [out[to]!, out[index]!];
  return out;
}

/** Field errors, keyed as the API keys them ("name", "steps"), for what the server would refuse anyway. */
export function draftErrors(d: FunnelDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!d.name.trim()) errors.name = 'Give the funnel a name.';
  else if (d.name.trim().length > 120) errors.name = 'At most 120 characters.';
  if (d.steps.length < MIN_STEPS) errors.steps = `Pick at least ${MIN_STEPS} steps.`;
  else if (d.steps.length > MAX_STEPS) errors.steps = `At most ${MAX_STEPS} steps.`;
  else if (new Set(d.steps).size !== d.steps.length) errors.steps = 'A step can appear only once.';
  return errors;
}

/** The body for POST (and PATCH: every field, so a cleared filter is cleared); a ticket type only with an event. */
export function funnelBody(d: FunnelDraft): Schemas['CreateFunnel'] {
  const filters: Schemas['CreateFunnel']['filters'] = {};
  if (d.channel) filters.channel = d.channel;
  if (d.eventId && d.ticketTypeId) filters.ticketTypeId = d.ticketTypeId;
  if (d.deviceClass) filters.deviceClass = d.deviceClass;
  return { name: d.name.trim(), eventId: d.eventId || null, steps: [...d.steps], filters };
}

/** How a saved funnel reads in the list: "Viewed the event page → Completed an order". */
export const stepsText = (steps: readonly string[]) => steps.map(stepLabel).join(' → ');

/** Its filters for people ("Storefront · Mobile · Early bird"), or "Every visitor". */
export function filtersText(f: SavedFunnel['filters'], ticketTypeName: (id: string) => string = (id) => id): string {
  const parts = [
    f.channel ? (CHANNELS.find((c) => c.value === f.channel)?.label ?? f.channel) : null,
    f.deviceClass ? (DEVICE_CLASSES.find((c) => c.value === f.deviceClass)?.label ?? f.deviceClass) : null,
    f.ticketTypeId ? ticketTypeName(f.ticketTypeId) : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'Every visitor';
}

/** The conversion's days: the picked ones, else the last 30 local days up to today; "from" never after "to". */
export function conversionRange(picked: { from: string; to: string }, timeZone: string, now = Date.now()): { from: string; to: string } {
  const today = utcToZonedLocal(new Date(now).toISOString(), timeZone).slice(0, 10);
  const to = picked.to || today;
  let from = picked.from || new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) from = to;
  return { from, to };
}
