/** The waiting list's email placeholders (templates waitlist_joined and waitlist_offer), links signed as the email is written. */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { events, ticketTypes } from '../../db/schema/events';
import { organizations, type Locale } from '../../db/schema/tenancy';
import { waitlistEntries } from '../../db/schema/waitlists';
import { claimUrl, leaveUrl } from './links';

type Env = { APP_URL: string; FILES_SIGNING_SECRET: string };
type FormatWhen = (at: Date, timezone: string, locale: Locale) => string;
const ANY_TYPE: Record<Locale, string> = { en: 'any ticket', af: 'enige kaartjie' };

export async function waitlistEmailVars(db: Database, env: Env, organizationId: string, payload: Record<string, unknown>, locale: Locale, formatWhen: FormatWhen): Promise<Record<string, string>> {
  const entryId = String(payload.entryId ?? '');
  const [row] = await db
    .select({ entry: waitlistEntries, eventName: events.name, startsAt: events.startsAt, timezone: events.timezone, orgName: organizations.name })
    .from(waitlistEntries)
    .innerJoin(events, eq(events.id, waitlistEntries.eventId))
    .innerJoin(organizations, eq(organizations.id, waitlistEntries.organizationId))
    .where(and(eq(waitlistEntries.organizationId, organizationId), eq(waitlistEntries.id, entryId)))
    .limit(1);
  if (!row) throw new Error(`Waiting-list entry ${entryId} not found for ${organizationId}`);
  const { entry } = row;
  const [type] = entry.ticketTypeId
    ? await db.select({ name: ticketTypes.name }).from(ticketTypes).where(and(eq(ticketTypes.organizationId, organizationId), eq(ticketTypes.id, entry.ticketTypeId))).limit(1)
    : [];
  const vars: Record<string, string> = {
    buyerName: entry.name,
    eventName: row.eventName,
    eventDate: formatWhen(row.startsAt, row.timezone, locale),
    quantity: String(entry.quantity),
    ticketTypeName: type?.name ?? ANY_TYPE[locale],
    position: String(entry.position),
    leaveUrl: await leaveUrl(env, entry.id),
    organizationName: row.orgName,
  };
  if (typeof payload.holdId === 'string') {
    vars.claimUrl = await claimUrl(env, entry.id, payload.holdId);
    vars.expiresAt = entry.offerExpiresAt && entry.offerHoldId === payload.holdId ? formatWhen(entry.offerExpiresAt, row.timezone, locale) : '';
  }
  return vars;
}
