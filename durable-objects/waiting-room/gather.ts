/**
 * The room's gathering of late joins from its join shards (join-shard.ts): every shard — the room's own table as
 * shard 0, the others by RPC — hands over its late joins after the room's last cut-off through this one. All of them or
 * none: a cut-off is only placed through when every shard answered (a shard that did not may still hold joins at or
 * before it), so a failed round places nothing and the next tick asks again from the same cut-off.
 */
import { joinShardName, type JoinShard, type LateJoin } from './join-shard';
import type { RoomConfig } from './types';

export async function gatherLate(
  env: Cloudflare.Env,
  config: RoomConfig,
  own: JoinShard,
  late: { shards: number; gatheredThrough: number },
  through: number,
  idle: boolean,
): Promise<LateJoin[] | null> {
  const ns = env.WAITING_ROOM;
  try {
    const others = await Promise.all(
      Array.from({ length: late.shards - 1 }, (_, i) => ns.get(ns.idFromName(joinShardName(config.organizationId, config.eventId, i + 1))).gatherLate({ after: late.gatheredThrough, through, idle })),
    );
    // The room's own late joins last: synchronous, so none can land between reading them and placing them.
    return [...others.flatMap((o) => o.joins), ...own.gather(late.gatheredThrough, through, idle).joins];
  } catch (error) {
    console.error(JSON.stringify({ level: 'warn', msg: 'waiting room could not gather late joins', eventId: config.eventId, error: String(error) }));
    return null;
  }
}
