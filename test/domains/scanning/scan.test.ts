import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { scanTickets, type ScanItem } from '../../../src/domains/scanning/scan';
import { api, signup } from '../../support/api';
import { checkout, hold, orderReaches, pressPaymentButton } from '../../support/checkout';
import { onSaleEvent } from '../../support/events';

async function paidTickets(quantity = 2) {
  const owner = await signup();
  const f = await onSaleEvent(owner);
  const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity });
  const started = await checkout(f.eventId, [held.body.id]);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  const order = await orderReaches(started.body.accessToken, 'paid');
  const event = await api('GET', `/orgs/${owner.orgId}/events/${f.eventId}`, { token: owner.token });
  // Scans happen on the night: the tickets' window opens 6 hours before doors.
  during = Date.parse(event.body.startsAt);
  return { owner, f, order };
}

let during = Date.now();

const scan = async (orgId: string, eventId: string, token: string, nonce: string, extra: Partial<ScanItem> & { deviceId?: string } = {}) => {
  const { deviceId = 'dev_test', ...item } = extra;
  const [outcome] = await scanTickets(createDb(env.DB), env, {
    organizationId: orgId,
    eventId,
    deviceId,
    offline: false,
    items: [{ nonce, token, direction: 'in', scannedAt: during, gateId: 'north', sessionId: null, ...item }],
  });
  return outcome!;
};

describe('online scanning (the verb behind the device scan route)', () => {
  it('admits a genuine ticket once and reports the first scan on a duplicate', async () => {
    const { owner, f, order } = await paidTickets();
    const token = order.tickets[0].qrToken;
    const first = await scan(owner.orgId, f.eventId, token, 'scan-1');
    expect(first.result).toBe('valid');
    expect(first.ticket).toMatchObject({ id: order.tickets[0].id, ticketTypeName: 'Standing' });
    expect((await scan(owner.orgId, f.eventId, token, 'scan-1')).result).toBe('valid');
    const dup = await scan(owner.orgId, f.eventId, token, 'scan-2', { deviceId: 'dev_other', gateId: 'south' });
    expect(dup.result).toBe('duplicate');
    expect(dup.first).toMatchObject({ gateId: 'north', deviceId: 'dev_test' });
    const rows = await env.DB.prepare('select result from scans where ticket_id = ? order by id').bind(order.tickets[0].id).all<{ result: string }>();
    expect(rows.results.map((r) => r.result)).toEqual(['valid', 'duplicate']);
  });

  it('calls a tampered token, or one for another event, invalid_token', async () => {
    const { owner, f, order } = await paidTickets(1);
    const token: string = order.tickets[0].qrToken;
    const tampered = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    expect((await scan(owner.orgId, f.eventId, tampered, 's1')).result).toBe('invalid_token');
    expect((await scan(owner.orgId, f.eventId, token.slice(0, -5), 's2')).result).toBe('invalid_token');
    const other = await onSaleEvent(owner);
    expect((await scan(owner.orgId, other.eventId, token, 's3')).result).toBe('invalid_token');
  });

  it('refuses a refunded (cancelled) ticket', async () => {
    const { owner, f, order } = await paidTickets(1);
    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${order.id}/refunds`, { token: owner.token, body: { reason: 'test' } });
    expect(refund.status).toBe(201);
    expect((await scan(owner.orgId, f.eventId, order.tickets[0].qrToken, 's1')).result).toBe('cancelled');
  });

  it('knows a ticket is not valid yet before its window opens', async () => {
    const { owner, f, order } = await paidTickets(1);
    const early = await scan(owner.orgId, f.eventId, order.tickets[0].qrToken, 's0', { scannedAt: during - 86_400_000, gateId: null });
    expect(early.result).toBe('not_yet_valid');
    expect((await scan(owner.orgId, f.eventId, order.tickets[0].qrToken, 's1')).result).toBe('valid');
  });
});
