/** Test helpers for refunds: a paid order over HTTP, and what the provider, D1 and the ledger each say was refunded. */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { testProviderRefunds } from '../../src/domains/payments/test-provider';
import type { SignedUp } from './api';
import { checkout, hold, orderReaches, pressPaymentButton } from './checkout';

/** A paid order of `quantity` GA tickets, paid on the test provider's page. */
export async function paidGaOrder(eventId: string, ticketTypeId: string, quantity = 1, extra: Record<string, unknown> = {}) {
  const held = await hold(eventId, { ticketTypeId, quantity });
  expect(held.status, JSON.stringify(held.body)).toBe(201);
  const started = await checkout(eventId, [held.body.id], extra);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  const order = await orderReaches(started.body.accessToken, 'paid');
  return { orderId: order.id as string, accessToken: started.body.accessToken as string, totalMinor: order.totalMinor as number, ticketIds: (order.tickets as { id: string }[]).map((t) => t.id) };
}

/** The same refunded amount as the provider paid it out, as D1 counts it, and as the ledger reversed it. */
export async function refundAccounts(orderId: string) {
  const order = await env.DB.prepare('select status, total_minor, refunded_minor, refund_reserved_minor from orders where id = ?').bind(orderId).first<{
    status: string;
    total_minor: number;
    refunded_minor: number;
    refund_reserved_minor: number;
  }>();
  const payment = await env.DB.prepare("select provider_payment_id from payments where order_id = ? and provider_payment_id is not null").bind(orderId).first<{ provider_payment_id: string }>();
  const succeeded = await env.DB.prepare("select coalesce(sum(amount_minor), 0) as n, count(*) as c from refunds where order_id = ? and status = 'succeeded'").bind(orderId).first<{ n: number; c: number }>();
  const ledger = await env.DB.prepare(
    `select coalesce(sum(jl.credit_minor - jl.debit_minor), 0) as n from journal_lines jl
       join journal_entries je on je.id = jl.entry_id join ledger_accounts la on la.id = jl.account_id
      where je.order_id = ? and je.kind = 'refund' and la.code = 'provider_clearing'`,
  )
    .bind(orderId)
    .first<{ n: number }>();
  const validTickets = await env.DB.prepare("select count(*) as n from tickets where order_id = ? and status = 'valid'").bind(orderId).first<{ n: number }>();
  const payouts = payment ? testProviderRefunds(payment.provider_payment_id) : [];
  return {
    status: order!.status,
    totalMinor: order!.total_minor,
    refundedMinor: order!.refunded_minor,
    reservedMinor: order!.refund_reserved_minor,
    succeededMinor: succeeded!.n,
    succeededCount: succeeded!.c,
    ledgerReversedMinor: ledger!.n,
    paidOutMinor: payouts.reduce((n, r) => n + r.amountMinor, 0),
    payouts: payouts.length,
    validTickets: validTickets!.n,
  };
}

/** Every view of the money agrees: what the provider paid out is what D1 and the ledger say was refunded. */
export function expectRefundsAgree(a: Awaited<ReturnType<typeof refundAccounts>>) {
  expect(a.paidOutMinor, JSON.stringify(a)).toBe(a.refundedMinor);
  expect(a.succeededMinor, JSON.stringify(a)).toBe(a.refundedMinor);
  expect(a.ledgerReversedMinor, JSON.stringify(a)).toBe(a.refundedMinor);
  expect(a.reservedMinor, JSON.stringify(a)).toBe(0);
  expect(a.refundedMinor).toBeLessThanOrEqual(a.totalMinor);
}

export type { SignedUp };
