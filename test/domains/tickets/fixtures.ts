/** Test fixtures for the tickets slice: a bare tenant and event written straight to D1, an order row, a key context. */
import { env } from 'cloudflare:test';
import { createDb } from '../../../src/db/client';
import type { TicketKeyContext } from '../../../src/domains/tickets/keys';
import { newId } from '../../../src/platform/ids';

export function keyContext(secret = env.TICKET_KEY_SECRET): TicketKeyContext {
  return { db: createDb(env.DB), env: { TICKET_KEY_SECRET: secret } };
}

/** An organization, a venue and an event, inserted directly: enough for event_keys' and tickets' foreign keys. */
export async function bareEvent(): Promise<{ orgId: string; eventId: string; startsAt: Date; endsAt: Date }> {
  const orgId = newId('org');
  const venueId = newId('ven');
  const eventId = newId('evt');
  const now = Date.now();
  const startsAt = new Date(now + 86_400_000);
  const endsAt = new Date(now + 86_400_000 + 3 * 3_600_000);
  await env.DB.batch([
    env.DB.prepare('insert into organizations (id, name, slug, created_at, updated_at) values (?, ?, ?, ?, ?)').bind(orgId, 'Tickets Org', orgId, now, now),
    env.DB.prepare(
      'insert into venues (id, organization_id, name, address_line1, city, country, timezone, capacity, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(venueId, orgId, 'Hall', '1 Road', 'Cape Town', 'ZA', 'Africa/Johannesburg', 100, now, now),
    env.DB.prepare(
      'insert into events (id, organization_id, venue_id, name, status, timezone, starts_at, ends_at, hold_ttl_seconds, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(eventId, orgId, venueId, 'Concert', 'on_sale', 'Africa/Johannesburg', startsAt.getTime(), endsAt.getTime(), 300, now, now),
  ]);
  return { orgId, eventId, startsAt, endsAt };
}

/** A paid order row (tickets reference orders). */
export async function insertOrder(orgId: string, eventId: string): Promise<string> {
  const id = newId('ord');
  const now = Date.now();
  await env.DB.prepare(
    `insert into orders (id, organization_id, event_id, status, access_token_hash, buyer_name, buyer_email, locale, currency,
       subtotal_minor, discount_minor, buyer_fee_minor, organizer_fee_minor, vat_minor, donation_minor, total_minor, refunded_minor,
       quote, hold_ids, payment_provider, expires_at, paid_at, created_at, updated_at)
     values (?, ?, ?, 'paid', ?, 'Buyer', 'buyer@example.com', 'en', 'ZAR', 20000, 0, 0, 0, 0, 0, 20000, 0, '{}', '[]', 'test', ?, ?, ?, ?)`,
  )
    .bind(id, orgId, eventId, id, now, now, now, now)
    .run();
  return id;
}

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  return (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n;
}
