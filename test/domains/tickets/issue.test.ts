/** Issuing tickets: one per order line however often completion runs, signed tokens, re-issue revokes by version. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { writeBatch } from '../../../src/db/client';
import { buildTicketRows, reissueTicketWrites, ticketValidity, type TicketLine, type TicketRow } from '../../../src/domains/tickets/issue';
import { eventPublicKeys, rotateEventKey } from '../../../src/domains/tickets/keys';
import { verifyTicketToken } from '../../../src/domains/tickets/token';
import { ConflictError, NotFoundError } from '../../../src/platform/errors';
import { newId } from '../../../src/platform/ids';
import { signup } from '../../support/api';
import { draftEvent } from '../../support/events';
import { bareEvent, count, insertOrder, keyContext } from './fixtures';

const ctx = keyContext();

async function ticketsOf(orderId: string): Promise<TicketRow[]> {
  return ctx.db.query.tickets.findMany({ where: (t, { eq }) => eq(t.orderId, orderId), orderBy: (t, { asc }) => asc(t.orderLineId) });
}

function lines(ticketTypeId: string, n: number, seated = false): TicketLine[] {
  return Array.from({ length: n }, (_, i) => ({
    orderLineId: `oln_${String(i).padStart(2, '0')}_${newId('x').slice(2)}`,
    ticketTypeId,
    seatId: seated ? `A:1:${i + 1}` : null,
    attendeeName: i === 0 ? 'Anna Attendee' : null,
  }));
}

describe('issuing tickets', () => {
  it('issues one signed ticket per line for a real event, and a repeated completion inserts nothing more', async () => {
    const owner = await signup();
    const event = await draftEvent(owner);
    const orderId = await insertOrder(owner.orgId, event.eventId);
    const eventRow = (await ctx.db.query.events.findFirst({ where: (e, { eq }) => eq(e.id, event.eventId) }))!;
    const validity = ticketValidity(eventRow);
    const input = {
      organizationId: owner.orgId,
      eventId: event.eventId,
      orderId,
      lines: [...lines(event.seatedTypeId!, 2, true), ...lines(event.gaTypeId, 1)],
      validity,
    };

    const first = await buildTicketRows(ctx, input);
    expect(first.tickets).toHaveLength(3);
    expect(first.writes).toHaveLength(3);
    await writeBatch(ctx.db, first.writes);
    const stored = await ticketsOf(orderId);
    expect(stored.map((t) => t.id).sort()).toEqual(first.tickets.map((t) => t.id).sort());
    for (const t of stored) {
      expect(t.id).toMatch(/^tkt_[0-9a-z]{26}$/);
      expect(t).toMatchObject({ organizationId: owner.orgId, eventId: event.eventId, status: 'valid', secretVersion: 1, cancelledAt: null });
    }

    // Every token verifies offline with the event's public keys and says what the row says.
    const keys = await eventPublicKeys(ctx.db, owner.orgId, event.eventId);
    expect(keys.map((k) => k.version)).toEqual([1]);
    for (const t of stored) {
      const result = await verifyTicketToken(t.qrToken, keys, { eventId: event.eventId, now: eventRow.startsAt });
      expect(result).toEqual({
        ok: true,
        claims: { ticketId: t.id, eventId: event.eventId, ticketTypeId: t.ticketTypeId, seatId: t.seatId, secretVersion: 1, keyVersion: 1, ...validity },
      });
    }

    // The same completion again (a duplicate webhook): new ids and tokens are built, but none is inserted.
    const again = await buildTicketRows(ctx, input);
    expect(again.tickets.map((t) => t.id)).not.toEqual(first.tickets.map((t) => t.id));
    await writeBatch(ctx.db, again.writes);
    expect(await ticketsOf(orderId)).toEqual(stored);
    expect(await count('select count(*) as n from tickets where order_id = ?', orderId)).toBe(3);
  });

  it('two completions racing still issue each line once', async () => {
    const { orgId, eventId, startsAt, endsAt } = await bareEvent();
    const orderId = await insertOrder(orgId, eventId);
    const input = { organizationId: orgId, eventId, orderId, lines: lines(newId('tty'), 5), validity: ticketValidity({ startsAt, endsAt }) };
    const built = await Promise.all([buildTicketRows(keyContext(), input), buildTicketRows(keyContext(), input), buildTicketRows(keyContext(), input)]);
    await Promise.all(built.map((b) => writeBatch(ctx.db, b.writes)));
    const stored = await ticketsOf(orderId);
    expect(stored).toHaveLength(5);
    expect(new Set(stored.map((t) => t.orderLineId)).size).toBe(5);
    expect(await count('select count(*) as n from event_keys where event_id = ?', eventId)).toBe(1);
  });

  it('no lines, no writes; another organization cannot issue for the event', async () => {
    const { orgId, eventId, startsAt, endsAt } = await bareEvent();
    const other = await bareEvent();
    const validity = ticketValidity({ startsAt, endsAt });
    expect(await buildTicketRows(ctx, { organizationId: orgId, eventId, orderId: 'ord_x', lines: [], validity })).toEqual({ tickets: [], writes: [] });
    await expect(buildTicketRows(ctx, { organizationId: other.orgId, eventId, orderId: 'ord_x', lines: lines(newId('tty'), 1), validity })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('the validity window runs from doors (or the start) − 6 h to the end + 6 h', () => {
    const startsAt = new Date('2027-03-14T18:00:00Z');
    const endsAt = new Date('2027-03-14T22:30:00Z');
    const doorsAt = new Date('2027-03-14T16:30:00Z');
    const s = (iso: string) => Date.parse(iso) / 1000;
    expect(ticketValidity({ startsAt, endsAt })).toEqual({ notBefore: s('2027-03-14T12:00:00Z'), notAfter: s('2027-03-15T04:30:00Z') });
    expect(ticketValidity({ startsAt, endsAt, doorsAt })).toEqual({ notBefore: s('2027-03-14T10:30:00Z'), notAfter: s('2027-03-15T04:30:00Z') });
  });

  describe('re-issue', () => {
    async function issuedTicket() {
      const { orgId, eventId, startsAt, endsAt } = await bareEvent();
      const orderId = await insertOrder(orgId, eventId);
      const validity = ticketValidity({ startsAt, endsAt });
      const built = await buildTicketRows(ctx, { organizationId: orgId, eventId, orderId, lines: lines(newId('tty'), 1, true), validity });
      await writeBatch(ctx.db, built.writes);
      const [ticket] = await ticketsOf(orderId);
      return { orgId, eventId, startsAt, validity, ticket: ticket! };
    }

    it('bumps the secret version and signs a new token; the old token is still genuine but carries the old version', async () => {
      const { orgId, eventId, startsAt, validity, ticket } = await issuedTicket();
      const { ticket: next, writes } = await reissueTicketWrites(ctx, ticket);
      const [before] = await ticketsOf(ticket.orderId);
      await writeBatch(ctx.db, writes);
      const [row] = await ticketsOf(ticket.orderId);
      // Scanners learn of it: the ticket takes its event's next change number (migrations/0007).
      expect(row).toEqual({ ...next, changeSeq: before!.changeSeq + 1 });
      expect(row!.secretVersion).toBe(2);
      expect(row!.qrToken).not.toBe(ticket.qrToken);

      const keys = await eventPublicKeys(ctx.db, orgId, eventId);
      const fresh = await verifyTicketToken(row!.qrToken, keys, { eventId, now: startsAt });
      const stale = await verifyTicketToken(ticket.qrToken, keys, { eventId, now: startsAt });
      expect(fresh).toMatchObject({ ok: true, claims: { ticketId: ticket.id, secretVersion: 2, ...validity } });
      expect(stale).toMatchObject({ ok: true, claims: { ticketId: ticket.id, secretVersion: 1 } });
      // what the scanner manifest does with it: only the ticket's current secret version admits
      const current = new Map([[row!.id, row!.secretVersion]]);
      expect(fresh.ok && current.get(fresh.claims.ticketId) === fresh.claims.secretVersion).toBe(true);
      expect(stale.ok && current.get(stale.claims.ticketId) === stale.claims.secretVersion).toBe(false);
    });

    it('a stale re-issue (built from an old read) changes nothing', async () => {
      const { ticket } = await issuedTicket();
      const a = await reissueTicketWrites(ctx, ticket);
      const b = await reissueTicketWrites(ctx, ticket);
      await writeBatch(ctx.db, a.writes);
      await writeBatch(ctx.db, b.writes);
      const [row] = await ticketsOf(ticket.orderId);
      expect(row!.secretVersion).toBe(2);
      expect(row!.qrToken).toBe(a.ticket.qrToken);
    });

    it('after a key rotation, re-issued tokens are signed by the new key and old ones still verify', async () => {
      const { orgId, eventId, startsAt, ticket } = await issuedTicket();
      await rotateEventKey(ctx, orgId, eventId);
      const { ticket: next, writes } = await reissueTicketWrites(ctx, ticket);
      await writeBatch(ctx.db, writes);
      const keys = await eventPublicKeys(ctx.db, orgId, eventId);
      expect(await verifyTicketToken(next.qrToken, keys, { eventId, now: startsAt })).toMatchObject({ ok: true, claims: { keyVersion: 2, secretVersion: 2 } });
      expect(await verifyTicketToken(ticket.qrToken, keys, { eventId, now: startsAt })).toMatchObject({ ok: true, claims: { keyVersion: 1, secretVersion: 1 } });
    });

    it('refuses a cancelled ticket', async () => {
      const { ticket } = await issuedTicket();
      await expect(reissueTicketWrites(ctx, { ...ticket, status: 'cancelled', cancelledAt: new Date() })).rejects.toBeInstanceOf(ConflictError);
    });
  });
});

// The binding the tests run with is the one vitest.config.ts sets.
it('runs with the test TICKET_KEY_SECRET', () => {
  expect(env.TICKET_KEY_SECRET.length).toBeGreaterThanOrEqual(32);
});
