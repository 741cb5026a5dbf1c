/** Gates (entry points) of a venue: list, create, rename, delete. Names are unique per venue. */
import { and, eq } from 'drizzle-orm';
import { writeBatch } from '../../db/client';
import { gates } from '../../db/schema/venues';
import { auditEntry } from '../../platform/audit';
import type { TenantContext } from '../../platform/context';
import { ConflictError, NotFoundError } from '../../platform/errors';
import { ID_PREFIXES, newId } from '../../platform/ids';
import { newestFirstPage } from '../../db/keyset';
import type { Gate, GateInput } from './schemas';
import { loadActiveVenue, loadVenue } from './venues';

type GateRow = typeof gates.$inferSelect;

const toGate = (r: GateRow): Gate => ({
  id: r.id,
  venueId: r.venueId,
  name: r.name,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The unique index (venue, name) decides, so two people adding the same name at once can't both win. */
const nameTakenGuard = (name: string) => ({
  'UNIQUE constraint failed: gates.venue_id, gates.name': () => new ConflictError(`This venue already has a gate called '${name}'.`, 'gate_name_taken'),
});

async function loadGate(ctx: TenantContext, venueId: string, gateId: string): Promise<GateRow> {
  const [row] = await ctx.db
    .select()
    .from(gates)
    .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.venueId, venueId), eq(gates.id, gateId)))
    .limit(1);
  if (!row) throw new NotFoundError('Gate');
  return row;
}

export async function listGates({ ctx, venueId, input }: { ctx: TenantContext; venueId: string; input: { limit: number; cursor?: string } }) {
  await loadVenue(ctx, venueId);
  const page = await newestFirstPage(gates.id, input, (k) =>
    ctx.db
      .select()
      .from(gates)
      .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.venueId, venueId), k.after))
      .orderBy(k.order)
      .limit(k.limit),
  );
  return { items: page.items.map(toGate), nextCursor: page.nextCursor };
}

export async function getGate(ctx: TenantContext, venueId: string, gateId: string): Promise<Gate> {
  return toGate(await loadGate(ctx, venueId, gateId));
}

export async function createGate({ ctx, venueId, input }: { ctx: TenantContext; venueId: string; input: GateInput }): Promise<Gate> {
  await loadActiveVenue(ctx, venueId);
  const now = new Date();
  const row: GateRow = { id: newId(ID_PREFIXES.gate), organizationId: ctx.organizationId, venueId, name: input.name, createdAt: now, updatedAt: now };
  await writeBatch(
    ctx.db,
    [
      ctx.db.insert(gates).values(row),
      auditEntry(ctx, { organizationId: ctx.organizationId, action: 'gate.created', resourceType: 'gate', resourceId: row.id, changes: { venueId, name: row.name } }),
    ],
    nameTakenGuard(input.name),
  );
  return toGate(row);
}

export async function renameGate({ ctx, venueId, gateId, input }: { ctx: TenantContext; venueId: string; gateId: string; input: GateInput }): Promise<Gate> {
  const row = await loadGate(ctx, venueId, gateId);
  if (row.name === input.name) return toGate(row);
  const updatedAt = new Date();
  await writeBatch(
    ctx.db,
    [
      ctx.db
        .update(gates)
        .set({ name: input.name, updatedAt })
        .where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.id, gateId))),
      auditEntry(ctx, {
        organizationId: ctx.organizationId,
        action: 'gate.renamed',
        resourceType: 'gate',
        resourceId: gateId,
        changes: { venueId, name: { from: row.name, to: input.name } },
      }),
    ],
    nameTakenGuard(input.name),
  );
  return toGate({ ...row, name: input.name, updatedAt });
}

export async function deleteGate({ ctx, venueId, gateId }: { ctx: TenantContext; venueId: string; gateId: string }): Promise<void> {
  const row = await loadGate(ctx, venueId, gateId);
  await writeBatch(ctx.db, [
    ctx.db.delete(gates).where(and(eq(gates.organizationId, ctx.organizationId), eq(gates.id, gateId))),
    auditEntry(ctx, { organizationId: ctx.organizationId, action: 'gate.deleted', resourceType: 'gate', resourceId: gateId, changes: { venueId, name: row.name } }),
  ]);
}
