/**
 * Races on buyers' refund requests: N requests for overlapping tickets at once (same keys, own keys, none) pay each
 * ticket out once, at its quote, and the provider, D1 and the ledger agree; an organizer's approve and decline of
 * the same request at once decide it once.
 */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { api, signup } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { expectRefundsAgree, paidGaOrder, refundAccounts } from '../../support/refunds';

const op = fc.record({ tickets: fc.subarray([0, 1, 2], { minLength: 1 }), keyed: fc.boolean() });

describe('concurrent buyer refund requests', () => {
  it('pay every ticket out once, at its quote, whatever the interleaving', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, gaCapacity: 500 });
    const policy = await api('PUT', `/orgs/${owner.orgId}/events/${f.eventId}/refund-policy`, { token: owner.token, body: { mode: 'until_days_before', daysBefore: 1, feeBasisPoints: 333, feeFixedMinor: 7 } });
    expect(policy.status).toBe(200);
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 6 }), async (ops) => {
        const paid = await paidGaOrder(f.eventId, f.gaTypeId, 3);
        const quote = (await api('GET', `/public/orders/${paid.accessToken}/refunds`)).body.tickets as { ticketId: string; refundMinor: number }[];
        const answers = await Promise.all(
          ops.map((o) => {
            const ticketIds = o.tickets.map((i) => paid.ticketIds[i]);
            // Under one key the body is the same (another body under a used key is a 422 by design).
            const headers: Record<string, string> = o.keyed ? { 'Idempotency-Key': `k-${o.tickets.join('')}` } : {};
            return api('POST', `/public/orders/${paid.accessToken}/refund-requests`, { body: { ticketIds }, headers });
          }),
        );
        for (const a of answers) expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
        expect(answers.some((a) => a.status === 201)).toBe(true);
        const accounts = await refundAccounts(paid.orderId);
        expectRefundsAgree(accounts);
        const rows = (
          await env.DB.prepare("select ticket_ids, status, refunded_minor from refund_requests where order_id = ?").bind(paid.orderId).all<{ ticket_ids: string; status: string; refunded_minor: number }>()
        ).results;
        const refunded = rows.filter((r) => r.status === 'refunded');
        expect(rows.every((r) => r.status === 'refunded'), JSON.stringify(rows)).toBe(true);
        const tickets = refunded.flatMap((r) => JSON.parse(r.ticket_ids) as string[]);
        expect(new Set(tickets).size).toBe(tickets.length);
        const expected = tickets.reduce((n, id) => n + quote.find((q) => q.ticketId === id)!.refundMinor, 0);
        expect(accounts.paidOutMinor).toBe(expected);
        expect(accounts.validTickets).toBe(3 - tickets.length);
      }),
      { numRuns: 8 },
    );
  });

  it('decides a request once when the organizer approves and declines it at the same moment', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false });
    for (let i = 0; i < 6; i++) {
      const paid = await paidGaOrder(f.eventId, f.gaTypeId, 1);
      const filed = await api('POST', `/public/orders/${paid.accessToken}/refund-requests`, { body: {} });
      expect(filed.body.status).toBe('open');
      const base = `/orgs/${owner.orgId}/refund-requests/${filed.body.id}`;
      const [approve, decline, approveAgain] = await Promise.all([
        api('POST', `${base}/approve`, { token: owner.token, body: {} }),
        api('POST', `${base}/decline`, { token: owner.token, body: { reason: 'No' } }),
        api('POST', `${base}/approve`, { token: owner.token, body: {} }),
      ]);
      const wins = [approve, decline, approveAgain].filter((r) => r.status === 200);
      expect(wins, JSON.stringify([approve.body, decline.body, approveAgain.body])).toHaveLength(1);
      for (const r of [approve, decline, approveAgain].filter((r) => r.status !== 200)) expect(r.status).toBe(409);
      const accounts = await refundAccounts(paid.orderId);
      expectRefundsAgree(accounts);
      const final = await api('GET', base, { token: owner.token });
      expect(final.body.status).toBe(wins[0]!.body.status);
      expect(accounts.payouts).toBe(final.body.status === 'refunded' ? 1 : 0);
    }
  });
});
