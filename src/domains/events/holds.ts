/** Buyer-facing inventory: published events, seat maps with live statuses, and holds (create, extend, release). */
import { publicBranding } from '../organizations/branding';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events } from '../../db/schema/events';
import { organizationSettings } from '../../db/schema/tenancy';
import { venues } from '../../db/schema/venues';
import type { HoldView } from '../../../durable-objects/inventory/engine';
import type { Env } from '../../env';
import { BadRequestError, NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { sha256Hex } from '../../platform/crypto';
import { toEvent, type EventRow } from './events';
import { inventory, loadTicketTypes, unwrap } from './inventory-client';
import { layoutSectionNames } from './layout-snapshot';
import { findCoupon } from '../pricing/coupons';
import { publicRoom } from '../waiting-room/public-room';
import { isolateCache } from '../../platform/isolate-cache';

/**
 * The hidden ticket types an access code unlocks for this event: undefined without a code, [] for a code that
 * unlocks none, '*' for every hidden type. An unusable code is a 422 saying why (as the quote says it).
 */
export async function unlockedBy(db: Database, event: Pick<EventRow, 'id' | 'organizationId'>, code: string | undefined): Promise<string[] | undefined> {
  if (code === undefined || code.trim() === '') return undefined;
  const coupon = await findCoupon(db, event.organizationId, event.id, code, Date.now());
  if (!coupon.unlocksHidden) return [];
  return coupon.ticketTypeIds.length ? coupon.ticketTypeIds : ['*'];
}

const isUnlocked = (id: string, unlocked: string[] | undefined) => (unlocked ?? []).some((u) => u === '*' || u === id);

/** Events a buyer may see: everything but drafts. */
const PUBLIC_STATUSES = ['published', 'on_sale', 'sales_closed', 'completed', 'cancelled'] as const;

/**
 * Buyers hit the same event thousands of times a second in a flash sale: each isolate remembers an
 * event for a moment instead of asking D1 every time. The inventory DO still decides on-sale status
 * for every hold (the status travels to it with every configure), so a stale entry can never sell what
 * it shouldn't. One read at a time per event: the requests that arrive while it runs wait for it instead
 * of each asking D1 (a hundred buyers per isolate would otherwise all miss together when an entry expires).
 */
const publicEvents = isolateCache<EventRow>(2_000);

export function publicEvent(db: Database, eventId: string): Promise<EventRow> {
  return publicEvents.get(eventId, () => loadPublicEvent(db, eventId));
}

async function loadPublicEvent(db: Database, eventId: string): Promise<EventRow> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), inArray(events.status, [...PUBLIC_STATUSES])))
    .limit(1);
  if (!row) throw new NotFoundError('Event');
  return row;
}

export function toHold(eventId: string, h: HoldView) {
  return {
    id: h.id,
    eventId,
    ticketTypeId: h.ticketTypeId,
    status: h.status,
    seats: h.seats,
    quantity: h.quantity,
    expiresAt: new Date(h.expiresAt).toISOString(),
    extended: h.extended,
  };
}

/**
 * The public page of an event: details in its timezone, venue, the organization's language (the storefront's
 * default when the buyer has not chosen one), visible ticket types with what is left.
 */
export async function eventPage(db: Database, env: Env, event: EventRow, code?: string) {
  const unlocked = await unlockedBy(db, event, code);
  const [[venue], [settings], room, branding] = await Promise.all([
    db
      .select()
      .from(venues)
      .where(and(eq(venues.organizationId, event.organizationId), eq(venues.id, event.venueId)))
      .limit(1),
    db.select({ locale: organizationSettings.locale }).from(organizationSettings).where(eq(organizationSettings.organizationId, event.organizationId)).limit(1),
    publicRoom(db, event),
    publicBranding(db, env, event.organizationId),
  ]);
  // Visible types, and the hidden ones this code unlocks; nothing says whether other hidden types exist.
  const types = (await loadTicketTypes(db, event.organizationId, event.id)).filter((t) => t.visibility === 'visible' || isUnlocked(t.id, unlocked));
  const live = await inventory(env, event.organizationId, event.id).publicAvailability(types.filter((t) => t.visibility !== 'visible').map((t) => t.id));
  const { layoutVersion: _v, ...details } = toEvent(event);
  return {
    ...details,
    locale: settings?.locale ?? 'en',
    venue: venue ? { name: venue.name, addressLine1: venue.addressLine1, city: venue.city, country: venue.country, timezone: venue.timezone } : null,
    hasSeatMap: event.layoutId !== null,
    waitingRoom: room.enabled,
    turnstileSiteKey: env.TURNSTILE_SITE_KEY || null,
    branding,
    ticketTypes: types.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      categories: t.categories,
      priceMinor: t.priceMinor,
      currency: t.currency,
      minPerOrder: t.minPerOrder,
      maxPerOrder: t.maxPerOrder,
      available: live.ticketTypes[t.id]?.available ?? null,
    })),
  };
}

/**
 * Section names change rarely and the seat map is read thousands of times a second in a flash sale: each isolate
 * keeps an event's names for a minute instead of asking D1 every time.
 */
const SECTION_NAMES_MS = 60_000;
const sectionNameCache = new Map<string, { names: Map<string, string>; until: number }>();

async function sectionNamesFor(db: Database, event: Pick<EventRow, 'id' | 'organizationId' | 'layoutId'>): Promise<Map<string, string>> {
  if (!event.layoutId) return new Map();
  const cached = sectionNameCache.get(event.id);
  if (cached && cached.until > Date.now()) return cached.names;
  const names = new Map((await layoutSectionNames(db, event.organizationId, event.layoutId)).map((s) => [s.key, s.name]));
  if (sectionNameCache.size > 10_000) sectionNameCache.clear();
  sectionNameCache.set(event.id, { names, until: Date.now() + SECTION_NAMES_MS });
  return names;
}

/**
 * The inventory's seat map plus the name of every section it has seats in ({ key, name }, in seat order): seat ids
 * carry only section keys. A section the layout no longer has (it was edited after publishing) is named by its key.
 * The organizer's map has every status and the counts; the public one (`audience: 'public'`) only available /
 * unavailable and the visible ticket types' availability (durable-objects/inventory/projection.ts).
 */
export async function seatMapWithSections(db: Database, env: Env, event: Pick<EventRow, 'id' | 'organizationId' | 'layoutId'>) {
  return withSections(db, event, await inventory(env, event.organizationId, event.id).seatMap());
}

export async function withSections<M extends { seats: (string | number)[][] }>(db: Database, event: Pick<EventRow, 'id' | 'organizationId' | 'layoutId'>, map: M) {
  const names = await sectionNamesFor(db, event);
  const keys: string[] = [];
  const seen = new Set<string>();
  let last = '';
  for (const seat of map.seats) {
    const id = String(seat[0]);
    const key = id.slice(0, Math.max(0, id.indexOf(':')));
    if (key === last) continue;
    last = key;
    if (!seen.has(key)) {
      seen.add(key);
      keys.push(key);
    }
  }
  return { ...map, sections: keys.map((key) => ({ key, name: names.get(key) ?? key })) };
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * A retried request with the same Idempotency-Key maps to the same hold id, so the inventory answers
 * with the hold it already made instead of holding twice.
 */
export async function holdIdFor(eventId: string, idempotencyKey: string | undefined): Promise<string> {
  if (idempotencyKey === undefined) return newId(ID_PREFIXES.hold);
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new BadRequestError('Idempotency-Key must be 1–128 visible ASCII characters.', 'invalid_idempotency_key');
  return `${ID_PREFIXES.hold}_${(await sha256Hex(`${eventId}\u0000${idempotencyKey}`)).slice(0, 26)}`;
}

export async function createHold(
  db: Database,
  env: Env,
  event: EventRow,
  input: { ticketTypeId: string; seats?: string[]; quantity?: number; bestAvailable?: { quantity: number; category?: string; accessible?: boolean }; accessCode?: string },
  idempotencyKey?: string,
  /** The waiting-room admission the buyer came in with (its seats are capped per session in the inventory). */
  session?: { id: string; maxSeats: number },
) {
  const holdId = await holdIdFor(event.id, idempotencyKey);
  // Only a request with a code costs a D1 read: the flash-sale path (visible types, no code) goes straight to the DO.
  const unlocked = await unlockedBy(db, event, input.accessCode);
  const hold = unwrap(
    await inventory(env, event.organizationId, event.id).holdOp({
      op: 'hold',
      request: {
        holdId,
        ticketTypeId: input.ticketTypeId,
        ...(input.seats ? { seatIds: input.seats } : {}),
        ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
        ...(input.bestAvailable ? { bestAvailable: input.bestAvailable } : {}),
        ...(unlocked ? { unlocked } : {}),
        ...(session ? { session } : {}),
      },
    }),
  );
  return toHold(event.id, hold);
}

export async function getHold(env: Env, event: EventRow, holdId: string) {
  const hold = await inventory(env, event.organizationId, event.id).getHold(holdId);
  if (!hold) throw new NotFoundError('Hold');
  return toHold(event.id, hold);
}

export async function extendHold(env: Env, event: EventRow, holdId: string) {
  return toHold(event.id, unwrap(await inventory(env, event.organizationId, event.id).holdOp({ op: 'extend', holdId })));
}

export async function releaseHold(env: Env, event: EventRow, holdId: string) {
  return toHold(event.id, unwrap(await inventory(env, event.organizationId, event.id).holdOp({ op: 'release', holdId })));
}
