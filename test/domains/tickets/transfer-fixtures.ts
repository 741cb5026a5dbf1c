/** Helpers for the ticket-transfer tests: a paid order at an event today, transfers from either link, the recipient's link. */
import { env } from 'cloudflare:test';
import { and, desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { createDb } from '../../../src/db/client';
import { notificationOutbox } from '../../../src/db/schema/notifications';
import { composeEmail } from '../../../src/domains/notifications/compose';
import { OfflineScanner, type ManifestPage } from '../../../src/shared/offline-scanner';
import { api, uniqueEmail, type SignedUp } from '../../support/api';
import { buyTickets, deviceScan, eventToday, manifest, registerDevice } from '../../support/scanning';

export const db = createDb(env.DB);

export async function paidTickets(n = 2, opts: { owner?: SignedUp; f?: { eventId: string; gaTypeId: string } } = {}) {
  const { owner, f } = opts.owner && opts.f ? { owner: opts.owner, f: opts.f } : await eventToday(opts);
  const order = await buyTickets(f.eventId, f.gaTypeId, n);
  return { owner, f, ...order };
}

export const recipient = (label = 'friend') => ({ name: 'Pieter Botha', email: uniqueEmail(label), phone: '+27 82 123 4567' });

export const transferFromOrder = (accessToken: string, ticketId: string, body: Record<string, unknown>, key = crypto.randomUUID()) =>
  api('POST', `/public/orders/${accessToken}/tickets/${ticketId}/transfer`, { body, headers: { 'Idempotency-Key': key } });

export const transferFromLink = (ticketToken: string, body: Record<string, unknown>, key = crypto.randomUUID()) =>
  api('POST', `/public/tickets/${ticketToken}/transfer`, { body, headers: { 'Idempotency-Key': key } });

/** The recipient's email, composed as it will be sent, and the ticket-link token it carries. */
export async function recipientMail(email: string) {
  const [row] = await db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.recipient, email), eq(notificationOutbox.template, 'ticket_transferred')))
    .orderBy(desc(notificationOutbox.createdAt))
    .limit(1);
  expect(row, `a ticket_transferred email to ${email}`).toBeDefined();
  const mail = await composeEmail(db, env, row!);
  const m = /\/tickets\/([A-Za-z0-9_-]{43})/.exec(mail.text);
  expect(m, mail.text).not.toBeNull();
  // A working link (platform links are not defused like organization text), in the HTML part too.
  expect(mail.text).toContain(`${env.APP_URL}/tickets/${m![1]}`);
  expect(mail.html).toContain(`href="${env.APP_URL}/tickets/${m![1]}"`);
  return { mail, ticketToken: m![1]!, row: row! };
}

export async function onlineScan(owner: SignedUp, eventId: string, token: string) {
  const phone = await registerDevice(owner, [eventId]);
  const res = await deviceScan(phone.token, { token, eventId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result as string;
}

/** A scanner synced in full from its manifest (pages applied in order), then working offline. */
export async function syncedScanner(deviceToken: string, eventId: string, scanner = new OfflineScanner({ gateId: null })) {
  let cursor = scanner.cursor;
  do {
    const page = (await manifest(deviceToken, eventId, cursor)).body as ManifestPage;
    scanner.apply(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  } while (cursor);
  return scanner;
}

export const journalCount = async (orgId: string) =>
  (await env.DB.prepare('select (select count(*) from journal_entries where organization_id = ?1) + (select count(*) from journal_lines where organization_id = ?1) as n').bind(orgId).first<{ n: number }>())!.n;
