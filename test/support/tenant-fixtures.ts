/**
 * A tenant with one of every kind of record, and the path parameter each id fills. Walking tests
 * (isolation, bad input, RBAC) look ids up here by parameter name: a slice that adds a path
 * parameter adds its fixture here, and every walking test covers its routes.
 */
import { replicated } from './replication';
import { env } from 'cloudflare:test';
import { addMember, api, createApiKey, signup, uniqueEmail, type SignedUp } from './api';
import { orderReaches, pressPaymentButton } from './checkout';
import { API_KEY_SCOPES } from '../../src/platform/rbac';
import { newId } from '../../src/platform/ids';
import { createDb } from '../../src/db/client';
import { runPumps } from '../../src/queues/pump';
import { postFixtureSale } from './ledger';
import { createEndpoint, deliveryStatus, receiverUrl } from './webhooks';
import { solidPng, toBase64 } from './images';
import { ticketUrl } from '../../src/domains/tickets/ticket-link';

export type Tenant = {
  owner: SignedUp;
  /** Values for every path parameter, keyed by parameter name. */
  ids: Record<string, string>;
  /** Strings that belong to this tenant only: they must never appear in another tenant's responses. */
  secrets: string[];
  /** An API key with every grantable scope. */
  apiKey: string;
  /** The token of a scanner device bound to the fixture event (pinned to the fixture gate). */
  deviceToken: string;
};

/** A platform operator: there is deliberately no API that grants the flag, so it is set in D1 as an operator would. */
export async function platformUser(flag: 'is_platform_admin' | 'is_platform_staff'): Promise<SignedUp> {
  const user = await signup({ organizationName: 'Platform Ops' });
  await env.DB.prepare(`update users set ${flag} = 1 where id = ?`).bind(user.userId).run();
  return user;
}

/** Operations only a scanner device may call: their `security` names the `device` scheme. */
export function isDeviceOperation(o: { op: Record<string, any> }): boolean {
  return ((o.op.security ?? []) as Record<string, unknown>[]).some((scheme) => 'device' in scheme);
}

/**
 * The token a walking test uses for an operation: device routes take the tenant's device, platform routes need
 * an operator, the rest the tenant's owner.
 */
export function tokenFor(o: { route: string; op: Record<string, any> }, tenant: Tenant, operator?: SignedUp): string {
  if (isDeviceOperation(o)) return tenant.deviceToken;
  if (o.route.startsWith('/platform/')) {
    if (!operator) throw new Error(`${o.route} needs a platform operator`);
    return operator.token;
  }
  return tenant.owner.token;
}

export async function buildTenant(label: string): Promise<Tenant> {
  const marker = `${label}-${Math.random().toString(36).slice(2, 10)}`;
  const owner = await signup({ organizationName: `Org ${marker}`, name: `Owner ${marker}` });
  const member = await addMember(owner, 'viewer', uniqueEmail(`member-${label}`));
  const invitedEmail = uniqueEmail(`invited-${label}`);
  const invitation = await api('POST', `/orgs/${owner.orgId}/invitations`, { token: owner.token, body: { email: invitedEmail, role: 'staff' } });
  if (invitation.status !== 201) throw new Error(`fixture invitation: ${invitation.status}`);
  const key = await createApiKey(owner, [...API_KEY_SCOPES], `key ${marker}`);
  // Early, so its test delivery reaches the receiver while the rest is built; awaited before returning.
  const webhook = await fixtureWebhook(owner, marker);
  const venue = await created(owner, `/orgs/${owner.orgId}/venues`, {
    name: `Venue ${marker}`,
    address: { line1: '1 Fixture Street', city: 'Cape Town', country: 'ZA' },
    timezone: 'Africa/Johannesburg',
    capacity: 500,
  });
  const gate = await created(owner, `/orgs/${owner.orgId}/venues/${venue.id}/gates`, { name: `Gate ${marker}` });
  const layout = await created(owner, `/orgs/${owner.orgId}/venues/${venue.id}/layouts`, tinyLayout(`Layout ${marker}`));
  const event = await onSaleFixtureEvent(owner, venue.id, layout.id, marker);
  // Requested early: the exports queue runs it (and the webhook announcing it goes out) while the rest is
  // built; settled before returning.
  const exportJob = await requestFixtureExport(owner, event.eventId);
  const pricing = await pricingFixtures(owner, event.eventId, marker);
  const accountId = await postFixtureSale(owner.orgId, event.eventId, `Fixture sale ${marker}`);
  const order = await paidFixtureOrder(event.eventId, event.gaTypeId, marker);
  // A buyer's refund request (the event's policy is `none`, so it waits for the organizer), on an order of its own.
  const refundRequest = await fixtureRefundRequest(event.eventId, event.gaTypeId, marker);
  const ticketToken = await transferredFixtureTicket(event.eventId, event.gaTypeId, marker);
  const device = await created(owner, `/orgs/${owner.orgId}/devices`, { name: `Device ${marker}`, eventIds: [event.eventId], gateId: gate.id });
  const deviceToken = (device as { token?: string }).token!;
  const session = await api('POST', '/device/scan-sessions', { token: deviceToken, body: { eventId: event.eventId, operatorName: `Operator ${marker}` } });
  if (session.status !== 201) throw new Error(`fixture scan session: ${session.status} ${JSON.stringify(session.body)}`);
  await fixtureDeliveryDone(webhook.deliveryId);
  await fixtureExportDone(owner.orgId, exportJob.id);
  const mailboxMessageId = await fixtureMailboxMessage(owner.orgId);
  // Due only in the week's last hour (Sunday 23:00 local): the suite's hourly cron runs mail no fixture reports.
  const schedule = await created(owner, `/orgs/${owner.orgId}/report-schedules`, { kind: 'settlement', eventIds: [event.eventId], frequency: 'weekly', weekday: 7, hour: 23 });
  const funnel = await created(owner, `/orgs/${owner.orgId}/funnels`, { name: `Funnel ${marker}`, eventId: event.eventId, steps: ['page_view', 'hold_made', 'order_completed'], filters: { channel: 'storefront' } });
  const deadLetterId = await fixtureDeadLetter(marker);
  const logo = await api('PUT', `/orgs/${owner.orgId}/branding/logo`, { token: owner.token, body: { data: toBase64(await solidPng(32, 32, [Math.floor(Math.random() * 256), 110, 79])) } });
  if (logo.status !== 200) throw new Error(`fixture logo: ${logo.status} ${JSON.stringify(logo.body)}`);
  const waitlistEntry = await fixtureWaitlistEntry(owner.orgId, event.eventId, marker);
  // Every fact in the Postgres copy too, so routes that read it (reports, archived orders) see A's records.
  await replicated(owner.orgId);
  return {
    owner,
    ids: {
      orgId: owner.orgId,
      membershipId: member.membershipId,
      invitationId: invitation.body.id,
      apiKeyId: key.id,
      venueId: venue.id,
      gateId: gate.id,
      layoutId: layout.id,
      eventId: event.eventId,
      ticketTypeId: event.ticketTypeId,
      holdId: event.holdId,
      couponId: pricing.couponId,
      pricingRuleId: pricing.pricingRuleId,
      accountId,
      orderId: order.orderId,
      ticketId: order.ticketId,
      accessToken: order.accessToken,
      ticketToken,
      provider: 'test',
      deviceId: device.id,
      sessionId: session.body.id,
      webhookId: webhook.id,
      deliveryId: webhook.deliveryId,
      messageId: mailboxMessageId.id,
      filename: mailboxMessageId.filename,
      template: 'order_confirmation',
      locale: 'af',
      deadLetterId,
      exportId: exportJob.id,
      scheduleId: schedule.id,
      funnelId: funnel.id,
      logoFile: String(logo.body.logo.url).split('/').pop()!,
      requestId: refundRequest.id,
      entryId: waitlistEntry.id,
    },
    secrets: [marker, owner.email, member.email, invitedEmail, key.prefix, pricing.couponCode, order.buyerEmail, refundRequest.buyerEmail, deviceToken, webhook.secret, waitlistEntry.email],
    apiKey: key.secret,
    deviceToken,
  };
}

/** A two-seat layout with a small standing area: the least a layout can be while still having both kinds. */
export function tinyLayout(name = 'Tiny hall') {
  return {
    name,
    focal: { x: 0, y: 0 },
    categories: [{ key: 'a', name: 'Stalls', color: '#c0392b' }],
    sections: [{ key: 'A', name: 'Stalls', rows: [{ label: '1', seats: [{ label: '1', x: -50, y: 100, category: 'a' }, { label: '2', x: 50, y: 100, category: 'a' }] }] }],
    gaAreas: [{ key: 'Floor', name: 'Floor', capacity: 10 }],
  };
}

/** An event on the tiny layout, on sale, with a seated and a GA ticket type and one buyer's hold. */
async function onSaleFixtureEvent(owner: SignedUp, venueId: string, layoutId: string, marker: string) {
  const base = `/orgs/${owner.orgId}/events`;
  const event = await created(owner, base, {
    name: `Event ${marker}`,
    venueId,
    layoutId,
    startsAt: '2030-06-01T18:00:00Z',
    endsAt: '2030-06-01T22:00:00Z',
  });
  const seated = await created(owner, `${base}/${event.id}/ticket-types`, { name: 'Stalls', kind: 'seated', categories: ['a'], priceMinor: 15000 });
  const floor = await created(owner, `${base}/${event.id}/ticket-types`, { name: 'Floor', kind: 'ga', gaAreaKey: 'Floor', priceMinor: 9000 });
  for (const status of ['published', 'on_sale']) {
    const res = await api('POST', `${base}/${event.id}/status`, { token: owner.token, body: { status } });
    if (res.status !== 200) throw new Error(`fixture event ${status}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const hold = await api('POST', `/public/events/${event.id}/holds`, { body: { ticketTypeId: seated.id, seats: ['A:1:1'] } });
  if (hold.status !== 201) throw new Error(`fixture hold: ${hold.status} ${JSON.stringify(hold.body)}`);
  return { eventId: event.id, ticketTypeId: seated.id, gaTypeId: floor.id, holdId: hold.body.id as string };
}

/** A paid order (one GA place, bought through the test provider), and the buyer's order-link token. */
async function paidFixtureOrder(eventId: string, gaTypeId: string, marker: string) {
  const hold = await api('POST', `/public/events/${eventId}/holds`, { body: { ticketTypeId: gaTypeId, quantity: 1 } });
  if (hold.status !== 201) throw new Error(`fixture order hold: ${hold.status} ${JSON.stringify(hold.body)}`);
  const started = await api('POST', `/public/events/${eventId}/checkout`, { body: { holds: [hold.body.id], buyer: { name: `Buyer ${marker}`, email: uniqueEmail(`buyer-${marker}`) } } });
  if (started.status !== 201) throw new Error(`fixture checkout: ${started.status} ${JSON.stringify(started.body)}`);
  await pressPaymentButton(started.body.payment.redirectUrl, 'pay');
  const paid = await orderReaches(started.body.accessToken, 'paid');
  return {
    orderId: started.body.order.id as string,
    accessToken: started.body.accessToken as string,
    buyerEmail: started.body.order.buyerEmail as string,
    ticketId: paid.tickets[0].id as string,
  };
}

async function fixtureRefundRequest(eventId: string, gaTypeId: string, marker: string) {
  const order = await paidFixtureOrder(eventId, gaTypeId, `${marker}-refund`);
  const res = await api('POST', `/public/orders/${order.accessToken}/refund-requests`, { body: { reason: `Fixture ${marker}` } });
  if (res.status !== 201) throw new Error(`fixture refund request: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, buyerEmail: order.buyerEmail };
}

/** A ticket of a second order transferred to someone, and the recipient's ticket-link token (docs/buyers.md). */
async function transferredFixtureTicket(eventId: string, gaTypeId: string, marker: string) {
  const other = await paidFixtureOrder(eventId, gaTypeId, `${marker}-gift`);
  const res = await api('POST', `/public/orders/${other.accessToken}/tickets/${other.ticketId}/transfer`, { body: { name: `Recipient ${marker}`, email: uniqueEmail(`recipient-${marker}`) } });
  if (res.status !== 201) throw new Error(`fixture transfer: ${res.status} ${JSON.stringify(res.body)}`);
  const row = await env.DB.prepare('select id, link_sealed as linkSealed from ticket_transfers where ticket_id = ?').bind(other.ticketId).first<{ id: string; linkSealed: string }>();
  return (await ticketUrl(env, row!)).split('/tickets/')[1]!;
}

/** A coupon for the fixture event and an inactive pricing rule (so it never changes a price other tests expect). */
async function pricingFixtures(owner: SignedUp, eventId: string, marker: string) {
  const couponCode = `FX-${marker}`.toUpperCase().replace(/[^A-Z0-9-]/g, '-').slice(0, 32);
  const coupon = await created(owner, `/orgs/${owner.orgId}/coupons`, { code: couponCode, kind: 'percent', percentBps: 1000, eventId });
  const rule = await created(owner, `/orgs/${owner.orgId}/events/${eventId}/pricing-rules`, {
    kind: 'quantity_tier',
    name: `Rule ${marker}`,
    minQuantity: 2,
    unitPriceMinor: 8000,
    active: false,
  });
  return { couponId: coupon.id, pricingRuleId: rule.id, couponCode };
}

async function created(owner: SignedUp, path: string, body: unknown): Promise<{ id: string }> {
  const res = await api('POST', path, { token: owner.token, body });
  if (res.status !== 201) throw new Error(`fixture ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Fields in request bodies that carry ids; isolation swaps in the other tenant's. */
export const BODY_ID_FIELDS: Record<string, string> = { organizationId: 'orgId', eventId: 'eventId' };

/** A message as the dev mailbox stores one, with a small attachment in R2 (the real pipeline is tested in test/queues). */
async function fixtureMailboxMessage(orgId: string): Promise<{ id: string; filename: string }> {
  const id = newId('mbx');
  const filename = 'event.ics';
  const key = `mailbox/${orgId}/fixture-${id}/0-${filename}`;
  await env.FILES.put(key, 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', { httpMetadata: { contentType: 'text/calendar' } });
  await env.DB.prepare('insert into mailbox_messages (id, organization_id, notification_id, recipient, subject, text, html, attachments, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .bind(id, orgId, `fixture-${id}`, 'fixture@example.com', 'Fixture', 'Fixture', '<p>Fixture</p>', JSON.stringify([{ filename, contentType: 'text/calendar', size: 30, key }]), Date.now())
    .run();
  return { id, filename };
}

/**
 * Waits until the organization's queued emails, and the platform's own (sign-up verification links, which belong to
 * no organization), have gone out, so no background write lands during a test that counts rows.
 */
export async function mailQuiet(orgId: string, ms = FIXTURE_SETTLE_MS) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const queued = await env.DB.prepare("select count(*) as n from notification_outbox where (organization_id = ? or organization_id is null) and status = 'queued'").bind(orgId).first<{ n: number }>();
    if (queued!.n === 0) return;
    // Pump as the minute cron does: another file's rows may have filled the batch the last request's pump took.
    await runPumps(env, createDb(env.DB));
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mail for ${orgId} never went out`);
}

/** A dead letter as the dead-letter consumer stores one (operators' routes need one to act on). */
/** A waiting-list entry (the fixture event is not sold out, so the public join would refuse: written as the join writes it). */
async function fixtureWaitlistEntry(orgId: string, eventId: string, marker: string) {
  const id = `wle_${marker.replace(/[^a-z0-9]/g, '')}`;
  const email = uniqueEmail(`waitlist-${marker}`);
  const now = Date.now();
  await env.DB.prepare(
    "insert into waitlist_entries (id, organization_id, event_id, ticket_type_id, email, name, quantity, locale, position, status, offers, created_at, updated_at) values (?, ?, ?, null, ?, ?, 1, 'en', 1, 'waiting', 0, ?, ?)",
  )
    .bind(id, orgId, eventId, email, `Waiter ${marker}`, now, now)
    .run();
  return { id, email };
}

async function fixtureDeadLetter(marker: string): Promise<string> {
  const id = newId('dlq');
  await env.DB.prepare('insert into dead_letters (id, queue, message_id, body, attempts, received_at) values (?, ?, ?, ?, 1, ?)')
    .bind(id, 'voelgoed-analytics', `fixture-${marker}-${id}`, JSON.stringify({ kind: 'occupancy', marker }), Date.now())
    .run();
  return id;
}

/**
 * A webhook endpoint on the test receiver (answers 200) with one delivered test event. It subscribes to
 * `export.completed` only, so nothing the walkers do adds deliveries to its log: the fixture export's
 * completion is its one other delivery, settled (fixtureExportDone) before the walkers look.
 */
async function fixtureWebhook(owner: SignedUp, marker: string) {
  const endpoint = await createEndpoint(owner, { url: `${receiverUrl()}/ok/fixture-${marker}`, eventTypes: ['export.completed'], description: `Fixture ${marker}` });
  const test = await api('POST', `/orgs/${owner.orgId}/webhooks/${endpoint.id}/test`, { token: owner.token });
  if (test.status !== 202) throw new Error(`fixture webhook test: ${test.status} ${JSON.stringify(test.body)}`);
  return { id: endpoint.id, secret: endpoint.secret, deliveryId: test.body.id as string };
}

/** Settled before the walkers look: a delivery still in flight would change the delivery log under them. */
async function fixtureDeliveryDone(deliveryId: string) {
  const until = Date.now() + FIXTURE_SETTLE_MS;
  while (Date.now() < until) {
    if ((await deliveryStatus(deliveryId)) === 'succeeded') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fixture: webhook delivery ${deliveryId} never succeeded (${await deliveryStatus(deliveryId)})`);
}

/** A check-ins export of the fixture event, requested through the API (no scans, ever: its file is the header alone). */
async function requestFixtureExport(owner: SignedUp, eventId: string): Promise<{ id: string }> {
  const res = await api('POST', `/orgs/${owner.orgId}/exports`, { token: owner.token, body: { kind: 'check_ins', eventId } });
  if (res.status !== 202) throw new Error(`fixture export: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Settled before the walkers look: the export completed in the exports queue, the `export.completed`
 * webhook event it wrote fanned out and delivered, and every email of the tenant (the fixture order's
 * confirmation) delivered to the mailbox (the pump runs here, not in the middle of a walker).
 */
/**
 * How long a fixture waits for the queues' background work. Test files share the local queues: while another file
 * streams a 100,000-row export or sends a burst of mail, a fixture's export and emails wait their turn.
 */
export const FIXTURE_SETTLE_MS = 90_000;

async function fixtureExportDone(orgId: string, exportId: string) {
  const until = Date.now() + FIXTURE_SETTLE_MS;
  const status = async () => (await env.DB.prepare('select status, error from export_jobs where id = ?').bind(exportId).first<{ status: string; error: string | null }>())!;
  while ((await status()).status !== 'completed') {
    if (Date.now() > until) throw new Error(`fixture: export ${exportId} never completed (${JSON.stringify(await status())})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const unsettled = async () =>
    (await env.DB.prepare(
      `select (select count(*) from webhook_events where organization_id = ?1 and fanned_out_at is null)
            + (select count(*) from webhook_deliveries where organization_id = ?1 and status <> 'succeeded')
            + (select count(*) from notification_outbox where organization_id = ?1 and status = 'queued') as n`,
    )
      .bind(orgId)
      .first<{ n: number }>())!.n;
  while ((await unsettled()) > 0) {
    if (Date.now() > until) throw new Error(`fixture: the export's webhook delivery or the tenant's emails never settled`);
    await runPumps(env, createDb(env.DB));
    await new Promise((r) => setTimeout(r, 50));
  }
}
