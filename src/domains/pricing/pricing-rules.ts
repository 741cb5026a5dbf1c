/** Pricing rules of an event: early-bird windows, quantity tiers and prices by seat category (docs/pricing.md). */
import { and, asc, eq } from 'drizzle-orm';
import { writeBatch, type Database } from '../../db/client';
import { pricingRules } from '../../db/schema/pricing';
import { auditEntry, diff } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { isoOrNull } from '../../platform/time';
import { loadEvent, type EventRow } from '../events/events';
import { loadTicketTypes } from '../events/inventory-client';
import { ruleProblems, type CreatePricingRule, type PricingRuleOut, type UpdatePricingRule } from './schemas';

export type PricingRuleRow = typeof pricingRules.$inferSelect;

export function toPricingRule(r: PricingRuleRow): PricingRuleOut {
  return {
    id: r.id,
    eventId: r.eventId,
    ticketTypeId: r.ticketTypeId,
    kind: r.kind,
    name: r.name,
    category: r.category,
    minQuantity: r.minQuantity,
    startsAt: isoOrNull(r.startsAt),
    endsAt: isoOrNull(r.endsAt),
    unitPriceMinor: r.unitPriceMinor,
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The rules a quote applies: active ones of the event. */
export function activeRulesQuery(db: Database, organizationId: string, eventId: string) {
  return db
    .select()
    .from(pricingRules)
    .where(and(eq(pricingRules.organizationId, organizationId), eq(pricingRules.eventId, eventId), eq(pricingRules.active, true)))
    .orderBy(asc(pricingRules.id));
}

function assertEditable(event: EventRow) {
  if (event.status === 'cancelled' || event.status === 'completed') throw new ConflictError(`The prices of a ${event.status} event cannot change.`, 'event_closed');
}

/** The ticket type must be the event's, and a category price must name a category one of its seated types sells. */
async function checkTargets(ctx: TenantContext, event: EventRow, rule: Pick<PricingRuleRow, 'kind' | 'ticketTypeId' | 'category'>) {
  const problems = ruleProblems(rule).map((p) => ({ path: `body.${p.path}`, message: p.message }));
  if (problems.length) throw new ValidationError(problems);
  const types = await loadTicketTypes(ctx.db, ctx.organizationId, event.id);
  const type = rule.ticketTypeId ? types.find((t) => t.id === rule.ticketTypeId) : undefined;
  if (rule.ticketTypeId && !type) throw new ValidationError([{ path: 'body.ticketTypeId', message: 'No such ticket type in this event' }], 'No such ticket type in this event.');
  if (rule.kind === 'category_price') {
    const sold = new Set((type ? [type] : types).flatMap((t) => (t.kind === 'seated' ? t.categories : [])));
    if (!sold.has(rule.category!)) {
      const message = type ? `The ticket type ${type.name} does not sell seats of category '${rule.category}'` : `No seated ticket type of this event sells category '${rule.category}'`;
      throw new ValidationError([{ path: 'body.category', message }], `${message}.`);
    }
  }
}

async function loadRule(ctx: TenantContext, eventId: string, ruleId: string) {
  const event = await loadEvent(ctx, eventId);
  const [row] = await ctx.db
    .select()
    .from(pricingRules)
    .where(and(eq(pricingRules.organizationId, ctx.organizationId), eq(pricingRules.eventId, event.id), eq(pricingRules.id, ruleId)))
    .limit(1);
  if (!row) throw new NotFoundError('Pricing rule');
  return { event, row };
}

export async function listPricingRules(ctx: TenantContext, eventId: string) {
  const event = await loadEvent(ctx, eventId);
  const rows = await ctx.db
    .select()
    .from(pricingRules)
    .where(and(eq(pricingRules.organizationId, ctx.organizationId), eq(pricingRules.eventId, event.id)))
    .orderBy(asc(pricingRules.id));
  return rows.map(toPricingRule);
}

export async function getPricingRule(ctx: TenantContext, eventId: string, ruleId: string) {
  return toPricingRule((await loadRule(ctx, eventId, ruleId)).row);
}

const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

export async function createPricingRule({ ctx, eventId, input }: { ctx: TenantContext; eventId: string; input: CreatePricingRule }) {
  const event = await loadEvent(ctx, eventId);
  assertEditable(event);
  const now = new Date();
  const row: PricingRuleRow = {
    id: newId(ID_PREFIXES.pricingRule),
    organizationId: ctx.organizationId,
    eventId: event.id,
    ticketTypeId: input.ticketTypeId ?? null,
    kind: input.kind,
    name: input.name,
    category: input.category ?? null,
    minQuantity: input.minQuantity ?? null,
    startsAt: toDate(input.startsAt),
    endsAt: toDate(input.endsAt),
    unitPriceMinor: input.unitPriceMinor,
    active: input.active ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await checkTargets(ctx, event, row);
  const { id: _id, createdAt: _c, updatedAt: _u, ...changes } = toPricingRule(row);
  await writeBatch(ctx.db, [
    ctx.db.insert(pricingRules).values(row),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'pricing_rule.created', resourceType: 'pricing_rule', resourceId: row.id, changes }),
  ]);
  return toPricingRule(row);
}

export async function updatePricingRule({ ctx, eventId, ruleId, input }: { ctx: TenantContext; eventId: string; ruleId: string; input: UpdatePricingRule }) {
  const { event, row } = await loadRule(ctx, eventId, ruleId);
  assertEditable(event);
  const patch: Partial<PricingRuleRow> = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.ticketTypeId !== undefined ? { ticketTypeId: input.ticketTypeId } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.minQuantity !== undefined ? { minQuantity: input.minQuantity } : {}),
    ...(input.startsAt !== undefined ? { startsAt: toDate(input.startsAt) } : {}),
    ...(input.endsAt !== undefined ? { endsAt: toDate(input.endsAt) } : {}),
    ...(input.unitPriceMinor !== undefined ? { unitPriceMinor: input.unitPriceMinor } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  const next = { ...row, ...patch };
  await checkTargets(ctx, event, next);
  const changes = diff(row as Record<string, unknown>, patch as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return toPricingRule(row);
  const updatedAt = new Date();
  await writeBatch(ctx.db, [
    ctx.db
      .update(pricingRules)
      .set({ ...patch, updatedAt })
      .where(and(eq(pricingRules.organizationId, ctx.organizationId), eq(pricingRules.id, row.id))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'pricing_rule.updated', resourceType: 'pricing_rule', resourceId: row.id, changes }),
  ]);
  return toPricingRule({ ...next, updatedAt });
}

export async function deletePricingRule({ ctx, eventId, ruleId }: { ctx: TenantContext; eventId: string; ruleId: string }) {
  const { event, row } = await loadRule(ctx, eventId, ruleId);
  assertEditable(event);
  await writeBatch(ctx.db, [
    ctx.db.delete(pricingRules).where(and(eq(pricingRules.organizationId, ctx.organizationId), eq(pricingRules.id, row.id))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'pricing_rule.deleted', resourceType: 'pricing_rule', resourceId: row.id, changes: { name: row.name, kind: row.kind, unitPriceMinor: row.unitPriceMinor } }),
  ]);
}
