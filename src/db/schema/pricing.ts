/** Pricing: rules that change a ticket's unit price, coupons and their redemptions, and platform fee policies. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';
import { events } from './events';
import { organizations } from './tenancy';

export const PRICING_RULE_KINDS = ['early_bird', 'quantity_tier', 'category_price'] as const;
export type PricingRuleKind = (typeof PRICING_RULE_KINDS)[number];

/**
 * Each rule sets a unit price. A category price replaces the ticket type's price for seats of that
 * category; early-bird (a time window) and quantity-tier (from N tickets) rules then offer a price,
 * and the buyer gets the lowest that applies (docs/pricing.md).
 */
export const pricingRules = sqliteTable(
  'pricing_rules',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    eventId: text()
      .notNull()
      .references(() => events.id),
    /** Null: every ticket type of the event. */
    ticketTypeId: text(),
    kind: text({ enum: PRICING_RULE_KINDS }).notNull(),
    name: text().notNull(),
    category: text(),
    minQuantity: integer(),
    startsAt: instant(),
    endsAt: instant(),
    unitPriceMinor: integer().notNull(),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('pricing_rules_org_event_idx').on(t.organizationId, t.eventId)],
);

export const COUPON_KINDS = ['percent', 'fixed'] as const;

export const coupons = sqliteTable(
  'coupons',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    /** Null: valid for every event of the organization. */
    eventId: text(),
    /** Stored upper-case; buyers type it in any case. */
    code: text().notNull(),
    kind: text({ enum: COUPON_KINDS }).notNull(),
    /** Percent coupons: basis points (1500 = 15 %). */
    percentBps: integer(),
    /** Fixed coupons: minor units off the order, in `currency`. */
    amountMinor: integer(),
    currency: text(),
    maxRedemptions: integer(),
    maxPerBuyer: integer(),
    /** Redemptions reserved or used; raised and checked in one conditional UPDATE, so it never passes the limit. */
    redeemedCount: integer().notNull().default(0),
    validFrom: instant(),
    validUntil: instant(),
    /** Empty: every ticket type. */
    ticketTypeIds: text({ mode: 'json' }).$type<string[]>().notNull(),
    /** The code also reveals hidden ticket types in its scope. */
    unlocksHidden: integer({ mode: 'boolean' }).notNull().default(false),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('coupons_org_code_uq').on(t.organizationId, t.code), index('coupons_org_event_idx').on(t.organizationId, t.eventId)],
);

export const COUPON_REDEMPTION_STATUSES = ['reserved', 'redeemed', 'released'] as const;

export const couponRedemptions = sqliteTable(
  'coupon_redemptions',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    couponId: text()
      .notNull()
      .references(() => coupons.id),
    orderId: text().notNull(),
    buyerEmail: text().notNull(),
    status: text({ enum: COUPON_REDEMPTION_STATUSES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('coupon_redemptions_coupon_order_uq').on(t.couponId, t.orderId),
    index('coupon_redemptions_org_coupon_email_idx').on(t.organizationId, t.couponId, t.buyerEmail),
  ],
);

export const FEE_PAYERS = ['buyer', 'organizer'] as const;

/**
 * The platform's fee per ticket: percent + fixed, capped. A row without an organization is the
 * platform default; an organization's own row (set by platform admins) overrides it.
 */
export const feePolicies = sqliteTable(
  'fee_policies',
  {
    id: id(),
    organizationId: text(),
    percentBps: integer().notNull(),
    fixedMinor: integer().notNull(),
    /** Per ticket; null = no cap. */
    capMinor: integer(),
    currency: text().notNull(),
    payer: text({ enum: FEE_PAYERS }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('fee_policies_org_currency_uq').on(t.organizationId, t.currency)],
);
