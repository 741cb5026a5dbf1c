/** Organizer routes for pricing: coupons, an event's pricing rules, and the fee policy in force for the organization. */
import { eq } from 'drizzle-orm';
import { organizationSettings } from '../../db/schema/tenancy';
import { createRouter, idParam, json, jsonBody, OrgParams, PageQuery, pageOf, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { createCoupon, deactivateCoupon, getCoupon, listCoupons, updateCoupon } from './coupon-admin';
import { effectiveFeePolicy, toFeePolicyOut } from './fees';
import { createPricingRule, deletePricingRule, getPricingRule, listPricingRules, updatePricingRule } from './pricing-rules';
import {
  CouponListQuery,
  CouponSchema,
  CreateCouponSchema,
  CreatePricingRuleSchema,
  FeePolicySchema,
  PricingRuleSchema,
  UpdateCouponSchema,
  UpdatePricingRuleSchema,
} from './schemas';

const CouponParams = OrgParams.extend({ couponId: idParam('cpn', 'Coupon id') });
const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const RuleParams = EventParams.extend({ pricingRuleId: idParam('prl', 'Pricing rule id') });
const tags = ['Pricing'];

export const pricingRoutes = createRouter()
  .openapi(
    tenantRoute('pricing.read', {
      method: 'get',
      path: '/orgs/{orgId}/coupons',
      tags,
      summary: 'List coupons, newest first',
      request: { params: OrgParams, query: PageQuery.extend(CouponListQuery.shape) },
      responses: { 200: json(pageOf(CouponSchema), 'A page of coupons') },
    }),
    async (c) => c.json(await listCoupons({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    tenantRoute('pricing.manage', {
      method: 'post',
      path: '/orgs/{orgId}/coupons',
      tags,
      summary: 'Create a coupon (percent or fixed; limits, validity window, ticket-type scope)',
      request: { params: OrgParams, body: jsonBody(CreateCouponSchema) },
      responses: { 201: json(CouponSchema, 'Created'), 409: json(z.any(), 'The code is taken (`coupon_code_taken`)') },
    }),
    async (c) => c.json(await createCoupon({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('pricing.read', {
      method: 'get',
      path: '/orgs/{orgId}/coupons/{couponId}',
      tags,
      summary: 'One coupon, with its uses so far',
      request: { params: CouponParams },
      responses: { 200: json(CouponSchema, 'The coupon') },
    }),
    async (c) => c.json(await getCoupon(tenantContext(c), c.req.valid('param').couponId), 200),
  )
  .openapi(
    tenantRoute('pricing.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/coupons/{couponId}',
      tags,
      summary: 'Change a coupon (not its kind or event)',
      request: { params: CouponParams, body: jsonBody(UpdateCouponSchema) },
      responses: { 200: json(CouponSchema, 'Updated'), 409: json(z.any(), 'The new code is taken (`coupon_code_taken`)') },
    }),
    async (c) => c.json(await updateCoupon({ ctx: tenantContext(c), couponId: c.req.valid('param').couponId, input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('pricing.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/coupons/{couponId}',
      tags,
      summary: 'Deactivate a coupon (it stays on record with its redemptions; PATCH active=true revives it)',
      request: { params: CouponParams },
      responses: { 200: json(CouponSchema, 'Deactivated') },
    }),
    async (c) => c.json(await deactivateCoupon({ ctx: tenantContext(c), couponId: c.req.valid('param').couponId }), 200),
  )
  .openapi(
    tenantRoute('pricing.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/pricing-rules',
      tags,
      summary: 'The pricing rules of an event',
      request: { params: EventParams },
      responses: { 200: json(z.object({ items: z.array(PricingRuleSchema) }), 'Pricing rules, oldest first') },
    }),
    async (c) => c.json({ items: await listPricingRules(tenantContext(c), c.req.valid('param').eventId) }, 200),
  )
  .openapi(
    tenantRoute('pricing.manage', {
      method: 'post',
      path: '/orgs/{orgId}/events/{eventId}/pricing-rules',
      tags,
      summary: 'Add a pricing rule: an early-bird price, a quantity tier or a price by seat category',
      request: { params: EventParams, body: jsonBody(CreatePricingRuleSchema) },
      responses: { 201: json(PricingRuleSchema, 'Created'), 409: json(z.any(), 'The event is cancelled or completed') },
    }),
    async (c) => c.json(await createPricingRule({ ctx: tenantContext(c), eventId: c.req.valid('param').eventId, input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('pricing.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/pricing-rules/{pricingRuleId}',
      tags,
      summary: 'One pricing rule',
      request: { params: RuleParams },
      responses: { 200: json(PricingRuleSchema, 'The rule') },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getPricingRule(tenantContext(c), p.eventId, p.pricingRuleId), 200);
    },
  )
  .openapi(
    tenantRoute('pricing.manage', {
      method: 'patch',
      path: '/orgs/{orgId}/events/{eventId}/pricing-rules/{pricingRuleId}',
      tags,
      summary: 'Change a pricing rule (not its kind)',
      request: { params: RuleParams, body: jsonBody(UpdatePricingRuleSchema) },
      responses: { 200: json(PricingRuleSchema, 'Updated'), 409: json(z.any(), 'The event is cancelled or completed') },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await updatePricingRule({ ctx: tenantContext(c), eventId: p.eventId, ruleId: p.pricingRuleId, input: c.req.valid('json') }), 200);
    },
  )
  .openapi(
    tenantRoute('pricing.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/events/{eventId}/pricing-rules/{pricingRuleId}',
      tags,
      summary: 'Remove a pricing rule (orders already placed keep the price they were quoted)',
      request: { params: RuleParams },
      responses: { 204: { description: 'Removed' }, 409: json(z.any(), 'The event is cancelled or completed') },
    }),
    async (c) => {
      const p = c.req.valid('param');
      await deletePricingRule({ ctx: tenantContext(c), eventId: p.eventId, ruleId: p.pricingRuleId });
      return c.body(null, 204);
    },
  )
  .openapi(
    tenantRoute('organization.read', {
      method: 'get',
      path: '/orgs/{orgId}/fee-policy',
      tags,
      summary: "The platform fee in force for the organization's currency (its own policy, the platform default, or the built-in one)",
      request: { params: OrgParams },
      responses: { 200: json(FeePolicySchema, 'The effective fee policy') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const [settings] = await ctx.db.select({ currency: organizationSettings.currency }).from(organizationSettings).where(eq(organizationSettings.organizationId, ctx.organizationId)).limit(1);
      return c.json(toFeePolicyOut(await effectiveFeePolicy(ctx.db, ctx.organizationId, settings!.currency)), 200);
    },
  );
