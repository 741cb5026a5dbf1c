/**
 * Names the console shows for things it knows by id, never the id itself (test/web/orders/tickets.test.ts): a
 * placeholder while the names load, a plain description of one that no longer exists.
 */

/** A ticket type's name: "…" while the names load (`names` null), "A removed ticket type" when the event lacks it. */
export function ticketTypeLabel(names: ReadonlyMap<string, string> | null | undefined, id: string): string {
  if (!names) return '…';
  return names.get(id) ?? 'A removed ticket type';
}
