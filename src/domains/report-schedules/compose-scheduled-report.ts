/**
 * A scheduled report's email, composed when it is sent (src/domains/notifications/compose.ts): one PDF per event —
 * the same documents as the PDF exports (src/domains/exports/report-pdf.ts), read from the Postgres copy now, with
 * its freshness — and the unsubscribe link. A schedule deleted since the email was queued sends nothing
 * (SuppressEmail). Postgres away: the error is thrown, and the notifications queue retries later.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { postgres } from '../../db/postgres-client';
import { events } from '../../db/schema/events';
import { reportSchedules } from '../../db/schema/report-schedules';
import { EXPORT_KIND_SPECS } from '../exports/kinds';
import { renderReportPdf } from '../exports/report-pdf';
import { exportFilename } from '../exports/run';
import { brandingOf } from '../exports/run-pdf';
import { SuppressEmail } from '../notifications/suppress';
import { freshness } from '../reports/freshness';
import { freshnessText } from '../reports/freshness-text';
import { unsubscribeUrl } from './unsubscribe-link';

type Attachment = { filename: string; contentType: string; content: Uint8Array };

const LIVE = ['published', 'on_sale', 'sales_closed', 'completed'] as const;
const REPORT_NAMES = { settlement: { en: 'settlement statement', af: 'vereffeningstaat' }, sales_summary: { en: 'sales summary', af: 'verkoopsopsomming' } } as const;

export async function composeScheduledReport(db: Database, env: Cloudflare.Env, organizationId: string, payload: Record<string, unknown>, locale: 'en' | 'af') {
  const scheduleId = String(payload.scheduleId ?? '');
  const [schedule] = await db
    .select()
    .from(reportSchedules)
    .where(and(eq(reportSchedules.organizationId, organizationId), eq(reportSchedules.id, scheduleId)))
    .limit(1);
  if (!schedule) throw new SuppressEmail(`report schedule ${scheduleId} is gone (unsubscribed or deleted)`);
  const chosen = schedule.eventIds.length
    ? await db.select({ id: events.id, name: events.name }).from(events).where(and(eq(events.organizationId, organizationId), inArray(events.id, schedule.eventIds)))
    : await db.select({ id: events.id, name: events.name }).from(events).where(and(eq(events.organizationId, organizationId), inArray(events.status, [...LIVE]))).orderBy(asc(events.startsAt)).limit(10);
  const spec = EXPORT_KIND_SPECS[schedule.kind];
  const brand = await brandingOf(db, organizationId);
  const now = new Date();
  const fresh = freshnessText(await freshness(env.DB, organizationId, now.getTime()));
  const attachments: Attachment[] = [];
  const pg = postgres(env);
  try {
    for (const event of chosen) {
      const doc = await spec.document!({ db, pg: (work) => pg.forOrganization(organizationId, work), organizationId, eventId: event.id }, brand.locale);
      const pdf = await renderReportPdf({ ...doc, notes: [...doc.notes, fresh] }, brand, now);
      attachments.push({ filename: exportFilename(schedule.kind, event.name, now, 'pdf'), contentType: 'application/pdf', content: pdf });
    }
  } finally {
    await pg.close();
  }
  const none = locale === 'af' ? '(Geen geleenthede om oor te rapporteer nie.)' : '(No events to report on.)';
  return {
    vars: {
      organizationName: brand.organizationName,
      reportName: REPORT_NAMES[schedule.kind][locale],
      period: String(payload.period ?? ''),
      events: chosen.length ? chosen.map((e) => `• ${e.name}`).join('\n') : none,
      unsubscribeUrl: await unsubscribeUrl(env, schedule.id),
    },
    attachments,
  };
}
