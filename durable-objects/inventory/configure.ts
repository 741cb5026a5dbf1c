/** Configuration verbs of the inventory engine: hydrate (the layout snapshot, once) and configure (everything that may change later). Each runs inside the DO's one transaction. */
import type { InventoryEngine } from './engine';
import { fail, type HydrateInput, type InventoryConfig, type Result } from './engine-types';
import type { GaAreaSpec, SelectableRow, TicketTypeSpec } from './types';
import { initialLeases } from './leases';

/** First call stores the layout snapshot; later calls only update the configuration (seats never move). */
export function hydrate(inv: InventoryEngine, input: HydrateInput, now: number): Result<{ created: boolean }> {
  if (inv.hydrated) {
    const configured = configure(inv, input, now);
    return configured.ok ? { ok: true, value: { created: false } } : configured;
  }
  const gaElsewhere = input.shard !== undefined && input.shard.index !== 0;
  const check = checkTicketTypes(inv, input.ticketTypes, new Map(input.gaAreas.map((a) => [a.key, a])), new Set(input.categories.map((c) => c.key)), gaElsewhere);
  if (!check.ok) return check;
  const config: InventoryConfig = { ...input };
  delete (config as Partial<HydrateInput>).seats;
  delete (config as Partial<HydrateInput>).gaAreas;
  delete (config as Partial<HydrateInput>).focal;
  delete (config as Partial<HydrateInput>).categories;
  delete (config as Partial<HydrateInput>).layoutVersion;
  delete (config as Partial<HydrateInput>).shard;
  for (const s of input.seats) {
    inv.sql.exec(
      'INSERT INTO seats (id, section, row, label, position, x, y, category, accessible, restricted_view, not_for_sale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      s.id, s.section, s.row, s.label, s.position, s.x, s.y, s.category, s.accessible ? 1 : 0, s.restrictedView ? 1 : 0, s.notForSale ? 1 : 0,
    );
  }
  for (const a of input.gaAreas) inv.sql.exec('INSERT INTO ga_areas (key, name, capacity) VALUES (?, ?, ?)', a.key, a.name, a.capacity);
  inv.setMeta('config', JSON.stringify(config));
  inv.setMeta('focal', JSON.stringify(input.focal));
  inv.setMeta('categories', JSON.stringify(input.categories));
  inv.setMeta('layout_version', JSON.stringify(input.layoutVersion));
  if (input.shard) {
    inv.shard = { index: input.shard.index, count: input.shard.count };
    inv.setMeta('shard', JSON.stringify(inv.shard));
    if (input.shard.index === 0 && input.shard.plan !== undefined) inv.setMeta('plan', JSON.stringify(input.shard.plan));
  }
  inv.bumpVersion();
  inv.outbox('inventory.hydrated', { seats: input.seats.length, gaAreas: input.gaAreas.length }, now);
  // Memory last: everything above either committed or threw.
  const rowIndex = new Map<string, SelectableRow>();
  const sorted = [...input.seats].sort((a, b) => (a.section < b.section ? -1 : a.section > b.section ? 1 : a.row < b.row ? -1 : a.row > b.row ? 1 : a.position - b.position));
  for (const s of sorted) inv.addSeat(s, rowIndex, { status: 'available', holdId: null, orderId: null, ticketTypeId: null, checkedIn: false });
  for (const a of input.gaAreas) inv.areas.set(a.key, a);
  inv.config = config;
  inv.focal = input.focal;
  inv.indexRows();
  inv.categories = input.categories;
  inv.layoutVersion = input.layoutVersion;
  for (const t of config.ticketTypes) inv.types.set(t.id, t);
  if (input.shard) initialLeases(inv, input.shard.leases);
  return { ok: true, value: { created: true } };
}

/** The ticket types fit the layout, and no type with holds or sales shrinks below them or disappears. */
/** `gaElsewhere`: a shard other than the coordinator, which has no GA areas (they are the coordinator's). */
export function checkTicketTypes(inv: InventoryEngine, types: TicketTypeSpec[], areas: Map<string, GaAreaSpec>, categories: Set<string>, gaElsewhere = false): Result<null> {
  for (const t of types) {
    if (t.kind === 'ga' && t.gaAreaKey && !gaElsewhere && !areas.has(t.gaAreaKey)) return fail('unknown_area', `Ticket type ${t.name} admits to area '${t.gaAreaKey}', which the layout does not have.`);
    if (t.kind === 'ga' && !t.gaAreaKey && t.capacity === null) return fail('capacity_required', `Ticket type ${t.name} needs a capacity or a GA area.`);
    if (t.kind === 'seated' && inv.seats.size + categories.size > 0 && t.categories.some((c) => !categories.has(c))) {
      return fail('unknown_category', `Ticket type ${t.name} sells a category the layout does not have.`);
    }
    const used = inv.typeUsage.get(t.id);
    if (t.capacity !== null && used && used.held + used.sold > t.capacity) {
      return fail('capacity_below_used', `Ticket type ${t.name} already has ${used.held + used.sold} held or sold; its capacity cannot go below that.`);
    }
  }
  for (const [id, used] of inv.typeUsage) {
    if (used.held + used.sold > 0 && !types.some((t) => t.id === id)) return fail('ticket_type_in_use', 'A ticket type with holds or sales cannot be removed.');
  }
  return { ok: true, value: null };
}

/** A new configuration (status, sale window, hold time, ticket types) for a hydrated inventory; seats never move. */
export function configure(inv: InventoryEngine, next: InventoryConfig, now: number): Result<null> {
  if (!inv.config) return fail('not_hydrated', 'The event has not been published yet.');
  const check = checkTicketTypes(inv, next.ticketTypes, inv.areas, new Set(inv.categories.map((c) => c.key)), inv.shard !== null && inv.shard.index !== 0);
  if (!check.ok) return check;
  const config: InventoryConfig = {
    eventId: inv.config.eventId,
    organizationId: inv.config.organizationId,
    status: next.status,
    holdTtlMs: next.holdTtlMs,
    reentryAllowed: next.reentryAllowed ?? false,
    saleStartsAt: next.saleStartsAt,
    saleEndsAt: next.saleEndsAt,
    ticketTypes: next.ticketTypes,
  };
  inv.setMeta('config', JSON.stringify(config));
  inv.bumpVersion();
  inv.outbox('inventory.configured', { status: config.status }, now);
  inv.config = config;
  inv.types.clear();
  for (const t of config.ticketTypes) inv.types.set(t.id, t);
  return { ok: true, value: null };
}
