/**
 * The event's check-in counts from its live channel's gate projection (a device ticket, src/shared/live-protocol.ts):
 * every snapshot and delta carries `counts.checkedIn`, `counts.inside` and `counts.gates` (check-ins per gate id).
 * Read loosely (no zod in the scanner bundle): anything that does not look like counts is ignored. The socket itself
 * is the shared live channel (web/src/ui/live-channel.ts), which hands over parsed messages; raw text works too.
 */

export type GateCounts = { checkedIn: number; inside: number; atGate: number | null };

export function countsFromLiveMessage(data: unknown, gateId: string | null): GateCounts | null {
  let msg: unknown = data;
  if (typeof data === 'string') {
    try {
      msg = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (!msg || typeof msg !== 'object') return null;
  const counts = (msg as { counts?: unknown }).counts;
  if (!counts || typeof counts !== 'object') return null;
  const c = counts as { checkedIn?: unknown; inside?: unknown; gates?: unknown };
  if (typeof c.checkedIn !== 'number') return null;
  const gates = c.gates && typeof c.gates === 'object' ? (c.gates as Record<string, unknown>) : {};
  const atGate = gateId ? gates[gateId] : undefined;
  return { checkedIn: c.checkedIn, inside: typeof c.inside === 'number' ? c.inside : c.checkedIn, atGate: gateId ? (typeof atGate === 'number' ? atGate : 0) : null };
}

