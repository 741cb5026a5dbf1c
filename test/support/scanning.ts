/** Test helpers for scanning: an event happening today with gates and paid tickets, devices, sessions, bulk-issued tickets. */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { createDb } from '../../src/db/client';
import { buildTicketRows, ticketValidity } from '../../src/domains/tickets/issue';
import { insertOrder } from '../domains/tickets/fixtures';
import { api, signup, type SignedUp } from './api';
import { checkout, hold, orderReaches, pressPaymentButton } from './checkout';
import { onSaleEvent, type EventFixture } from './events';

export type Ticket = { id: string; qrToken: string; ticketTypeId: string };

/** An on-sale GA event starting in two hours (so its tickets scan now), with gates North and South. */
export async function eventToday(opts: { gaCapacity?: number; owner?: SignedUp } = {}) {
  const owner = opts.owner ?? (await signup());
  const f: EventFixture = await onSaleEvent(owner, { layout: false, startsInMs: 2 * 3_600_000, gaCapacity: opts.gaCapacity ?? 100 });
  const gate = async (name: string) => {
    const res = await api('POST', `/orgs/${owner.orgId}/venues/${f.venueId}/gates`, { token: owner.token, body: { name } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  return { owner, f, north: await gate('North'), south: await gate('South') };
}

/** A buyer's paid order for `quantity` GA tickets of the event. */
export async function buyTickets(eventId: string, ticketTypeId: string, quantity: number) {
  const held = await hold(eventId, { ticketTypeId, quantity });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const started = await checkout(eventId, [held.body.id]);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  const order = await orderReaches(started.body.accessToken, 'paid');
  return { orderId: order.id as string, accessToken: started.body.accessToken as string, tickets: order.tickets as Ticket[] };
}

export async function registerDevice(owner: SignedUp, eventIds: string[], gateId?: string, name = 'Gate phone') {
  const res = await api('POST', `/orgs/${owner.orgId}/devices`, { token: owner.token, body: { name, eventIds, ...(gateId ? { gateId } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, token: res.body.token as string };
}

export async function startSession(deviceToken: string, eventId: string, gateId?: string) {
  const res = await api('POST', '/device/scan-sessions', { token: deviceToken, body: { eventId, operatorName: 'Sipho', ...(gateId ? { gateId } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

let nonces = 0;
export const nextNonce = (label = 'n') => `${label}-${Date.now().toString(36)}-${++nonces}`;

export const deviceScan = (deviceToken: string, body: Record<string, unknown>) => api('POST', '/device/scan', { token: deviceToken, body: { nonce: nextNonce(), ...body } });

export const manifest = (deviceToken: string, eventId: string, cursor?: string, limit?: number) => {
  const q = new URLSearchParams({ ...(cursor ? { cursor } : {}), ...(limit ? { limit: String(limit) } : {}) });
  return api('GET', `/device/events/${eventId}/manifest${q.size ? `?${q}` : ''}`, { token: deviceToken });
};

/**
 * `n` signed tickets of one type, issued straight into D1 under one order (a load fixture: the
 * scanning path reads tickets, never order lines). Same signing code as checkout.
 */
export async function issueBulkTickets(orgId: string, eventId: string, ticketTypeId: string, n: number): Promise<Ticket[]> {
  const db = createDb(env.DB);
  const orderId = await insertOrder(orgId, eventId);
  const event = await env.DB.prepare('select starts_at, ends_at, doors_at from events where id = ?').bind(eventId).first<{ starts_at: number; ends_at: number; doors_at: number | null }>();
  const validity = ticketValidity({ startsAt: new Date(event!.starts_at), endsAt: new Date(event!.ends_at), doorsAt: event!.doors_at ? new Date(event!.doors_at) : null });
  const lines = Array.from({ length: n }, (_, i) => ({ orderLineId: `${orderId}_line_${i}`, ticketTypeId, seatId: null, attendeeName: null }));
  const built = await buildTicketRows({ db, env }, { organizationId: orgId, eventId, orderId, lines, validity });
  for (let i = 0; i < built.writes.length; i += 500) {
    const [head, ...rest] = built.writes.slice(i, i + 500);
    await db.batch([head!, ...rest]);
  }
  return built.tickets.map((t) => ({ id: t.id, qrToken: t.qrToken, ticketTypeId: t.ticketTypeId }));
}
