/**
 * While an event's waiting room is on, its public holds, quotes and checkouts need an admission token (`Admission`
 * header, or the storefront's cookie: admission-cookie.ts), verified here in the Worker with no object call; the room's settings come from a 2-second isolate cache
 * (settings.ts `publicRoom`). Events without a room pass untouched.
 */
import type { Database } from '../../db/client';
import type { Env } from '../../env';
import { ConflictError } from '../../platform/errors';
import type { EventRow } from '../events/events';
import { admissionSent, type RequestHeaders } from './admission-cookie';
import { publicRoom } from './public-room';
import { AdmissionRequiredError, readAdmission, type Admission } from './tokens';

/** Answers the buyer's admission (null when the event has no room on), or throws 403 `admission_required`. */
export async function requireAdmission(db: Database, env: Env, event: Pick<EventRow, 'id' | 'organizationId'>, headers: RequestHeaders, seats?: number): Promise<Admission | null> {
  const room = await publicRoom(db, event);
  if (!room.enabled) return null;
  const token = admissionSent(env, headers);
  if (!token) throw new AdmissionRequiredError(event.id);
  const admission = await readAdmission(env, token, event.id);
  if (!admission) throw new AdmissionRequiredError(event.id, 'This admission is not valid for this event, or it has expired');
  if (seats !== undefined && seats > admission.maxSeats) throw new ConflictError(`Your admission allows at most ${admission.maxSeats} seats per request.`, 'admission_seat_limit');
  return admission;
}
