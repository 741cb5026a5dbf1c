/**
 * Scheduled reports (issue #16 item 6): a member schedules the settlement statement or the sales summary for
 * themselves; the hourly job queues one email per period through the notifications outbox; it is sent with a PDF per
 * event and an unsubscribe link that works without signing in; who may not read the ledger (any longer) gets nothing.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/client';
import { localParts } from '../../../src/domains/report-schedules/due';
import { queueScheduledReports } from '../../../src/domains/report-schedules/queue-scheduled-reports';
import { runPumps } from '../../../src/queues/pump';
import { addMember, api, createApiKey, signup, type SignedUp } from '../../support/api';
import { onSaleEvent } from '../../support/events';
import { pdfText } from '../../support/pdf-text';
import { paidGaOrder } from '../../support/refunds';
import { replicated } from '../../support/replication';
import { until } from '../../support/wait';

const outbox = (scheduleId: string) =>
  env.DB.prepare("select id, status, recipient, json_extract(payload, '$.period') as period from notification_outbox where template = 'scheduled_report' and json_extract(payload, '$.scheduleId') = ?")
    .bind(scheduleId)
    .all<{ id: string; status: string; recipient: string; period: string }>()
    .then((r) => r.results);

const schedule = (who: SignedUp, orgId: string, body: Record<string, unknown>) => api('POST', `/orgs/${orgId}/report-schedules`, { token: who.token, body });

/** The email of an outbox row once sent (the outbox pumped meanwhile, as the minute's cron does). */
async function sentMail(notificationId: string) {
  return until(
    'the scheduled report email',
    async () => {
      const mail = await env.DB.prepare('select subject, text, attachments from mailbox_messages where notification_id = ?').bind(notificationId).first<{ subject: string; text: string; attachments: string }>();
      if (!mail) await runPumps(env, createDb(env.DB));
      return mail;
    },
    20_000,
  );
}

describe('scheduled reports', () => {
  it('emails a member their report once per period, a PDF per event, with a working unsubscribe link', async () => {
    const owner = await signup({ organizationName: 'Skedule Events' });
    const f = await onSaleEvent(owner, { layout: false });
    await paidGaOrder(f.eventId, f.gaTypeId, 2);
    await replicated(owner.orgId);
    const created = await schedule(owner, owner.orgId, { kind: 'sales_summary', eventIds: [f.eventId], frequency: 'daily', hour: 0 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'sales_summary', eventIds: [f.eventId], frequency: 'daily', weekday: null, hour: 0, lastSentPeriod: null, userId: owner.userId });
    const listed = await api('GET', `/orgs/${owner.orgId}/report-schedules`, { token: owner.token });
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);

    const at = new Date();
    await queueScheduledReports(env, createDb(env.DB), at, owner.orgId);
    await queueScheduledReports(env, createDb(env.DB), new Date(at.getTime() + 60_000), owner.orgId); // the same day: nothing more
    const rows = await outbox(created.body.id);
    const tz = created.body.timezone as string;
    const l = localParts(at, tz);
    expect(rows).toEqual([expect.objectContaining({ recipient: owner.email, period: `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}` })]);
    expect((await api('GET', `/orgs/${owner.orgId}/report-schedules`, { token: owner.token })).body.items[0].lastSentPeriod).toBe(rows[0]!.period);

    const mail = await sentMail(rows[0]!.id);
    expect(mail.subject).toBe(`Skedule Events: sales summary (${rows[0]!.period})`);
    expect(mail.text).toContain('• Test Concert');
    const attachments = JSON.parse(mail.attachments) as { filename: string; contentType: string; key: string }[];
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(/^sales-summary-test-concert-\d{4}-\d{2}-\d{2}\.pdf$/) });
    const pdf = new Uint8Array(await (await env.FILES.get(attachments[0]!.key))!.arrayBuffer());
    expect(await pdfText(pdf)).toEqual(expect.arrayContaining(['Sales summary', 'Test Concert', 'Skedule Events', 'Total (ZAR)']));

    // The link in the email: a page with a button (opening it changes nothing), then unsubscribed.
    const link = new URL(/https?:\/\/\S+\/unsubscribe\?signature=[\w-]+/.exec(mail.text)![0]);
    const path = `https://voelgoed.test${link.pathname}${link.search}`;
    const page = await SELF.fetch(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(await page.text()).toContain('Unsubscribe');
    expect((await api('GET', `/orgs/${owner.orgId}/report-schedules`, { token: owner.token })).body.items).toHaveLength(1);
    // One character changed (to one it is not: a signature starting with 'x' made this no forgery, 1 run in 64).
    const forged = await SELF.fetch(path.replace(/signature=(.)/, (_, c: string) => `signature=${c === 'x' ? 'y' : 'x'}`), { method: 'POST' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('Content-Type')).toContain('application/problem+json');
    for (let i = 0; i < 2; i++) {
      const done = await SELF.fetch(path, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('You are unsubscribed');
    }
    expect((await api('GET', `/orgs/${owner.orgId}/report-schedules`, { token: owner.token })).body.items).toEqual([]);
    const audit = await env.DB.prepare("select action from audit_logs where organization_id = ? and resource_id = ? order by created_at").bind(owner.orgId, created.body.id).all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(['report_schedule.created', 'report_schedule.unsubscribed']);
  });

  it('sends nothing for a schedule stopped after its email was queued, or whose member may no longer read the ledger', async () => {
    const owner = await signup();
    const admin = await addMember(owner, 'admin');
    const f = await onSaleEvent(owner, { layout: false });
    const weekday = localParts(new Date(), 'Africa/Johannesburg').isoWeekday;
    const mine = await schedule(owner, owner.orgId, { kind: 'settlement', eventIds: [f.eventId], frequency: 'weekly', weekday: 1, hour: 0 });
    const theirs = await schedule(admin, owner.orgId, { kind: 'settlement', frequency: 'daily', hour: 0 });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    // Each member sees and stops only their own.
    expect((await api('GET', `/orgs/${owner.orgId}/report-schedules`, { token: admin.token })).body.items.map((s: { id: string }) => s.id)).toEqual([theirs.body.id]);
    expect((await api('DELETE', `/orgs/${owner.orgId}/report-schedules/${mine.body.id}`, { token: admin.token })).status).toBe(404);

    await queueScheduledReports(env, createDb(env.DB), new Date(), owner.orgId);
    const [queued] = await outbox(mine.body.id);
    expect(queued, `weekday ${weekday}: Monday-or-later is always reached`).toBeDefined();
    // Stopped before it was sent: suppressed, never in the mailbox.
    expect((await api('DELETE', `/orgs/${owner.orgId}/report-schedules/${mine.body.id}`, { token: owner.token })).status).toBe(204);
    await until('the suppressed email', async () => {
      const [row] = await outbox(mine.body.id);
      if (row?.status !== 'suppressed') await runPumps(env, createDb(env.DB));
      return row?.status === 'suppressed';
    });
    expect(await env.DB.prepare('select count(*) as n from mailbox_messages where notification_id = ?').bind(queued!.id).first<{ n: number }>()).toEqual({ n: 0 });

    // The admin becomes staff (no finance.read): their schedule is dropped at the next run, nothing queued.
    const role = await api('PATCH', `/orgs/${owner.orgId}/members/${admin.membershipId}`, { token: owner.token, body: { role: 'staff' } });
    expect(role.status, JSON.stringify(role.body)).toBe(200);
    const before = (await outbox(theirs.body.id)).length;
    await queueScheduledReports(env, createDb(env.DB), new Date(Date.now() + 86_400_000), owner.orgId);
    expect(await outbox(theirs.body.id)).toHaveLength(before);
    expect(await env.DB.prepare('select count(*) as n from report_schedules where id = ?').bind(theirs.body.id).first<{ n: number }>()).toEqual({ n: 0 });
  });

  it('refuses what cannot be scheduled: API keys, roles without the ledger, bad timing, other organizations’ events', async () => {
    const owner = await signup();
    const other = await signup();
    const elsewhere = await onSaleEvent(other, { layout: false });
    const key = await createApiKey(owner, ['finance.read']);
    const byKey = await api('POST', `/orgs/${owner.orgId}/report-schedules`, { token: key.secret, body: { kind: 'settlement', frequency: 'daily' } });
    expect(byKey.status).toBe(403);
    expect(byKey.body.code).toBe('member_only');
    const staff = await addMember(owner, 'staff');
    expect((await schedule(staff, owner.orgId, { kind: 'settlement', frequency: 'daily' })).status).toBe(403);
    const dailyWithWeekday = await schedule(owner, owner.orgId, { kind: 'settlement', frequency: 'daily', weekday: 3 });
    expect(dailyWithWeekday.status).toBe(422);
    expect(dailyWithWeekday.body.errors[0].path).toBe('body.weekday');
    expect((await schedule(owner, owner.orgId, { kind: 'settlement', frequency: 'daily', hour: 24 })).status).toBe(422);
    expect((await schedule(owner, owner.orgId, { kind: 'orders', frequency: 'daily' })).status).toBe(422);
    expect((await schedule(owner, owner.orgId, { kind: 'settlement', frequency: 'daily', eventIds: [elsewhere.eventId] })).status).toBe(404);
    expect((await schedule(owner, other.orgId, { kind: 'settlement', frequency: 'daily' })).status).toBe(404);
    for (let i = 0; i < 20; i++) expect((await schedule(owner, owner.orgId, { kind: 'settlement', frequency: 'daily' })).status).toBe(201);
    const over = await schedule(owner, owner.orgId, { kind: 'settlement', frequency: 'daily' });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('schedule_limit');
    // Stopped again: the suite's hourly cron runs would otherwise mail 20 reports of every event in play.
    for (const s of (await api('GET', `/orgs/${owner.orgId}/report-schedules`, { token: owner.token })).body.items) {
      expect((await api('DELETE', `/orgs/${owner.orgId}/report-schedules/${s.id}`, { token: owner.token })).status).toBe(204);
    }
  });
});
