/** The waiting list's settings per event (on by default, 30-minute offers) and the organizer's change to them. */
import { writeBatch } from '../../db/client';
import { waitlistSettings } from '../../db/schema/waitlists';
import { waitlistSettingsOf } from './settings-row';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { loadEvent } from '../events/events';
import { inventory } from '../events/inventory-client';
import { offerNext } from './offer-next';
import type { UpdateWaitlistSettings } from './schemas';

export async function getWaitlistSettings({ ctx, eventId }: { ctx: TenantContext; eventId: string }) {
  const event = await loadEvent(ctx, eventId);
  const settings = await waitlistSettingsOf(ctx.db, ctx.organizationId, event.id);
  const stub = inventory(ctx.env, ctx.organizationId, event.id);
  const keptBack = (await stub.plan()) ? {} : (await stub.waitlistState()).pool;
  return { ...settings, keptBack };
}

export async function updateWaitlistSettings({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: UpdateWaitlistSettings }) {
  const event = await loadEvent(ctx, eventId);
  const before = await waitlistSettingsOf(ctx.db, ctx.organizationId, event.id);
  const next = { enabled: input.enabled ?? before.enabled, offerMinutes: input.offerMinutes ?? before.offerMinutes };
  const now = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .insert(waitlistSettings)
      .values({ eventId: event.id, organizationId: ctx.organizationId, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: waitlistSettings.eventId, set: { ...next, updatedAt: now } }),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'waitlist.settings_updated', resourceType: 'event', resourceId: event.id, changes: diff(before, next) }),
  ]);
  // Turning the list off lets the kept-back places go; turning it on keeps them again and serves the line.
  const synced = await offerNext(ctx, { organizationId: ctx.organizationId, eventId: event.id });
  return { ...next, keptBack: synced.keptBack };
}
