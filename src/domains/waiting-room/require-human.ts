/**
 * Turnstile on holding without a queue (docs/waiting-room.md): where TURNSTILE_SECRET is set, the public holds,
 * extensions and quotes of an event with no active room need a human: a valid `Human-Pass` (human-pass.ts) for the
 * event, else a Turnstile widget token, checked once with the same adapter as the queue's join
 * (src/platform/turnstile.ts) and answered with a new pass. A buyer with an admission needs neither: the queue's join
 * checked them. Refused: 403 `turnstile_failed`.
 */
import type { Env } from '../../env';
import { ForbiddenError } from '../../platform/errors';
import { verifyTurnstile } from '../../platform/turnstile';
import { isHumanPass, signHumanPass } from './human-pass';

/** The request header a pass travels in (and the hold answer's header that hands a new one out). */
export const HUMAN_PASS_HEADER = 'Human-Pass';

export type HumanProof = {
  eventId: string;
  /** The buyer came through the event's room (an admission, or the room is on): checked at the join. */
  admitted: boolean;
  pass: string | undefined;
  turnstileToken: string | undefined;
  ip: string | null;
};

/** Null when nothing new is to be handed out; a new pass (and its expiry) after a successful widget check. */
export async function requireHuman(env: Env, proof: HumanProof): Promise<{ pass: string; expiresAt: string } | null> {
  if (!env.TURNSTILE_SECRET || proof.admitted) return null;
  if (await isHumanPass(env, proof.pass?.trim(), proof.eventId)) return null;
  if (!proof.turnstileToken) {
    throw new ForbiddenError(
      `Complete the Turnstile check: send its token as \`turnstileToken\`, or the \`${HUMAN_PASS_HEADER}\` a hold answered${proof.pass ? ' (this one is expired or for another event)' : ''}.`,
      'turnstile_failed',
    );
  }
  const human = await verifyTurnstile(env, proof.turnstileToken, proof.ip);
  if (!human.success) throw new ForbiddenError(`The Turnstile check failed (${human.errorCodes.join(', ') || 'no reason given'}): complete it and try again.`, 'turnstile_failed');
  return signHumanPass(env, proof.eventId);
}
