/**
 * Organizer routes for the cold layer (docs/postgres.md, "Reconciliation" and "Archival"): the replication lag, the
 * latest D1 ↔ Postgres check per event and the archived events (D1 only: answers while Postgres is away); one event's
 * figures compared live (needs Postgres: 503 + Retry-After while it is away). Read-only: the repairs are the hourly
 * job's (reconcile.ts).
 */
import { postgres } from '../../db/postgres-client';
import { REPLICA_CHECK_STATUSES } from '../../db/schema/cold-layer';
import { NotFoundError } from '../../platform/errors';
import { createRouter, idParam, json, OrgParams, problem, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { d1Figures, differences, pgFigures } from './figures';
import { archives, eventChecks, latestChecks, replicationLag } from './status';
import { eventArchive } from './archived-orders';
import { archivedOrder } from './archived-order';

const tags = ['Replication'];
const EventParams = OrgParams.extend({ eventId: idParam('evt', 'Event id') });
const Diff = z.record(z.string(), z.object({ d1: z.number(), pg: z.number() }));
const LagSchema = z
  .object({ pending: z.number().int(), oldestPendingAt: z.string().nullable(), oldestPendingSeconds: z.number().int() })
  .openapi('ReplicationLag', { description: 'Outbox changes of this organization not yet in Postgres, and how old the oldest is' });
const CheckSchema = z
  .object({
    id: z.string(),
    eventId: z.string(),
    ranAt: z.string(),
    status: z.enum(REPLICA_CHECK_STATUSES),
    differences: Diff,
    pending: z.number().int(),
    resent: z.number().int(),
  })
  .openapi('ReplicaCheck');
const ArchiveSchema = z
  .object({ eventId: z.string(), status: z.enum(['archiving', 'archived']), startedAt: z.string(), archivedAt: z.string().nullable(), counts: z.record(z.string(), z.number()) })
  .openapi('EventArchive');
const ArchivedOrderSchema = z
  .object({
    id: z.string(),
    archived: z.boolean().openapi({ description: "Whether the order's event is archived (D1 no longer holds it)" }),
    eventId: z.string(),
    status: z.string(),
    buyerName: z.string(),
    buyerEmail: z.string(),
    currency: z.string(),
    subtotalMinor: z.number().int(),
    discountMinor: z.number().int(),
    buyerFeeMinor: z.number().int(),
    organizerFeeMinor: z.number().int(),
    vatMinor: z.number().int(),
    donationMinor: z.number().int(),
    totalMinor: z.number().int(),
    refundedMinor: z.number().int(),
    paidAt: z.string().nullable(),
    createdAt: z.string(),
    lines: z.array(z.object({ id: z.string(), ticketTypeId: z.string(), seatId: z.string().nullable(), unitPriceMinor: z.number().int(), discountMinor: z.number().int(), buyerFeeMinor: z.number().int(), vatMinor: z.number().int(), totalMinor: z.number().int() })),
    tickets: z.array(z.object({ id: z.string(), ticketTypeId: z.string(), seatId: z.string().nullable(), attendeeName: z.string().nullable(), status: z.string(), issuedAt: z.string().nullable() })),
    payments: z.array(z.object({ id: z.string(), provider: z.string(), status: z.string(), amountMinor: z.number().int(), currency: z.string(), createdAt: z.string().nullable() })),
    refunds: z.array(z.object({ id: z.string(), amountMinor: z.number().int(), currency: z.string(), reason: z.string(), ticketIds: z.array(z.string()), status: z.string(), createdAt: z.string().nullable() })),
  })
  .openapi('ArchivedOrder', { description: 'An order as the Postgres copy holds it — the record of an archived event (no QR tokens or payment links: they never leave D1)' });
const StatusSchema = z.object({ lag: LagSchema, checks: z.array(CheckSchema), archives: z.array(ArchiveSchema) }).openapi('ReplicationStatus');
const CompareSchema = z
  .object({ eventId: z.string(), archived: z.boolean(), d1: z.record(z.string(), z.number()), postgres: z.record(z.string(), z.number()), differences: Diff, lag: LagSchema, checks: z.array(CheckSchema) })
  .openapi('ReplicaComparison');

async function assertEvent(db: D1Database, organizationId: string, eventId: string) {
  const row = await db.prepare('SELECT id FROM events WHERE organization_id = ?1 AND id = ?2').bind(organizationId, eventId).first();
  if (!row) throw new NotFoundError('Event');
}

export const coldLayerRoutes = createRouter()
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/replication',
      tags,
      summary: 'Replication lag, the latest D1 ↔ Postgres check per event, and archived events',
      request: { params: OrgParams },
      responses: { 200: json(StatusSchema, 'The cold layer as the hourly checks last saw it') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const db = ctx.env.DB;
      return c.json({ lag: await replicationLag(db, ctx.organizationId, Date.now()), checks: await latestChecks(db, ctx.organizationId), archives: await archives(db, ctx.organizationId) }, 200);
    },
  )
  .openapi(
    tenantRoute('finance.read', {
      method: 'get',
      path: '/orgs/{orgId}/events/{eventId}/replication',
      tags,
      summary: "One event's figures in D1 and Postgres now, their differences and its recent checks",
      request: { params: EventParams },
      responses: { 200: json(CompareSchema, 'The comparison'), 503: problem('Postgres is briefly unavailable; see Retry-After') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      const { eventId } = c.req.valid('param');
      const db = ctx.env.DB;
      await assertEvent(db, ctx.organizationId, eventId);
      const pg = postgres(ctx.env);
      try {
        const inPg = await pgFigures(pg, ctx.organizationId, eventId);
        const inD1 = await d1Figures(db, ctx.organizationId, eventId);
        return c.json(
          {
            eventId,
            archived: Boolean(await eventArchive(db, ctx.organizationId, eventId)),
            d1: inD1,
            postgres: inPg,
            differences: differences(inD1, inPg),
            lag: await replicationLag(db, ctx.organizationId, Date.now()),
            checks: await eventChecks(db, ctx.organizationId, eventId),
          },
          200,
        );
      } finally {
        await pg.close();
      }
    },
  )
  .openapi(
    tenantRoute('orders.read', {
      method: 'get',
      path: '/orgs/{orgId}/archived-orders/{orderId}',
      tags,
      summary: 'An order with its lines, tickets, payments and refunds as the Postgres copy holds it (the record of an archived event)',
      request: { params: OrgParams.extend({ orderId: idParam('ord', 'Order id') }) },
      responses: { 200: json(ArchivedOrderSchema, 'The order as archived'), 503: problem('Postgres is briefly unavailable; see Retry-After') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      return c.json(await archivedOrder(ctx.env, ctx.organizationId, c.req.valid('param').orderId), 200);
    },
  );
