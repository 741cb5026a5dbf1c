/** Organizers' coupons: list, create, read, change and deactivate (a coupon with uses is never deleted). */
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { ticketTypes } from '../../db/schema/events';
import { coupons } from '../../db/schema/pricing';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import { isoOrNull } from '../../platform/time';
import { loadEvent } from '../events/events';
import type { CouponRow } from './coupons';
import { couponProblems, type CouponOut, type CreateCoupon, type UpdateCoupon } from './schemas';

export function toCoupon(c: CouponRow): CouponOut {
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    percentBps: c.percentBps,
    amountMinor: c.amountMinor,
    currency: c.currency,
    eventId: c.eventId,
    maxRedemptions: c.maxRedemptions,
    maxPerBuyer: c.maxPerBuyer,
    redeemedCount: c.redeemedCount,
    validFrom: isoOrNull(c.validFrom),
    validUntil: isoOrNull(c.validUntil),
    ticketTypeIds: c.ticketTypeIds,
    unlocksHidden: c.unlocksHidden,
    active: c.active,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const codeTaken = (code: string) => new ConflictError(`This organization already has a coupon '${code}'.`, 'coupon_code_taken');
const CODE_GUARD = { 'coupons.organization_id, coupons.code': () => new ConflictError('This organization already has a coupon with that code.', 'coupon_code_taken') };

async function assertCodeFree(ctx: TenantContext, code: string) {
  const [taken] = await ctx.db
    .select({ id: coupons.id })
    .from(coupons)
    .where(and(eq(coupons.organizationId, ctx.organizationId), eq(coupons.code, code)))
    .limit(1);
  if (taken) throw codeTaken(code);
}

/** Scope ids must be ticket types of this organization (and of the coupon's event, when it has one). */
async function checkScope(ctx: TenantContext, eventId: string | null, ids: string[], currency: string | null) {
  if (eventId) {
    try {
      await loadEvent(ctx, eventId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new ValidationError([{ path: 'body.eventId', message: 'No such event in this organization' }], 'No such event in this organization.');
      throw error;
    }
  }
  const unique = [...new Set(ids)];
  const found = unique.length
    ? await ctx.db
        .select({ id: ticketTypes.id, eventId: ticketTypes.eventId, currency: ticketTypes.currency })
        .from(ticketTypes)
        .where(and(eq(ticketTypes.organizationId, ctx.organizationId), inArray(ticketTypes.id, unique)))
    : [];
  const missing = unique.filter((id) => !found.some((t) => t.id === id && (eventId === null || t.eventId === eventId)));
  if (missing.length) {
    const message = eventId ? `Not ticket types of the coupon's event: ${missing.join(', ')}` : `No such ticket types in this organization: ${missing.join(', ')}`;
    throw new ValidationError([{ path: 'body.ticketTypeIds', message }], `${message}.`);
  }
  const otherCurrency = currency ? found.find((t) => t.currency !== currency) : undefined;
  if (otherCurrency) throw new ValidationError([{ path: 'body.currency', message: `The ticket types in scope are priced in ${otherCurrency.currency}` }], `The ticket types in scope are priced in ${otherCurrency.currency}.`);
  return unique;
}

export async function listCoupons({ ctx, input }: { ctx: TenantContext; input: { limit: number; cursor?: string; eventId?: string } }) {
  const page = await newestFirstPage(coupons.id, input, (k) =>
    ctx.db
      .select()
      .from(coupons)
      .where(
        and(
          eq(coupons.organizationId, ctx.organizationId),
          input.eventId ? or(eq(coupons.eventId, input.eventId), isNull(coupons.eventId)) : undefined,
          k.after,
        ),
      )
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toCoupon), nextCursor: page.nextCursor };
}

async function loadCoupon(ctx: TenantContext, couponId: string) {
  const [row] = await ctx.db
    .select()
    .from(coupons)
    .where(and(eq(coupons.organizationId, ctx.organizationId), eq(coupons.id, couponId)))
    .limit(1);
  if (!row) throw new NotFoundError('Coupon');
  return row;
}

export async function getCoupon(ctx: TenantContext, couponId: string) {
  return toCoupon(await loadCoupon(ctx, couponId));
}

export async function createCoupon({ ctx, input }: { ctx: TenantContext; input: CreateCoupon }) {
  const eventId = input.eventId ?? null;
  const scope = await checkScope(ctx, eventId, input.ticketTypeIds ?? [], input.currency ?? null);
  await assertCodeFree(ctx, input.code);
  const now = new Date();
  const row: CouponRow = {
    id: newId(ID_PREFIXES.coupon),
    organizationId: ctx.organizationId,
    eventId,
    code: input.code,
    kind: input.kind,
    percentBps: input.percentBps ?? null,
    amountMinor: input.amountMinor ?? null,
    currency: input.currency ?? null,
    maxRedemptions: input.maxRedemptions ?? null,
    maxPerBuyer: input.maxPerBuyer ?? null,
    redeemedCount: 0,
    validFrom: input.validFrom ? new Date(input.validFrom) : null,
    validUntil: input.validUntil ? new Date(input.validUntil) : null,
    ticketTypeIds: scope,
    unlocksHidden: input.unlocksHidden ?? false,
    active: input.active ?? true,
    createdAt: now,
    updatedAt: now,
  };
  const { id: _id, redeemedCount: _r, createdAt: _c, updatedAt: _u, ...changes } = toCoupon(row);
  await writeBatch(
    ctx.db,
    [ctx.db.insert(coupons).values(row), auditEntry(ctx, { organizationId: ctx.organizationId, action: 'coupon.created', resourceType: 'coupon', resourceId: row.id, changes })],
    CODE_GUARD,
  );
  return toCoupon(row);
}

const toDate = (v: string | null) => (v ? new Date(v) : null);

export async function updateCoupon({ ctx, couponId, input }: { ctx: TenantContext; couponId: string; input: UpdateCoupon }) {
  const row = await loadCoupon(ctx, couponId);
  const patch: Partial<CouponRow> = {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.percentBps !== undefined ? { percentBps: input.percentBps } : {}),
    ...(input.amountMinor !== undefined ? { amountMinor: input.amountMinor } : {}),
    ...(input.currency !== undefined ? { currency: input.currency } : {}),
    ...(input.maxRedemptions !== undefined ? { maxRedemptions: input.maxRedemptions } : {}),
    ...(input.maxPerBuyer !== undefined ? { maxPerBuyer: input.maxPerBuyer } : {}),
    ...(input.validFrom !== undefined ? { validFrom: toDate(input.validFrom) } : {}),
    ...(input.validUntil !== undefined ? { validUntil: toDate(input.validUntil) } : {}),
    ...(input.ticketTypeIds !== undefined ? { ticketTypeIds: [...new Set(input.ticketTypeIds)] } : {}),
    ...(input.unlocksHidden !== undefined ? { unlocksHidden: input.unlocksHidden } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  const next = { ...row, ...patch };
  const problems = couponProblems(next).map((p) => ({ path: `body.${p.path}`, message: p.message }));
  if (next.maxRedemptions !== null && next.maxRedemptions < row.redeemedCount && patch.maxRedemptions !== undefined) {
    problems.push({ path: 'body.maxRedemptions', message: `Already used ${row.redeemedCount} times; deactivate it to stop further uses` });
  }
  if (problems.length) throw new ValidationError(problems);
  const changes = diff(row as Record<string, unknown>, patch as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return toCoupon(row);
  if (changes.ticketTypeIds || changes.currency) await checkScope(ctx, row.eventId, next.ticketTypeIds, next.currency);
  if (changes.code) await assertCodeFree(ctx, next.code);
  const updatedAt = new Date();
  await writeBatch(
    ctx.db,
    [
      ctx.db
        .update(coupons)
        .set({ ...patch, updatedAt })
        .where(and(eq(coupons.organizationId, ctx.organizationId), eq(coupons.id, row.id))),
      auditEntry(ctx, { organizationId: ctx.organizationId, action: 'coupon.updated', resourceType: 'coupon', resourceId: row.id, changes }),
    ],
    CODE_GUARD,
  );
  // Re-read: a concurrent checkout may have moved redeemedCount.
  return toCoupon(await loadCoupon(ctx, row.id));
}

/** DELETE deactivates: past redemptions keep pointing at the coupon, and it can be switched on again. */
export async function deactivateCoupon({ ctx, couponId }: { ctx: TenantContext; couponId: string }) {
  const row = await loadCoupon(ctx, couponId);
  if (!row.active) return toCoupon(row);
  await writeBatch(ctx.db, [
    ctx.db
      .update(coupons)
      .set({ active: false, updatedAt: new Date() })
      .where(and(eq(coupons.organizationId, ctx.organizationId), eq(coupons.id, row.id))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'coupon.deactivated', resourceType: 'coupon', resourceId: row.id, changes: { active: { from: true, to: false } } }),
  ]);
  return toCoupon(await loadCoupon(ctx, row.id));
}
