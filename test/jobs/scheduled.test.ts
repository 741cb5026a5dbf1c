import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { createDb } from '../../src/db/client';
import { newId } from '../../src/platform/ids';
import { runPumps } from '../../src/queues/pump';
import { JOBS } from '../../src/scheduled';
import { api, signup } from '../support/api';
import { hold } from '../support/checkout';
import { onSaleEvent } from '../support/events';
import { buyTickets, eventToday } from '../support/scanning';
import { until } from '../support/wait';

async function runCron(cron: string, at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/**
 * One job of a cron, as wired in JOBS. Test files share one database, so a whole hourly run walks every event the
 * suite has made (hundreds of inventory objects); a test of one job runs just that one.
 */
async function runJob(cron: string, name: string, at: number) {
  const job = JOBS[cron]?.find((j) => j.name === name);
  if (!job) throw new Error(`no job ${name} on ${cron}`);
  await job.run(env, new Date(at));
}


/**
 * Waits until the order's `template` email is sent, pumping the outbox meanwhile as the every-minute cron does in
 * production: test files share one database, so other files' rows can fill the batch a single pump takes.
 */
async function sentEmail(template: string, orderId: string) {
  return until(
    `the ${template} email`,
    async () => {
      const sent = (await outbox(template, orderId)).results.find((r) => r.status === 'sent');
      if (!sent) await runPumps(env, createDb(env.DB));
      return sent;
    },
    15_000,
  );
}

const outbox = (template: string, orderId: string) =>
  env.DB.prepare('select id, status, recipient from notification_outbox where template = ? and json_extract(payload, ?) = ?').bind(template, '$.orderId', orderId).all<{ id: string; status: string; recipient: string }>();

describe('scheduled work', () => {
  it('reminds every buyer once, a day before the event', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, startsInMs: 24 * 3_600_000 + 30 * 60_000 });
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const other = await buyTickets(f.eventId, f.gaTypeId, 1);
    await runJob('0 * * * *', 'event-reminders', Date.now());
    await runJob('0 * * * *', 'event-reminders', Date.now() + 1_000); // a repeated run sends nothing twice
    expect((await outbox('event_reminder', order.orderId)).results).toHaveLength(1);
    expect((await outbox('event_reminder', other.orderId)).results).toHaveLength(1);
    const sent = await sentEmail('event_reminder', order.orderId);
    const mail = await env.DB.prepare('select subject, text from mailbox_messages where notification_id = ?').bind(sent.id).first<{ subject: string; text: string }>();
    expect(mail!.subject).toBe('Tomorrow: Test Concert');
    expect(mail!.text).toContain('You have 2 tickets');
    // An hour later the event is less than 24 hours away: no second reminder.
    await runJob('0 * * * *', 'event-reminders', Date.now() + 3_600_000);
    expect((await outbox('event_reminder', order.orderId)).results).toHaveLength(1);
  });

  it('tells every buyer when their event is cancelled', async () => {
    const { owner, f } = await eventToday();
    const a = await buyTickets(f.eventId, f.gaTypeId, 1);
    const b = await buyTickets(f.eventId, f.gaTypeId, 1);
    const cancelled = await api('POST', `/orgs/${owner.orgId}/events/${f.eventId}/status`, { token: owner.token, body: { status: 'cancelled' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    for (const o of [a, b]) expect((await outbox('event_cancelled', o.orderId)).results).toHaveLength(1);
    const sent = await sentEmail('event_cancelled', a.orderId);
    const mail = await env.DB.prepare('select subject from mailbox_messages where notification_id = ?').bind(sent.id).first<{ subject: string }>();
    expect(mail!.subject).toBe('Test Concert is cancelled');
  });

  it('snapshots occupancy through the analytics queue, once per tick', async () => {
    const { f } = await eventToday();
    await buyTickets(f.eventId, f.gaTypeId, 3);
    const at = Date.now();
    // The job alone (the whole cron would also queue every organization's funnel snapshots, a backlog on the shared
    // analytics queue that other files' journey rows wait behind).
    await runJob('*/15 * * * *', 'occupancy-snapshots', at);
    await runJob('*/15 * * * *', 'occupancy-snapshots', at);
    const snap = await until('the snapshot', async () => env.DB.prepare('select * from occupancy_snapshots where event_id = ?').bind(f.eventId).first<{ sold: number; capacity: number; taken_at: number }>());
    expect(snap).toMatchObject({ sold: 3, capacity: 100, taken_at: at });
    await new Promise((r) => setTimeout(r, 300));
    expect((await env.DB.prepare('select count(*) as n from occupancy_snapshots where event_id = ?').bind(f.eventId).first<{ n: number }>())!.n).toBe(1);
  });

  it('reconciles each inventory with D1 and reports drift', async () => {
    const { owner, f } = await eventToday();
    const order = await buyTickets(f.eventId, f.gaTypeId, 2);
    const report = (eventId: string) => env.DB.prepare('select * from reconciliation_reports where event_id = ? order by ran_at desc limit 1').bind(eventId).first<Record<string, number>>();
    await runJob('0 * * * *', 'reconcile-inventory', Date.now());
    expect(await report(f.eventId)).toMatchObject({ do_sold: 2, db_sold: 2, drift: 0 });
    // A ticket D1 has but the inventory never sold: drift.
    await env.DB.prepare(
      "insert into tickets (id, organization_id, event_id, order_id, order_line_id, ticket_type_id, status, qr_token, secret_version, issued_at) values (?, ?, ?, ?, ?, ?, 'valid', 'x', 1, ?)",
    )
      .bind(newId('tkt'), owner.orgId, f.eventId, order.orderId, `drift-${Date.now()}`, f.gaTypeId, Date.now())
      .run();
    await runCron('0 * * * *', Date.now() + 1);
    expect(await report(f.eventId)).toMatchObject({ do_sold: 2, db_sold: 3, drift: 1 });
    // The whole hourly run walks every event in play the suite has made so far (files share the database).
  }, 120_000);

  it('emails owners and admins the day’s sales the next morning, once', async () => {
    const { owner, f } = await eventToday();
    await buyTickets(f.eventId, f.gaTypeId, 2);
    const tomorrow6 = new Date();
    tomorrow6.setUTCDate(tomorrow6.getUTCDate() + 1);
    tomorrow6.setUTCHours(6, 0, 0, 0);
    await runCron('0 6 * * *', tomorrow6.getTime());
    await runCron('0 6 * * *', tomorrow6.getTime());
    const rows = (await env.DB.prepare("select recipient, payload from notification_outbox where template = 'daily_report' and organization_id = ?").bind(owner.orgId).all<{ recipient: string; payload: string }>()).results;
    expect(rows.map((r) => r.recipient)).toEqual([owner.email]);
    expect(JSON.parse(rows[0]!.payload).report).toMatch(/Test Concert: 1 orders?, R/);
  });

  it('deletes export files past their expiry, keeping the job', async () => {
    const owner = await signup();
    const [expired, fresh] = [newId('exj'), newId('exj')];
    for (const [id, expiresAt] of [[expired, Date.now() - 1_000], [fresh, Date.now() + 86_400_000]] as const) {
      await env.FILES.put(`exports/${owner.orgId}/${id}.csv`, 'a,b\r\n');
      await env.DB.prepare(
        "insert into export_jobs (id, organization_id, kind, status, rows_written, object_key, created_at, updated_at, completed_at, expires_at) values (?, ?, 'orders', 'completed', 1, ?, ?, ?, ?, ?)",
      )
        .bind(id, owner.orgId, `exports/${owner.orgId}/${id}.csv`, Date.now(), Date.now(), Date.now(), expiresAt)
        .run();
    }
    await runCron('0 6 * * *', Date.now());
    expect(await env.FILES.head(`exports/${owner.orgId}/${expired}.csv`)).toBeNull();
    expect(await env.FILES.head(`exports/${owner.orgId}/${fresh}.csv`)).not.toBeNull();
    const rows = await env.DB.prepare('select id, object_key, status from export_jobs where organization_id = ? order by id').bind(owner.orgId).all<{ id: string; object_key: string | null }>();
    expect(Object.fromEntries(rows.results.map((r) => [r.id, r.object_key]))).toEqual({ [expired]: null, [fresh]: `exports/${owner.orgId}/${fresh}.csv` });
  });

  it('frees holds an alarm missed', async () => {
    const owner = await signup();
    const f = await onSaleEvent(owner, { layout: false, holdTtlSeconds: 60 });
    const held = await hold(f.eventId, { ticketTypeId: f.gaTypeId, quantity: 2 });
    expect(held.status).toBe(201);
    const stub = env.EVENT_INVENTORY.get(env.EVENT_INVENTORY.idFromName(`${owner.orgId}:${f.eventId}`));
    await stub.advanceClockForTests(5 * 60_000);
    expect((await stub.availability()).counts.held).toBe(2);
    await runCron('*/5 * * * *', Date.now());
    expect((await stub.availability()).counts.held).toBe(0);
  });
});
