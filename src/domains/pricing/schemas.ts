/** Coupon, pricing rule, fee policy and quote shapes, in and out. */
import { z } from '../../platform/openapi';
import { COUPON_KINDS, FEE_PAYERS, PRICING_RULE_KINDS } from '../../db/schema/pricing';
import { CurrencySchema, IsoDateTime, safeText } from '../shared-schemas';
import { LayoutKeySchema } from '../events/schemas';

const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2030-03-01T00:00:00Z' });
const Id = z.string().min(1).max(64);
const Money = z.number().int().min(0).max(100_000_000);

export const CouponCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,32}$/, 'Use 3–32 letters, digits or hyphens')
  .openapi({ example: 'EARLY-15', description: 'Stored upper-case; buyers may type it in any case' });

export const CouponSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(COUPON_KINDS),
    percentBps: z.number().int().nullable().openapi({ description: 'Percent coupons: basis points (1500 = 15 %)' }),
    amountMinor: z.number().int().nullable().openapi({ description: 'Fixed coupons: minor units off the in-scope tickets of an order' }),
    currency: z.string().nullable(),
    eventId: z.string().nullable().openapi({ description: 'Null: every event of the organization' }),
    maxRedemptions: z.number().int().nullable(),
    maxPerBuyer: z.number().int().nullable(),
    redeemedCount: z.number().int().openapi({ description: 'Uses reserved by pending orders or redeemed by paid ones' }),
    validFrom: IsoDateTime.nullable(),
    validUntil: IsoDateTime.nullable(),
    ticketTypeIds: z.array(z.string()).openapi({ description: 'Empty: every ticket type' }),
    unlocksHidden: z.boolean(),
    active: z.boolean(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Coupon');
export type CouponOut = z.infer<typeof CouponSchema>;

const couponFields = {
  code: CouponCodeSchema,
  kind: z.enum(COUPON_KINDS),
  percentBps: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .nullable()
    .optional()
    .openapi({ description: 'Percent coupons: 1–10000 basis points; 0 only for a pure access code (unlocksHidden), e.g. a presale code' }),
  amountMinor: z.number().int().min(1).max(100_000_000).nullable().optional().openapi({ description: 'Fixed coupons: minor units of `currency`' }),
  currency: CurrencySchema.nullable().optional().openapi({ description: 'Fixed coupons: the currency of amountMinor' }),
  eventId: Id.nullable().optional().openapi({ description: 'Limit the coupon to one event' }),
  maxRedemptions: z.number().int().min(1).max(1_000_000).nullable().optional(),
  maxPerBuyer: z.number().int().min(1).max(1_000).nullable().optional().openapi({ description: 'Uses per buyer email' }),
  validFrom: Instant.nullable().optional(),
  validUntil: Instant.nullable().optional(),
  ticketTypeIds: z.array(Id).max(100).optional().openapi({ description: 'Ticket types it applies to (and, with unlocksHidden, reveals); empty: all' }),
  unlocksHidden: z.boolean().optional(),
  active: z.boolean().optional(),
};

type CouponShape = {
  kind?: (typeof COUPON_KINDS)[number];
  percentBps?: number | null;
  amountMinor?: number | null;
  currency?: string | null;
  maxRedemptions?: number | null;
  maxPerBuyer?: number | null;
  validFrom?: string | Date | null;
  validUntil?: string | Date | null;
  unlocksHidden?: boolean;
};

const ms = (v: string | Date | null | undefined) => (v == null ? null : v instanceof Date ? v.getTime() : Date.parse(v));

/** Cross-field coupon rules, shared by create and update (update checks the merged record). Paths are relative to the body. */
export function couponProblems(c: CouponShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (c.kind === 'percent') {
    if (c.percentBps == null) problems.push({ path: 'percentBps', message: 'A percent coupon needs percentBps (1–10000)' });
    else if (c.percentBps === 0 && !c.unlocksHidden) problems.push({ path: 'percentBps', message: 'A 0 % coupon is only an access code: set unlocksHidden' });
    if (c.amountMinor != null) problems.push({ path: 'amountMinor', message: 'Only fixed coupons have an amount' });
    if (c.currency != null) problems.push({ path: 'currency', message: 'Only fixed coupons have a currency' });
  } else if (c.kind === 'fixed') {
    if (c.amountMinor == null) problems.push({ path: 'amountMinor', message: 'A fixed coupon needs amountMinor' });
    if (c.currency == null) problems.push({ path: 'currency', message: 'A fixed coupon needs a currency' });
    if (c.percentBps != null) problems.push({ path: 'percentBps', message: 'Only percent coupons have percentBps' });
  }
  const [from, until] = [ms(c.validFrom), ms(c.validUntil)];
  if (from !== null && until !== null && until <= from) problems.push({ path: 'validUntil', message: 'Must be after validFrom' });
  if (c.maxPerBuyer != null && c.maxRedemptions != null && c.maxPerBuyer > c.maxRedemptions) problems.push({ path: 'maxPerBuyer', message: 'Must not exceed maxRedemptions' });
  return problems;
}

const refineWith =
  <T>(check: (v: T) => { path: string; message: string }[]) =>
  (value: T, ctx: z.RefinementCtx) => {
    for (const p of check(value)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  };

export const CreateCouponSchema = z
  .object(couponFields)
  .strict()
  .superRefine(refineWith(couponProblems))
  .openapi('CreateCoupon', {
    example: { code: 'EARLY-15', kind: 'percent', percentBps: 1500, maxRedemptions: 100, maxPerBuyer: 2, validUntil: '2030-05-01T00:00:00Z' },
  });
export type CreateCoupon = z.infer<typeof CreateCouponSchema>;

export const UpdateCouponSchema = z
  .object(couponFields)
  .omit({ kind: true, eventId: true })
  .partial()
  .strict()
  .openapi('UpdateCoupon', { example: { maxRedemptions: 200, validUntil: '2030-05-15T00:00:00Z' } });
export type UpdateCoupon = z.infer<typeof UpdateCouponSchema>;

export const CouponListQuery = z.object({ eventId: Id.optional().openapi({ description: 'Only coupons for this event (and those for every event)' }) });

export const PricingRuleSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    ticketTypeId: z.string().nullable().openapi({ description: 'Null: every ticket type of the event' }),
    kind: z.enum(PRICING_RULE_KINDS),
    name: z.string(),
    category: z.string().nullable(),
    minQuantity: z.number().int().nullable(),
    startsAt: IsoDateTime.nullable(),
    endsAt: IsoDateTime.nullable(),
    unitPriceMinor: z.number().int(),
    active: z.boolean(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('PricingRule');
export type PricingRuleOut = z.infer<typeof PricingRuleSchema>;

const ruleFields = {
  kind: z.enum(PRICING_RULE_KINDS).openapi({ description: 'category_price: price for seats of a category; early_bird: price until endsAt; quantity_tier: price from minQuantity tickets of a type' }),
  name: safeText(z.string().trim().min(1, 'Required').max(120)),
  ticketTypeId: Id.nullable().optional().openapi({ description: 'Null or absent: every ticket type of the event' }),
  category: LayoutKeySchema.nullable().optional().openapi({ description: 'category_price: the seat category' }),
  minQuantity: z.number().int().min(2).max(1_000).nullable().optional().openapi({ description: 'quantity_tier: tickets of the type in one order (≥ 2)' }),
  startsAt: Instant.nullable().optional().openapi({ description: 'early_bird: opens (default: at once)' }),
  endsAt: Instant.nullable().optional().openapi({ description: 'early_bird: closes (required)' }),
  unitPriceMinor: Money.openapi({ description: 'The unit price the rule offers, in minor units of the ticket currency' }),
  active: z.boolean().optional(),
};

type RuleShape = { kind?: (typeof PRICING_RULE_KINDS)[number]; category?: string | null; minQuantity?: number | null; startsAt?: string | Date | null; endsAt?: string | Date | null };

/** What each kind of rule needs, and what it must not have. Paths are relative to the body. */
export function ruleProblems(r: RuleShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const needs = (field: keyof RuleShape, message: string) => r[field] == null && problems.push({ path: field, message });
  const refuses = (fields: (keyof RuleShape)[]) => {
    for (const f of fields) if (r[f] != null) problems.push({ path: f, message: `${r.kind} rules have no ${f}` });
  };
  if (r.kind === 'category_price') {
    needs('category', 'A category price needs the seat category');
    refuses(['minQuantity', 'startsAt', 'endsAt']);
  } else if (r.kind === 'quantity_tier') {
    needs('minQuantity', 'A quantity tier needs minQuantity (at least 2)');
    refuses(['category', 'startsAt', 'endsAt']);
  } else if (r.kind === 'early_bird') {
    needs('endsAt', 'An early-bird price needs endsAt');
    refuses(['category', 'minQuantity']);
    const [from, until] = [ms(r.startsAt), ms(r.endsAt)];
    if (from !== null && until !== null && until <= from) problems.push({ path: 'endsAt', message: 'Must be after startsAt' });
  }
  return problems;
}

export const CreatePricingRuleSchema = z
  .object(ruleFields)
  .strict()
  .superRefine(refineWith(ruleProblems))
  .openapi('CreatePricingRule', { example: { kind: 'early_bird', name: 'Early bird', endsAt: '2030-04-01T00:00:00Z', unitPriceMinor: 12000 } });
export type CreatePricingRule = z.infer<typeof CreatePricingRuleSchema>;

export const UpdatePricingRuleSchema = z
  .object(ruleFields)
  .omit({ kind: true })
  .partial()
  .strict()
  .openapi('UpdatePricingRule', { example: { name: 'Early bird (extended)', unitPriceMinor: 11000 } });
export type UpdatePricingRule = z.infer<typeof UpdatePricingRuleSchema>;

export const FeePolicySchema = z
  .object({
    id: z.string().nullable().openapi({ description: 'Null for the built-in default' }),
    organizationId: z.string().nullable().openapi({ description: 'Null: the platform default for the currency' }),
    currency: z.string(),
    percentBps: z.number().int(),
    fixedMinor: z.number().int(),
    capMinor: z.number().int().nullable().openapi({ description: 'Per ticket; null: no cap' }),
    payer: z.enum(FEE_PAYERS),
    source: z.enum(['organization', 'platform', 'built_in']).openapi({ description: "Where the policy comes from: the organization's own row, the platform default, or the built-in default" }),
    updatedAt: IsoDateTime.nullable(),
  })
  .openapi('FeePolicy');
export type FeePolicyOut = z.infer<typeof FeePolicySchema>;

export const PutFeePolicySchema = z
  .object({
    organizationId: Id.nullable().optional().openapi({ description: 'The organization it applies to; null or absent: the platform default for the currency' }),
    currency: CurrencySchema,
    percentBps: z.number().int().min(0).max(10_000),
    fixedMinor: z.number().int().min(0).max(1_000_000),
    capMinor: z.number().int().min(0).max(100_000_000).nullable(),
    payer: z.enum(FEE_PAYERS),
  })
  .strict()
  .openapi('PutFeePolicy', { example: { currency: 'ZAR', percentBps: 250, fixedMinor: 300, capMinor: 5000, payer: 'buyer' } });
export type PutFeePolicy = z.infer<typeof PutFeePolicySchema>;

export const FeePolicyListQuery = z.object({ organizationId: Id.optional().openapi({ description: 'Only this organization’s policies' }) });

const QuoteItemRequest = z
  .object({
    ticketTypeId: Id,
    quantity: z.number().int().min(1).max(50).optional().openapi({ description: 'General-admission places' }),
    seats: z.array(z.string().min(1).max(60)).min(1).max(50).optional().openapi({ description: 'Seat ids (seated types)' }),
  })
  .strict()
  .refine((v) => (v.quantity === undefined) !== (v.seats === undefined), { message: 'Send either quantity or seats', path: ['quantity'] });

export const QuoteRequestSchema = z
  .object({
    items: z.array(QuoteItemRequest).min(1).max(20),
    couponCode: z.string().trim().min(1).max(64).optional(),
    donationMinor: z.number().int().min(0).max(10_000_000).optional().openapi({ description: 'An optional donation, in minor units' }),
    turnstileToken: z.string().max(4096).optional().openapi({ description: 'The Turnstile widget’s token when no `Human-Pass` header is sent (no active waiting room, TURNSTILE_SECRET set)' }),
  })
  .strict()
  .openapi('QuoteRequest', { example: { items: [{ ticketTypeId: 'tty_01jx0000000000000000000000', quantity: 2 }], couponCode: 'EARLY-15', donationMinor: 2000 } });
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;

const Minor = z.number().int();

export const QuoteSchema = z
  .object({
    currency: z.string(),
    vat: z.object({ mode: z.enum(['inclusive', 'exclusive']), rateBps: Minor }),
    feePayer: z.enum(FEE_PAYERS),
    items: z.array(
      z.object({
        ticketTypeId: z.string(),
        ticketTypeName: z.string(),
        seatId: z.string().nullable(),
        category: z.string().nullable(),
        basePriceMinor: Minor,
        unitPriceMinor: Minor.openapi({ description: 'After pricing rules, before the coupon' }),
        appliedRule: z.object({ id: z.string(), name: z.string() }).nullable(),
        discountMinor: Minor,
        buyerFeeMinor: Minor,
        organizerFeeMinor: Minor,
        vatMinor: Minor,
        totalMinor: Minor,
      }),
    ),
    coupon: z.object({ id: z.string(), code: z.string(), discountMinor: Minor }).nullable(),
    totals: z.object({
      subtotalMinor: Minor,
      discountMinor: Minor,
      buyerFeeMinor: Minor,
      organizerFeeMinor: Minor,
      vatMinor: Minor,
      donationMinor: Minor,
      totalMinor: Minor,
      currency: z.string(),
    }),
  })
  .openapi('Quote');
