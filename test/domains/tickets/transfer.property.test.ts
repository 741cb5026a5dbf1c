/**
 * Transfers racing each other and the organizer's re-issue of the same ticket. Every operation reads the ticket
 * first, then all of them are held at their D1 batch (a barrier) and let go in an order fast-check picks: the worst
 * interleaving, every time. Exactly one of several concurrent transfers wins (at most one against re-issues), every loser is a clean 409 that wrote
 * nothing (no transfer row, no email), the secret version rose once per winner, and the winner holds the ticket.
 */
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client';
import { reissueTicket } from '../../../src/domains/orders/reissue';
import { loadOrder } from '../../../src/domains/orders/views';
import { transferTicket } from '../../../src/domains/tickets/transfer';
import { readTicketTokenUnverified } from '../../../src/domains/tickets/token';
import type { TenantContext } from '../../../src/platform/context';
import { AppError } from '../../../src/platform/errors';
import { db, paidTickets } from './transfer-fixtures';

/** The database, except that batches wait until `n` have arrived, then commit one at a time in `order`. */
function barrier(n: number, order: readonly number[]): Database {
  const gates: { open: () => void; done: Promise<unknown> }[] = [];
  let arrived = 0;
  const releaseAll = async () => {
    for (const i of order) {
      gates[i]!.open();
      await gates[i]!.done.catch(() => undefined);
    }
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch') {
        return (writes: Parameters<Database['batch']>[0]) => {
          const mine = arrived++;
          let open!: () => void;
          const opened = new Promise<void>((resolve) => (open = resolve));
          const done = opened.then(() => target.batch(writes));
          gates[mine] = { open, done };
          if (arrived === n) void releaseAll();
          return done;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const scenario = fc
  .array(fc.constantFrom('transfer' as const, 'transfer' as const, 'reissue' as const), { minLength: 2, maxLength: 5 })
  .chain((kinds) => fc.tuple(fc.constant(kinds), fc.shuffledSubarray([...kinds.keys()], { minLength: kinds.length, maxLength: kinds.length })));

describe('concurrent transfers of one ticket', () => {
  it('exactly one wins; the rest are 409s that wrote nothing', async () => {
    const first = await paidTickets(8);
    const second = await paidTickets(8, { owner: first.owner, f: first.f });
    const { owner } = first;
    const slots = [first, second].flatMap((o) => o.tickets.map((t) => ({ orderId: o.orderId, ticketId: t.id })));
    let next = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ([kinds, order]) => {
        const { orderId, ticketId } = slots[next++]!;
        const ctx: TenantContext = {
          env,
          db: barrier(kinds.length, order),
          requestId: 'req_property',
          ip: null,
          userAgent: null,
          organizationId: owner.orgId,
          actor: { type: 'system', id: 'system', userId: null, organizationId: owner.orgId, role: null, isPlatformAdmin: false, isPlatformStaff: false },
        };
        const buyerOrder = await loadOrder(db, owner.orgId, orderId);
        const results = await Promise.allSettled(
          kinds.map(async (kind, i) => {
            if (kind === 'reissue') return { kind, name: null, out: await reissueTicket({ ctx, orderId, ticketId, reason: 'race' }) };
            const name = `Recipient ${i}`;
            return { kind, name, out: await transferTicket({ ctx, holder: { kind: 'buyer', order: buyerOrder }, ticketId, input: { name, email: `r${i}.${ticketId}@example.com` } }) };
          }),
        );
        for (const r of results) {
          if (r.status === 'rejected') {
            expect(r.reason).toBeInstanceOf(AppError);
            expect((r.reason as AppError).status).toBe(409);
            expect((r.reason as AppError).code).toBe('ticket_changed');
          }
        }
        const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const transfersWon = won.filter((w) => w.kind === 'transfer');
        // Everyone read version 1. At most one transfer commits; with only transfers racing, exactly one. (A re-issue
        // committed after another op's re-key finds the same version-2 token, Ed25519 being deterministic, and says ok.)
        expect(transfersWon.length).toBeLessThanOrEqual(1);
        if (kinds.every((k) => k === 'transfer')) expect(won).toHaveLength(1);

        const ticket = (await env.DB.prepare('select secret_version as v, qr_token as token, attendee_name as name from tickets where id = ?').bind(ticketId).first<{ v: number; token: string; name: string | null }>())!;
        expect(ticket.v).toBe(2);
        expect(readTicketTokenUnverified(ticket.token)!.secretVersion).toBe(2);
        const rows = await env.DB.prepare('select recipient_name as name, to_secret_version as v from ticket_transfers where ticket_id = ?').bind(ticketId).all<{ name: string; v: number }>();
        expect(rows.results).toEqual(transfersWon.map((w) => ({ name: w.name, v: 2 })));
        if (transfersWon.length) expect(ticket.name).toBe(transfersWon[0]!.name);
        const mails = await env.DB.prepare("select count(*) as n from notification_outbox where template = 'ticket_transferred' and recipient like ?").bind(`%.${ticketId}@example.com`).first<{ n: number }>();
        expect(mails!.n).toBe(transfersWon.length);
      }),
      { numRuns: 16 },
    );
  });
});
