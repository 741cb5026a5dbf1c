/**
 * Unsubscribing from a scheduled report through its email's link (no sign-in: the signed link is the credential).
 * GET shows a page with one button (a link scanner opening the URL changes nothing); POST — the button, or a mail
 * client's one-click unsubscribe — deletes the schedule (audited) and says so. Pressing it twice is fine; a link not
 * signed by us is 403 (404 when no such schedule exists either).
 */
import { eq } from 'drizzle-orm';
import { reportSchedules } from '../../db/schema/report-schedules';
import { auditEntry } from '../../platform/audit';
import type { ServiceContext } from '../../platform/context';
import { ForbiddenError, NotFoundError } from '../../platform/errors';
import { validUnsubscribeSignature } from './unsubscribe-link';

/** The schedule, or null when it is gone (unsubscribed already); a link not signed by us is 403 (404 for an id never seen). */
async function checkLink(ctx: ServiceContext, scheduleId: string, signature: string | undefined) {
  const [row] = await ctx.db.select().from(reportSchedules).where(eq(reportSchedules.id, scheduleId)).limit(1);
  if (await validUnsubscribeSignature(ctx.env.FILES_SIGNING_SECRET, scheduleId, signature)) return row ?? null;
  if (!row) throw new NotFoundError('Report schedule');
  throw new ForbiddenError('This unsubscribe link is not valid.', 'invalid_unsubscribe_link');
}

export async function unsubscribePage(ctx: ServiceContext, scheduleId: string, signature: string | undefined): Promise<string> {
  const row = await checkLink(ctx, scheduleId, signature);
  if (!row) return page('You are unsubscribed', '<p>This scheduled report is no longer sent.</p>');
  const what = row.kind === 'settlement' ? 'settlement statement' : 'sales summary';
  return page(
    'Stop this scheduled report?',
    `<p>You receive the ${what} by email on a schedule you set up. Stop sending it?</p>
     <form method="post"><button type="submit">Unsubscribe</button></form>
     <p class="note">You can schedule reports again in the console, under Reports.</p>`,
  );
}

export async function unsubscribe(ctx: ServiceContext, scheduleId: string, signature: string | undefined): Promise<string> {
  const row = await checkLink(ctx, scheduleId, signature);
  if (row) {
    await ctx.db.batch([
      ctx.db.delete(reportSchedules).where(eq(reportSchedules.id, scheduleId)),
      auditEntry(ctx, {
        organizationId: row.organizationId,
        actor: { type: 'user', id: row.userId },
        action: 'report_schedule.unsubscribed',
        resourceType: 'report_schedule',
        resourceId: row.id,
        changes: { kind: row.kind, via: 'email link' },
      }),
    ]);
  }
  return page('You are unsubscribed', '<p>This scheduled report is no longer sent. You can schedule reports again in the console, under Reports.</p>');
}

const STYLE = `:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}body{margin:0;background:#f3f4f6;color:#111827}
main{max-width:28rem;margin:3rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}h1{font-size:1.5rem;margin:0 0 1rem}
button{font:inherit;font-size:1rem;padding:.75rem 1rem;border-radius:8px;border:2px solid #1f2937;background:#1f2937;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #2563eb;outline-offset:2px}.note{color:#4b5563;font-size:.875rem}`;

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title} · Voelgoed Events</title><style>${STYLE}</style></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
