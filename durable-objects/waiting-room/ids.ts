/** Join and buyer-session ids: random, unguessable (they end up in signed tokens, never as the only proof). */
import { newId } from '../../src/platform/ids';

export const newJoinId = () => newId('qjn');
export const newSessionId = () => newId('qss');

/**
 * A pre-queue join's lottery number: uniform in [0, 1) with 53 random bits from crypto.getRandomValues. Sorting the
 * pre-queue by it at sale start is a uniformly random order (independent continuous keys), and it travels signed in
 * the buyer's ticket, so the Worker can tell whether the cursor has passed a pre-queue place without asking the room.
 */
export function newLottery(fill: (a: Uint32Array) => Uint32Array = (a) => crypto.getRandomValues(a)): number {
  const words = fill(new Uint32Array(2));
  return (words[0]! * 2 ** 21 + (words[1]! >>> 11)) / 2 ** 53;
}
