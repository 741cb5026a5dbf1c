/**
 * Ticket transfer (src/domains/tickets/transfer.ts, docs/buyers.md "Ticket transfer"): the holder names a recipient,
 * the ticket is re-keyed so the old QR is revoked online at once and offline after the next sync, the recipient gets
 * the ticket and a link of their own (never the order), the buyer's page shows whom it went to, and the ledger is
 * untouched.
 */
import { env } from 'cloudflare:test';
import { and, eq } from 'drizzle-orm';
import { notificationOutbox } from '../../../src/db/schema/notifications';
import { composeEmail } from '../../../src/domains/notifications/compose';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../support/pdf-text';
import { api, signup } from '../../support/api';
import { createEndpoint, receiverUrl, uniquePath } from '../../support/webhooks';
import { registerDevice } from '../../support/scanning';
import { db, journalCount, onlineScan, paidTickets, recipient, recipientMail, syncedScanner, transferFromLink, transferFromOrder } from './transfer-fixtures';

describe('transferring a ticket from the order page', () => {
  it('re-keys the ticket: the recipient’s new QR scans valid and the old one revoked, online and offline', async () => {
    const { owner, f, accessToken, tickets } = await paidTickets(2);
    const [mine, theirs] = tickets as [(typeof tickets)[0], (typeof tickets)[0]];
    const phone = await registerDevice(owner, [f.eventId]);
    const scanner = await syncedScanner(phone.token, f.eventId); // synced before the transfer
    await createEndpoint(owner, { url: `${receiverUrl()}${uniquePath('transfer')}`, eventTypes: ['ticket.transferred'] });
    const ledgerBefore = await journalCount(owner.orgId);

    const to = recipient();
    const res = await transferFromOrder(accessToken, theirs.id, to);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ ticketId: theirs.id, transferredTo: { name: to.name, transferredAt: expect.any(String) }, emailed: true });
    expect(JSON.stringify(res.body)).not.toMatch(/VG1\./); // the sender never sees the new QR

    // The recipient's email: their own link and a one-page PDF of just that ticket with the new QR.
    const { mail, ticketToken } = await recipientMail(to.email);
    expect(mail.subject).toContain('sent you a ticket');
    expect(mail.attachments).toHaveLength(1);
    expect((await pdfText(mail.attachments[0]!.content)).join(' ')).toContain(theirs.id);
    const held = await api('GET', `/public/tickets/${ticketToken}`);
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ id: theirs.id, holderName: to.name, status: 'valid', transferredTo: null, transfer: { open: true } });
    const newToken = held.body.qrToken as string;
    expect(newToken).not.toBe(theirs.qrToken);

    // The link opens that ticket only: never the order.
    expect((await api('GET', `/public/orders/${ticketToken}`)).status).toBe(404);
    expect((await api('GET', `/public/tickets/${accessToken}`)).status).toBe(404);
    expect((await api('GET', `/public/tickets/${ticketToken}/ticket.pdf`)).status).toBe(200);

    // The buyer's page: "transferred to", no QR; the other ticket untouched; the order PDF no longer carries it.
    const order = (await api('GET', `/public/orders/${accessToken}`)).body;
    const shown = order.tickets.find((t: { id: string }) => t.id === theirs.id);
    expect(shown).toMatchObject({ status: 'valid', qrToken: null, attendeeName: to.name, transferredTo: { name: to.name } });
    expect(order.tickets.find((t: { id: string }) => t.id === mine.id)).toMatchObject({ qrToken: mine.qrToken, transferredTo: null });

    // Offline: the scanner synced before the transfer learns the new version on its next sync.
    await syncedScanner(phone.token, f.eventId, scanner);
    expect((await scanner.scan(theirs.qrToken)).result).toBe('revoked');
    expect((await scanner.scan(newToken)).result).toBe('valid');

    // Online: the old token is revoked at once, the new one admits.
    expect(await onlineScan(owner, f.eventId, theirs.qrToken)).toBe('revoked');
    expect(await onlineScan(owner, f.eventId, newToken)).toBe('valid');

    // Audited, announced, and no money moved.
    const audit = await env.DB.prepare("select changes from audit_logs where organization_id = ? and action = 'ticket.transferred' and resource_id = ?").bind(owner.orgId, theirs.id).all<{ changes: string }>();
    expect(audit.results).toHaveLength(1);
    expect(JSON.parse(audit.results[0]!.changes)).toMatchObject({ seq: 1, secretVersion: { from: 1, to: 2 }, to: { name: to.name, email: to.email } });
    const hook = await env.DB.prepare("select payload from webhook_events where organization_id = ? and type = 'ticket.transferred'").bind(owner.orgId).first<{ payload: string }>();
    expect(JSON.parse(hook!.payload)).toMatchObject({ ticketId: theirs.id, eventId: f.eventId, secretVersion: 2, transferNumber: 1, holder: { name: to.name, email: to.email } });
    expect(hook!.payload).not.toContain('VG1.');
    expect(await journalCount(owner.orgId)).toBe(ledgerBefore);
  });

  it('leaves the transferred ticket out of the buyer’s PDF and confirmation', async () => {
    const { accessToken, tickets } = await paidTickets(2);
    expect((await transferFromOrder(accessToken, tickets[0]!.id, recipient())).status).toBe(201);
    const pdf = await api('GET', `/public/orders/${accessToken}/tickets.pdf`);
    expect(pdf.status).toBe(200);
    expect((await api('GET', `/public/orders/${accessToken}`)).body.tickets.filter((t: { qrToken: string | null }) => t.qrToken)).toHaveLength(1);
    // With every ticket given away, the buyer has no PDF left.
    expect((await transferFromOrder(accessToken, tickets[1]!.id, recipient())).status).toBe(201);
    expect((await api('GET', `/public/orders/${accessToken}/tickets.pdf`)).status).toBe(404);
  });

  it('sends an organizer re-issue of a transferred ticket to its holder, not the buyer', async () => {
    const { owner, orderId, accessToken, tickets } = await paidTickets(1);
    const to = recipient('holder');
    expect((await transferFromOrder(accessToken, tickets[0]!.id, to)).status).toBe(201);
    const { ticketToken } = await recipientMail(to.email);
    const before = (await api('GET', `/public/tickets/${ticketToken}`)).body.qrToken as string;

    const reissued = await api('POST', `/orgs/${owner.orgId}/orders/${orderId}/tickets/${tickets[0]!.id}/reissue`, { token: owner.token, body: { reason: 'Screenshot posted online' } });
    expect(reissued.status, JSON.stringify(reissued.body)).toBe(200);
    const now = (await api('GET', `/public/tickets/${ticketToken}`)).body.qrToken as string;
    expect(now).not.toBe(before);
    // The holder is told, with their link and the new QR attached; the buyer, who gave it away, is not sent it.
    const mails = await env.DB.prepare('select recipient, template, payload from notification_outbox where organization_id = ? and template in (?, ?) order by created_at')
      .bind(owner.orgId, 'ticket_reissued', 'order_confirmation')
      .all<{ recipient: string; template: string; payload: string }>();
    const reissueMails = mails.results.filter((m) => m.template === 'ticket_reissued' || JSON.parse(m.payload).reissuedTicketId);
    expect(reissueMails.map((m) => [m.recipient, m.template])).toEqual([[to.email, 'ticket_reissued']]);
    const [row] = await db.select().from(notificationOutbox).where(and(eq(notificationOutbox.organizationId, owner.orgId), eq(notificationOutbox.template, 'ticket_reissued')));
    const mail = await composeEmail(db, env, row!);
    expect(mail.subject).toContain('A new QR code');
    expect(mail.text).toContain(`/tickets/${ticketToken}`);
    expect(mail.attachments).toHaveLength(1);
  });

  it('answers a retry with the same Idempotency-Key once, without a second transfer', async () => {
    const { owner, accessToken, tickets } = await paidTickets(1);
    const to = recipient();
    const key = crypto.randomUUID();
    const first = await transferFromOrder(accessToken, tickets[0]!.id, to, key);
    const again = await transferFromOrder(accessToken, tickets[0]!.id, to, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const rows = await env.DB.prepare('select count(*) as n from ticket_transfers where organization_id = ?').bind(owner.orgId).first<{ n: number }>();
    expect(rows!.n).toBe(1);
  });
});

describe('a transferred ticket passed on again', () => {
  it('is re-keyed again from the recipient’s link: only the newest token admits, the earlier links show it passed on', async () => {
    const { owner, f, accessToken, tickets } = await paidTickets(1);
    const original = tickets[0]!;
    const bob = recipient('bob');
    expect((await transferFromOrder(accessToken, original.id, bob)).status).toBe(201);
    const bobLink = (await recipientMail(bob.email)).ticketToken;
    const bobToken = (await api('GET', `/public/tickets/${bobLink}`)).body.qrToken as string;

    // The buyer can't hand it on again: it is Bob's now.
    expect((await transferFromOrder(accessToken, original.id, recipient())).body.code).toBe('ticket_already_transferred');

    const carol = { name: 'Carol Dlamini', email: recipient('carol').email };
    const res = await transferFromLink(bobLink, carol);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { ticketToken: carolLink, mail } = await recipientMail(carol.email);
    expect(mail.text).toContain('Pieter Botha'); // sent by Bob, by name
    const carols = (await api('GET', `/public/tickets/${carolLink}`)).body;
    expect(carols).toMatchObject({ status: 'valid', holderName: carol.name });

    const bobs = (await api('GET', `/public/tickets/${bobLink}`)).body;
    expect(bobs).toMatchObject({ status: 'transferred', qrToken: null, transferredTo: { name: carol.name }, transfer: { open: false } });
    expect((await api('GET', `/public/tickets/${bobLink}/ticket.pdf`)).status).toBe(404);
    expect((await transferFromLink(bobLink, recipient())).body.code).toBe('ticket_already_transferred');
    // The buyer still sees whom they gave it to, not who holds it now.
    const shown = (await api('GET', `/public/orders/${accessToken}`)).body.tickets[0];
    expect(shown).toMatchObject({ qrToken: null, attendeeName: bob.name, transferredTo: { name: bob.name } });

    expect(await onlineScan(owner, f.eventId, original.qrToken)).toBe('revoked');
    expect(await onlineScan(owner, f.eventId, bobToken)).toBe('revoked');
    expect(await onlineScan(owner, f.eventId, carols.qrToken)).toBe('valid');
    const phone = await registerDevice(owner, [f.eventId]);
    const scanner = await syncedScanner(phone.token, f.eventId);
    expect((await scanner.scan(bobToken)).result).toBe('revoked');
    expect((await scanner.scan(original.qrToken)).result).toBe('revoked');
  });
});

describe('what cannot be transferred', () => {
  it('a refunded, or checked-in ticket (409 with a code)', async () => {
    const { owner, f, orderId, accessToken, tickets } = await paidTickets(2);
    const refund = await api('POST', `/orgs/${owner.orgId}/orders/${orderId}/refunds`, { token: owner.token, body: { reason: 'Asked', ticketIds: [tickets[0]!.id] } });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const refused = await transferFromOrder(accessToken, tickets[0]!.id, recipient());
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ticket_cancelled');
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');

    expect(await onlineScan(owner, f.eventId, tickets[1]!.qrToken)).toBe('valid');
    expect((await transferFromOrder(accessToken, tickets[1]!.id, recipient())).body).toMatchObject({ status: 409, code: 'ticket_checked_in' });
  });

  it('a ticket of another order, or another organization’s (404), and a bad recipient (400/422, nothing written)', async () => {
    const a = await paidTickets(1);
    const b = await paidTickets(1);
    expect((await transferFromOrder(a.accessToken, b.tickets[0]!.id, recipient())).status).toBe(404);
    expect((await transferFromOrder('x'.repeat(43), a.tickets[0]!.id, recipient())).status).toBe(404);
    for (const body of [{ name: '', email: 'a@b.co' }, { name: 'A', email: 'not-an-email' }, { name: 'A', email: 'a@b.co', phone: 'call me' }, { name: 'A\u202e', email: 'a@b.co' }, { name: 'A', email: 'a@b.co', extra: 1 }]) {
      const res = await transferFromOrder(a.accessToken, a.tickets[0]!.id, body);
      expect([400, 422], JSON.stringify(res.body)).toContain(res.status);
    }
    const rows = await env.DB.prepare('select count(*) as n from ticket_transfers where ticket_id = ?').bind(a.tickets[0]!.id).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });
});

describe('the organizer’s transfer policy', () => {
  it('defaults to allowed until an hour before doors; can be denied (422) or cut off earlier (409); audited', async () => {
    const { owner, f, accessToken, tickets } = await paidTickets(2);
    const path = `/orgs/${owner.orgId}/events/${f.eventId}/transfer-policy`;
    const initial = await api('GET', path, { token: owner.token });
    expect(initial.body).toMatchObject({ eventId: f.eventId, allowed: true, cutoffMinutes: 60, open: true, updatedAt: null });

    const denied = await api('PUT', path, { token: owner.token, body: { allowed: false, cutoffMinutes: 60 } });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({ allowed: false, open: false });
    expect((await api('GET', `/public/events/${f.eventId}/transfer-policy`)).body).toMatchObject({ allowed: false, open: false });
    const no = await transferFromOrder(accessToken, tickets[0]!.id, recipient());
    expect(no.status).toBe(422);
    expect(no.body.code).toBe('transfers_not_allowed');

    // The event starts in two hours: a three-hour cut-off has passed.
    const early = await api('PUT', path, { token: owner.token, body: { allowed: true, cutoffMinutes: 180 } });
    expect(early.body).toMatchObject({ allowed: true, cutoffMinutes: 180, open: false });
    const late = await transferFromOrder(accessToken, tickets[0]!.id, recipient());
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('transfer_cutoff_passed');

    expect((await api('PUT', path, { token: owner.token, body: { allowed: true, cutoffMinutes: 30 } })).body.open).toBe(true);
    expect((await transferFromOrder(accessToken, tickets[0]!.id, recipient())).status).toBe(201);
    const audit = await env.DB.prepare("select count(*) as n from audit_logs where organization_id = ? and action = 'event.transfer_policy_updated'").bind(owner.orgId).first<{ n: number }>();
    expect(audit!.n).toBe(3);
    expect((await api('PUT', path, { token: owner.token, body: { allowed: true, cutoffMinutes: -1 } })).status).toBe(422);
  });

  it('another organization’s event answers 404', async () => {
    const { f } = await paidTickets(1);
    const stranger = await signup();
    const path = `/orgs/${stranger.orgId}/events/${f.eventId}/transfer-policy`;
    expect((await api('GET', path, { token: stranger.token })).status).toBe(404);
    expect((await api('PUT', path, { token: stranger.token, body: { allowed: false, cutoffMinutes: 0 } })).status).toBe(404);
  });
});
