/**
 * The event's waiting room right now, and the organizer's hand on it (docs/waiting-room.md): the live figures —
 * waiting, admitted, active shoppers, the admission rate actually reached over the last minute, the sale's pace and
 * when it sells out at that pace — and, with events.manage, pause / resume admission, close the room, and change the
 * rate (or back to auto) with PATCH …/waiting-room (audited). A pause or close reaches waiting buyers at once.
 */
import { useState } from 'react';
import { api, ApiError, call, type Schemas, asApiError } from '../../../api/client';
import { ProblemBanner } from '../../../ui/forms';
import { useOrg } from '../../session';
import { useEvent } from './event-context';

type Room = Schemas['WaitingRoom'];
type Patch = Schemas['PatchWaitingRoom'];

const STATE_LABEL: Record<string, string> = {
  prequeue: 'Pre-queue: buyers are joining; the order is drawn at sale start',
  open: 'Open: admitting buyers',
  paused: 'Paused: nobody is admitted for now',
  sold_out: 'Sold out: everyone still waiting has been told',
  closed: 'Closed',
};

const ADMISSION_LABEL: Record<string, string> = {
  open: 'Admitting',
  paused: 'Paused by you: nobody is admitted until you resume',
  closed: 'Closed by you: nobody is admitted and nobody new can join',
};

/** "about 3 min", "45 s", "sold out", or "–" when the pace is not known yet. */
export function etaText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds === 0) return 'now (nothing left)';
  if (seconds < 90) return `about ${seconds} s`;
  if (seconds < 2 * 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/** What auto learnt of the shoppers: "62% of sessions that ended · 2.1 seats each", or "–" before 10 sessions. */
export function learntText(completionRate: number | null | undefined, seatsPerShopper: number | null | undefined): string {
  const parts = [
    ...(completionRate === null || completionRate === undefined ? [] : [`${Math.round(completionRate * 100)}% of sessions that ended`]),
    ...(seatsPerShopper === null || seatsPerShopper === undefined ? [] : [`${seatsPerShopper.toLocaleString()} seats each`]),
  ];
  return parts.length ? parts.join(' · ') : '– (learnt after 10 sessions)';
}

export function LiveFigures({ room }: { room: Room }) {
  const live = room.live;
  return (
    <section className="card" aria-labelledby="room-live-heading" aria-live="polite">
      <h2 id="room-live-heading" style={{ marginTop: 0 }}>
        The room right now
      </h2>
      {!room.enabled && <p className="hint">The waiting room is off: buyers go straight to the seat map.</p>}
      {room.enabled && !live && <p className="hint">No buyer has reached the room yet.</p>}
      {live && (
        <dl className="facts">
          <dt>State</dt>
          <dd>{STATE_LABEL[live.state] ?? live.state}</dd>
          <dt>Waiting</dt>
          <dd>{live.waiting.toLocaleString()}</dd>
          <dt>Admitted (through place)</dt>
          <dd>{live.admittedThrough.toLocaleString()}</dd>
          <dt>Shopping now</dt>
          <dd>
            {(live.active ?? 0).toLocaleString()} of at most {room.maxActive.toLocaleString()}
            {live.paid ? ` (${live.paid.toLocaleString()} have paid)` : ''}
          </dd>
          <dt>Admission rate</dt>
          <dd>
            {(live.admittedLastMinute ?? 0).toLocaleString()} in the last minute{' '}
            {room.ratePerMinute === null ? '(auto: as fast as seats can be bought)' : `(fixed at ${room.ratePerMinute.toLocaleString()} a minute)`}
          </dd>
          <dt>Selling</dt>
          <dd>{live.salesPerMinute === null || live.salesPerMinute === undefined ? '–' : `${live.salesPerMinute.toLocaleString()} places a minute`}</dd>
          <dt>Left to sell</dt>
          <dd>{live.seatsLeft === null || live.seatsLeft === undefined ? '–' : live.seatsLeft.toLocaleString()}</dd>
          <dt>Buyers who pay</dt>
          <dd>{learntText(live.completionRate, live.seatsPerShopper)}</dd>
          <dt>Sold out at this pace</dt>
          <dd>{etaText(live.soldOutEtaSeconds)}</dd>
          <dt>Updated</dt>
          <dd>{new Date(live.updatedAt).toLocaleTimeString()}</dd>
        </dl>
      )}
    </section>
  );
}

export function RoomControls({ room, canEdit, onChanged }: { room: Room; canEdit: boolean; onChanged: (r: Room) => void }) {
  const { orgId } = useOrg();
  const { event } = useEvent();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [rateMode, setRateMode] = useState(room.ratePerMinute === null ? 'auto' : 'fixed');
  const [rate, setRate] = useState(room.ratePerMinute === null ? '' : String(room.ratePerMinute));
  if (!room.updatedAt) return null;

  const send = async (body: Patch, done: string) => {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const changed = await call(api.PATCH('/api/v1/orgs/{orgId}/events/{eventId}/waiting-room', { params: { path: { orgId, eventId: event.id } }, body }));
      onChanged(changed);
      setNotice(done);
    } catch (e) {
      setProblem(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const admission = room.admission;
  return (
    <section className="card" aria-labelledby="room-controls-heading">
      <h2 id="room-controls-heading" style={{ marginTop: 0 }}>
        Admission
      </h2>
      <p>{ADMISSION_LABEL[admission] ?? admission}</p>
      {!canEdit && <p className="hint">Your role can see the room but not pause, close or change it.</p>}
      {canEdit && (
        <>
          <ProblemBanner error={problem} fields={['ratePerMinute']} />
          <div className="row">
            {admission === 'open' ? (
              <button type="button" disabled={busy} onClick={() => void send({ admission: 'paused' }, 'Paused: buyers waiting have been told.')}>
                Pause admission
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={() => void send({ admission: 'open' }, 'Admitting again.')}>
                {admission === 'closed' ? 'Reopen the room' : 'Resume admission'}
              </button>
            )}
            {admission !== 'closed' && (
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => {
                  if (typeof window === 'undefined' || window.confirm('Close the room? Nobody else is admitted and nobody new can join until you reopen it.')) {
                    void send({ admission: 'closed' }, 'Closed: buyers waiting have been told.');
                  }
                }}
              >
                Close the room
              </button>
            )}
          </div>
          <form
            className="row"
            aria-label="Admission rate"
            onSubmit={(e) => {
              e.preventDefault();
              const ratePerMinute = rateMode === 'auto' ? null : rate.trim() === '' ? Number.NaN : Number(rate);
              void send({ ratePerMinute }, ratePerMinute === null ? 'Rate: auto.' : `Rate: ${ratePerMinute} a minute.`);
            }}
          >
            <label>
              Rate{' '}
              <select value={rateMode} onChange={(e) => setRateMode(e.target.value)} disabled={busy}>
                <option value="auto">Auto: as fast as seats can be bought</option>
                <option value="fixed">Fixed: buyers per minute</option>
              </select>
            </label>
            {rateMode === 'fixed' && (
              <label>
                Buyers per minute <input type="number" min={1} step={1} value={rate} onChange={(e) => setRate(e.target.value)} disabled={busy} />
              </label>
            )}
            <button type="submit" disabled={busy}>
              Change the rate
            </button>
          </form>
        </>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </section>
  );
}
