/** The claim link's page: the held seats of an offer and their expiry, for the storefront to check out with the normal checkout. */
import { eq } from 'drizzle-orm';
import { waitlistEntries } from '../../db/schema/waitlists';
import type { ServiceContext } from '../../platform/context';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import { inventory } from '../events/inventory-client';
import { signHumanPass } from '../waiting-room/human-pass';
import { validClaimSignature } from './links';

export async function waitlistOffer({ ctx, entryId, holdId, signature }: { ctx: ServiceContext; entryId: string; holdId: string | undefined; signature: string | undefined }) {
  const [entry] = await ctx.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, entryId)).limit(1);
  if (!entry) throw new NotFoundError('Waiting-list offer');
  if (!holdId || !signature || !(await validClaimSignature(ctx.env, entryId, holdId, signature))) throw new ForbiddenError('This link is not valid.', 'invalid_waitlist_link');
  if (entry.offerHoldId !== holdId) throw new NotFoundError('Waiting-list offer');
  const hold = await inventory(ctx.env, entry.organizationId, entry.eventId).getHold(holdId);
  if (!hold) throw new NotFoundError('Waiting-list offer');
  const live = hold.status === 'active' && hold.expiresAt > Date.now();
  if (!live && hold.status !== 'confirmed') throw new ConflictError('This offer has lapsed: its places went to the next in line.', 'waitlist_offer_lapsed');
  // The signed link stands for the check the buyer passed when joining: the checkout's quote needs a human pass.
  const human = ctx.env.TURNSTILE_SECRET && live ? await signHumanPass(ctx.env, entry.eventId) : null;
  return {
    ...(human ? { humanPass: human.pass, humanPassExpiresAt: human.expiresAt } : {}),
    eventId: entry.eventId,
    entryId: entry.id,
    status: hold.status === 'confirmed' ? ('claimed' as const) : entry.status,
    holdId,
    ticketTypeId: hold.ticketTypeId,
    quantity: hold.quantity,
    seats: hold.seats,
    expiresAt: new Date(hold.expiresAt).toISOString(),
    buyerName: entry.name,
    buyerEmail: entry.email,
  };
}
